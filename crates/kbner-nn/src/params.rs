//! The trainable parameters of a tagger: an ordered, named list of [`Var`]s.
//!
//! Names are the tensor names written to disk (PEFT's layout for LoRA weights), so saving and
//! loading is a plain safetensors round trip.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{Tensor, Var};

use crate::error::{NnError, Result};

/// Named trainable tensors, in the order they were created.
#[derive(Debug, Default, Clone)]
pub struct Params {
    entries: Vec<(String, Var)>,
}

impl Params {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `init` as a trainable variable called `name` and returns it.
    pub fn add(&mut self, name: impl Into<String>, init: &Tensor) -> Result<Var> {
        let var = Var::from_tensor(init)?;
        self.entries.push((name.into(), var.clone()));
        Ok(var)
    }

    /// Drops the variable called `name` from the set (it is no longer trained or saved);
    /// true when it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.entries.len();
        self.entries.retain(|(n, _)| n != name);
        self.entries.len() != before
    }

    /// The variables with their names.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Var)> {
        self.entries.iter().map(|(n, v)| (n.as_str(), v))
    }

    /// Number of tensors.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Total number of scalar parameters.
    pub fn num_elements(&self) -> usize {
        self.entries.iter().map(|(_, v)| v.elem_count()).sum()
    }

    /// The current values by name (cheap: tensors share storage).
    pub fn to_map(&self) -> HashMap<String, Tensor> {
        self.entries
            .iter()
            .map(|(n, v)| (n.clone(), v.as_tensor().clone()))
            .collect()
    }

    /// Writes the current values to a safetensors file.
    pub fn save(&self, path: &Path) -> Result<()> {
        candle_core::safetensors::save(&self.to_map(), path)
            .map_err(|e| NnError::format(path, format!("writing safetensors: {e}")))
    }

    /// Sets every variable from `tensors` (read from `path`); each must be present with the
    /// same shape, so an adapter for another architecture or rank is refused, not half-loaded.
    pub fn set_from(&self, tensors: &HashMap<String, Tensor>, path: &Path) -> Result<()> {
        for (name, var) in &self.entries {
            let t = tensors
                .get(name)
                .ok_or_else(|| NnError::format(path, format!("tensor {name:?} is missing")))?;
            if t.dims() != var.dims() {
                return Err(NnError::format(
                    path,
                    format!(
                        "tensor {name:?} has shape {:?}, expected {:?}",
                        t.dims(),
                        var.dims()
                    ),
                ));
            }
            var.set(&t.to_dtype(var.dtype())?.to_device(var.device())?)?;
        }
        Ok(())
    }
}

/// Takes tensor `name` out of `tensors`, checking its shape; errors name `source` and the tensor.
pub fn take_tensor(
    tensors: &mut HashMap<String, Tensor>,
    name: &str,
    shape: &[usize],
    source: &Path,
) -> Result<Tensor> {
    let t = tensors
        .remove(name)
        .ok_or_else(|| NnError::format(source, format!("tensor {name:?} is missing")))?;
    if t.dims() != shape {
        return Err(NnError::format(
            source,
            format!(
                "tensor {name:?} has shape {:?}, expected {shape:?}",
                t.dims()
            ),
        ));
    }
    Ok(t)
}
