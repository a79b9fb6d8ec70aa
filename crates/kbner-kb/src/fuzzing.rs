//! Entry points for the fuzz targets (`fuzz/fuzz_targets/kb_*.rs`), built with the `fuzzing`
//! feature; not part of the crate's API. Each runs one reader over files the target wrote and
//! throws the records away. An error is an expected outcome for bad input; only a panic (or a
//! hang) is a finding.

use crate::dict::{read_dict, DictFormat};
use crate::error::Result;
use crate::obo::read_obo;
use crate::semtypes::resolve_type;
use crate::sort_records::Batch;
use crate::umls::{read_release, UmlsFilters, UmlsJob};
use kbner_job::Progress;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// How to read a fuzzed UMLS release.
#[derive(Debug, Clone, Copy, Default)]
pub struct UmlsCase {
    /// `--lenient`.
    pub lenient: bool,
    /// `--allow-partial`.
    pub allow_partial: bool,
    /// `--lang ALL --suppress N,O,E,Y` instead of the defaults.
    pub keep_all: bool,
    /// `--semgroup DISO --sty T121`: the type filters.
    pub type_filter: bool,
}

/// Reads the release in `meta_dir` (MRCONSO, MRSTY, MRDEF, MRREL, MRSAB, MRRANK, MRFILES,
/// release.dat: whichever exist).
pub fn umls_release(meta_dir: &Path, case: UmlsCase) -> Result<()> {
    let mut filters = UmlsFilters::default();
    if case.keep_all {
        filters.languages = vec!["ALL".into()];
        use crate::model::Suppress;
        filters.suppress = vec![Suppress::N, Suppress::O, Suppress::E, Suppress::Y];
    }
    if case.type_filter {
        filters.semantic_groups = vec!["DISO".into()];
        filters.semantic_types = vec!["T121".into()];
    }
    let job = UmlsJob {
        dir: meta_dir,
        filters: &filters,
        lenient: case.lenient,
        ordinal: 1,
        progress: &Progress::hidden(),
        cancel: &AtomicBool::new(false),
        allow_partial: case.allow_partial,
    };
    read_release(&job, &mut |_: &Batch| Ok(())).map(drop)
}

/// Reads an OBO file, its terms typed `semantic_type` (resolved like a dictionary type) when
/// given.
pub fn obo(path: &Path, semantic_type: Option<&str>, lenient: bool) -> Result<()> {
    let st = semantic_type.map(resolve_type);
    read_obo(path, 100, st.as_ref(), None, lenient, &mut |_: &Batch| {
        Ok(())
    })
    .map(drop)
}

/// Reads a dictionary file.
pub fn dict(path: &Path, format: DictFormat) -> Result<()> {
    read_dict(path, format, 10_000, &mut |_: &Batch| Ok(())).map(drop)
}
