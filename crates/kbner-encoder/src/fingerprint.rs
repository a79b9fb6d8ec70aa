//! A stable identity of a loaded encoder, for invalidating stored vectors.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use crate::error::EncoderError;

/// Bumped whenever what the fingerprint covers, or the way vectors are computed from the same
/// files and options (windowing, pooling details), changes, so old indexes are rebuilt.
/// Scheme 2 hashes the whole weights file (scheme 1 read only its first and last MiB, so a
/// model with changed middle layers kept its fingerprint).
const SCHEME: &str = "kbner-encoder/2";

/// Content hash over length-delimited fields: XXH3-128, which hashes at memory speed (the whole
/// weights file on every load) and is plenty for telling model versions apart (this is not a
/// security boundary).
pub(crate) struct ContentHash(Xxh3);

impl ContentHash {
    pub(crate) fn new() -> Self {
        ContentHash(Xxh3::new())
    }

    /// Hashes a length-prefixed field, so that field boundaries count.
    pub(crate) fn field(&mut self, data: &[u8]) {
        self.0.update(&(data.len() as u64).to_le_bytes());
        self.0.update(data);
    }

    /// Hashes a whole file as one length-prefixed field, streamed.
    pub(crate) fn file(&mut self, path: &Path) -> Result<(), EncoderError> {
        let io = |source| EncoderError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut f = File::open(path).map_err(io)?;
        let size = f.metadata().map_err(io)?.len();
        self.0.update(&size.to_le_bytes());
        let mut buf = vec![0u8; 1 << 20];
        let mut read = 0u64;
        loop {
            let n = f.read(&mut buf).map_err(io)?;
            if n == 0 {
                break;
            }
            self.0.update(&buf[..n]);
            read += n as u64;
        }
        if read != size {
            return Err(io(std::io::Error::other(format!(
                "the file changed while it was read ({size} bytes, then {read})"
            ))));
        }
        Ok(())
    }

    pub(crate) fn hex(&self) -> String {
        format!("{:032x}", self.0.digest128())
    }
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

/// Hex hash over the scheme, the config, the tokenizer files, the whole weights file and the
/// options.
pub(crate) fn fingerprint(input: &FingerprintInput<'_>) -> Result<String, EncoderError> {
    let mut h = ContentHash::new();
    h.field(SCHEME.as_bytes());
    h.file(input.config)?;
    for t in &input.tokenizer {
        h.file(t)?;
    }
    h.file(input.weights)?;
    h.field(input.options.as_bytes());
    Ok(h.hex())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash_of_file(bytes: &[u8]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("w");
        std::fs::write(&p, bytes).unwrap();
        let mut h = ContentHash::new();
        h.file(&p).unwrap();
        h.hex()
    }

    #[test]
    fn fields_are_delimited() {
        let mut a = ContentHash::new();
        a.field(b"ab");
        a.field(b"c");
        let mut b = ContentHash::new();
        b.field(b"a");
        b.field(b"bc");
        assert_ne!(a.hex(), b.hex());
    }

    #[test]
    fn a_byte_changed_anywhere_in_a_file_changes_its_hash() {
        // 5 MiB: a change in the middle is beyond the first and last MiB.
        let mut bytes: Vec<u8> = (0..5u32 << 20).map(|i| (i % 251) as u8).collect();
        let before = hash_of_file(&bytes);
        assert_eq!(hash_of_file(&bytes), before, "deterministic");
        bytes[5 << 19] ^= 1;
        assert_ne!(hash_of_file(&bytes), before);
    }
}
