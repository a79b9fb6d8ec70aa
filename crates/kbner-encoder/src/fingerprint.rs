//! A stable identity of a loaded encoder, for invalidating stored vectors.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::error::EncoderError;

/// Bumped whenever the way vectors are computed from the same files and
/// options changes (windowing, pooling details), so old indexes are rebuilt.
const SCHEME: &str = "kbner-encoder/1";

/// How much of the head and of the tail of the weights file is hashed.
const EDGE: u64 = 1 << 20;

/// FNV-1a with a 128-bit state: tiny, dependency-free and plenty for
/// telling model versions apart (this is not a security boundary).
#[derive(Clone)]
pub(crate) struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;

    pub(crate) fn new() -> Self {
        Fnv128(Self::OFFSET)
    }

    pub(crate) fn bytes(&mut self, data: &[u8]) {
        for &b in data {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    /// Hashes a length-prefixed field, so that field boundaries count.
    pub(crate) fn field(&mut self, data: &[u8]) {
        self.bytes(&(data.len() as u64).to_le_bytes());
        self.bytes(data);
    }

    pub(crate) fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

/// Reads a whole file, naming it in errors.
fn read(path: &Path) -> Result<Vec<u8>, EncoderError> {
    std::fs::read(path).map_err(|source| EncoderError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The parts of the model files the fingerprint covers.
pub(crate) struct FingerprintInput<'a> {
    pub config: &'a Path,
    /// Tokenizer files that exist (tokenizer.json, or vocab.txt and friends).
    pub tokenizer: Vec<std::path::PathBuf>,
    pub weights: &'a Path,
    /// Options and derived settings, as a canonical string.
    pub options: String,
}

/// Hex hash over the config bytes, the tokenizer bytes, the weights file's
/// size with its first and last MiB, and the options.
pub(crate) fn fingerprint(input: &FingerprintInput<'_>) -> Result<String, EncoderError> {
    let mut h = Fnv128::new();
    h.field(SCHEME.as_bytes());
    h.field(&read(input.config)?);
    for t in &input.tokenizer {
        h.field(&read(t)?);
    }
    let io = |source| EncoderError::Io {
        path: input.weights.to_path_buf(),
        source,
    };
    let mut f = File::open(input.weights).map_err(io)?;
    let size = f.metadata().map_err(io)?.len();
    h.field(&size.to_le_bytes());
    let mut head = Vec::new();
    (&mut f).take(EDGE).read_to_end(&mut head).map_err(io)?;
    h.field(&head);
    let tail_start = size.saturating_sub(EDGE).max(head.len() as u64);
    let mut tail = Vec::new();
    f.seek(SeekFrom::Start(tail_start)).map_err(io)?;
    f.take(EDGE).read_to_end(&mut tail).map_err(io)?;
    h.field(&tail);
    h.field(input.options.as_bytes());
    Ok(h.hex())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv128_known_vectors() {
        // Reference values of FNV-1a 128.
        let h = Fnv128::new();
        assert_eq!(h.hex(), "6c62272e07bb014262b821756295c58d");
        let mut h = Fnv128::new();
        h.bytes(b"a");
        assert_eq!(h.hex(), "d228cb696f1a8caf78912b704e4a8964");
    }

    #[test]
    fn fields_are_delimited() {
        let mut a = Fnv128::new();
        a.field(b"ab");
        a.field(b"c");
        let mut b = Fnv128::new();
        b.field(b"a");
        b.field(b"bc");
        assert_ne!(a.hex(), b.hex());
    }
}
