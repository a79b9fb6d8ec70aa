//! Errors of the knowledge base: every parse error names its file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input file something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file being read.
    pub file: PathBuf,
    /// 1-based line number.
    pub line: u64,
    /// 1-based column (field) number and the column's name, when the problem is in one field.
    pub column: Option<(usize, String)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)?;
        if let Some((n, name)) = &self.column {
            write!(f, ", column {n} ({name})")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong while building or reading a knowledge base.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A row or line of an input file is malformed.
    #[error("{location}: {message}")]
    Parse {
        /// Where.
        location: Location,
        /// What is wrong, in words.
        message: String,
    },
    /// A file the source needs is not there.
    #[error("missing required file {path}{hint}")]
    MissingFile {
        /// The file that was expected.
        path: PathBuf,
        /// Extra advice, starting with "; " when present.
        hint: String,
    },
    /// The options given are inconsistent or name unknown values.
    #[error("{0}")]
    Invalid(String),
    /// RocksDB reported an error.
    #[error("store {path}: {message}")]
    Store {
        /// The store directory.
        path: PathBuf,
        /// RocksDB's message.
        message: String,
    },
    /// A stored record could not be decoded (corrupt store or schema mismatch).
    #[error("store {path}: corrupt record in {what}: {message}")]
    Corrupt {
        /// The store directory.
        path: PathBuf,
        /// Which record.
        what: String,
        /// The decoder's message.
        message: String,
    },
    /// A source gave nothing, or far less than its release declares (an empty or truncated
    /// file); nothing was written. `IngestOptions::allow_partial` accepts it.
    #[error("{0}")]
    Incomplete(String),
    /// Another process is writing the knowledge base.
    #[error(transparent)]
    Lock(#[from] kbner_job::LockError),
    /// The job was interrupted (Ctrl-C); nothing was written.
    #[error("interrupted; the previous store (if any) is unchanged")]
    Cancelled,
}

impl KbError {
    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        KbError::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// A parse error at `file:line`, optionally in one column.
    pub fn parse(
        file: impl AsRef<Path>,
        line: u64,
        column: Option<(usize, &str)>,
        message: impl Into<String>,
    ) -> Self {
        KbError::Parse {
            location: Location {
                file: file.as_ref().to_path_buf(),
                line,
                column: column.map(|(n, s)| (n, s.to_string())),
            },
            message: message.into(),
        }
    }

    /// A RocksDB error on the store at `path`.
    #[cfg(feature = "store")]
    pub fn store(path: impl AsRef<Path>, source: rocksdb::Error) -> Self {
        KbError::Store {
            path: path.as_ref().to_path_buf(),
            message: source.into_string(),
        }
    }
}

impl From<kbner_job::FsError> for KbError {
    fn from(e: kbner_job::FsError) -> Self {
        KbError::Io {
            path: e.path,
            source: e.source,
        }
    }
}

/// Result alias for this crate.
pub type Result<T, E = KbError> = std::result::Result<T, E>;
