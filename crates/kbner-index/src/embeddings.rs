//! The embedding cache: name vectors kept across index builds, keyed by (encoder fingerprint,
//! normalized name).
//!
//! Embedding is the slow part of indexing (hours for UMLS on a CPU), and a re-ingested knowledge
//! base mostly has the same names, so vectors outlive the index they were computed for. They live
//! in `KB_DIR/.index-cache/<encoder fingerprint>/` as segments: `seg-NNNNNN.f32` (little-endian
//! `f32` rows of the encoder's dimension) and `seg-NNNNNN.names` (the rows' names, sorted, one per
//! line). A segment is written vectors first, names last, each file atomically, so a segment whose
//! names file exists is complete; one chunk of newly embedded names is one segment, which is also
//! what makes an interrupted build resumable. After a build the cache is compacted to one segment
//! holding exactly the indexed names, and the caches of other encoders are removed, so it costs the
//! index's raw f32 vectors once more on disk.

use crate::{IndexError, Result};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Where one cached vector is: a segment (index into the cache's list) and a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Location {
    segment: u32,
    row: u32,
}

struct Segment {
    number: u32,
    /// Rows, once the names file was read and matched the vectors file's size.
    rows: Option<usize>,
    file: Option<File>,
}

/// The vectors of one encoder, by name.
pub(crate) struct EmbeddingCache {
    dir: PathBuf,
    dim: usize,
    segments: Vec<Segment>,
}

fn names_path(dir: &Path, number: u32) -> PathBuf {
    dir.join(format!("seg-{number:06}.names"))
}

fn vectors_path(dir: &Path, number: u32) -> PathBuf {
    dir.join(format!("seg-{number:06}.f32"))
}

/// The segment number of a file name `seg-NNNNNN.EXT`, with its extension.
fn parse_segment(file_name: &str) -> Option<(u32, &str)> {
    let (stem, ext) = file_name.strip_prefix("seg-")?.split_once('.')?;
    Some((stem.parse().ok()?, ext))
}

fn remove_any(path: &Path) {
    let _ = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
}

impl EmbeddingCache {
    /// Opens (creating it) the cache of the encoder with `encoder_fingerprint` under `root`.
    /// Files of the cache layout before segments (resumable chunks of one build) and vectors
    /// files whose names file was never written are removed.
    pub(crate) fn open(root: &Path, encoder_fingerprint: &str, dim: usize) -> Result<Self> {
        let dir = root.join(encoder_fingerprint);
        std::fs::create_dir_all(&dir).map_err(|e| IndexError::io(&dir, e))?;
        for e in std::fs::read_dir(root).map_err(|e| IndexError::io(root, e))? {
            let e = e.map_err(|e| IndexError::io(root, e))?;
            if !e.path().is_dir() {
                remove_any(&e.path());
            }
        }
        let mut numbers = Vec::new();
        let mut vector_files = Vec::new();
        for e in std::fs::read_dir(&dir).map_err(|e| IndexError::io(&dir, e))? {
            let e = e.map_err(|e| IndexError::io(&dir, e))?;
            let name = e.file_name().to_string_lossy().into_owned();
            match parse_segment(&name) {
                Some((n, "names")) => numbers.push(n),
                Some((n, "f32")) => vector_files.push(n),
                _ => {}
            }
        }
        numbers.sort_unstable();
        for n in vector_files {
            if numbers.binary_search(&n).is_err() {
                remove_any(&vectors_path(&dir, n));
            }
        }
        Ok(EmbeddingCache {
            dir,
            dim,
            segments: numbers
                .into_iter()
                .map(|number| Segment {
                    number,
                    rows: None,
                    file: None,
                })
                .collect(),
        })
    }

    /// Where the vector of each of `names` (sorted, distinct) is cached, if it is. A segment that
    /// is unreadable or inconsistent is ignored (its names are embedded again).
    pub(crate) fn locate(&mut self, names: &[Box<str>]) -> Result<Vec<Option<Location>>> {
        let mut out: Vec<Option<Location>> = vec![None; names.len()];
        for (s, seg) in self.segments.iter_mut().enumerate() {
            let path = names_path(&self.dir, seg.number);
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let rows = text.lines().count();
            let vectors = vectors_path(&self.dir, seg.number);
            let Ok(file) = File::open(&vectors) else {
                continue;
            };
            let expected = (rows * self.dim * 4) as u64;
            if file.metadata().map(|m| m.len()).ok() != Some(expected) {
                continue;
            }
            // Merge join of two sorted lists.
            let mut at = 0usize;
            let mut previous: Option<&str> = None;
            let mut sorted = true;
            for (row, name) in text.lines().enumerate() {
                if previous.is_some_and(|p| p >= name) {
                    sorted = false;
                    break;
                }
                previous = Some(name);
                while at < names.len() && names[at].as_ref() < name {
                    at += 1;
                }
                if at < names.len() && names[at].as_ref() == name && out[at].is_none() {
                    out[at] = Some(Location {
                        segment: s as u32,
                        row: row as u32,
                    });
                }
            }
            if !sorted {
                // Not written by this code; forget what it matched.
                out.iter_mut()
                    .filter(|l| l.is_some_and(|l| l.segment == s as u32))
                    .for_each(|l| *l = None);
                continue;
            }
            seg.rows = Some(rows);
            seg.file = Some(file);
        }
        Ok(out)
    }

    /// Rows stored in the segments [`EmbeddingCache::locate`] found valid.
    pub(crate) fn stored_rows(&self) -> usize {
        self.segments.iter().filter_map(|s| s.rows).sum()
    }

    /// Whether the cache holds anything besides exactly `names` rows in one segment.
    pub(crate) fn needs_compaction(&self, names: usize) -> bool {
        self.segments.len() != 1 || self.stored_rows() != names
    }

    /// Stores `vectors` of `names` (sorted) as a new segment; returns their locations.
    pub(crate) fn add(&mut self, names: &[&str], vectors: &[Vec<f32>]) -> Result<Vec<Location>> {
        let number = self.segments.last().map_or(1, |s| s.number + 1);
        let vectors_file = vectors_path(&self.dir, number);
        let mut bytes = Vec::with_capacity(vectors.len() * self.dim * 4);
        for v in vectors {
            if v.len() != self.dim {
                return Err(IndexError::Invalid(format!(
                    "the encoder gave a {}-d vector; expected {}",
                    v.len(),
                    self.dim
                )));
            }
            bytes.extend(v.iter().flat_map(|x| x.to_le_bytes()));
        }
        kbner_job::write_file(&vectors_file, &bytes)?;
        let mut text = String::new();
        for n in names {
            text.push_str(n);
            text.push('\n');
        }
        kbner_job::write_file(&names_path(&self.dir, number), text.as_bytes())?;
        let file = File::open(&vectors_file).map_err(|e| IndexError::io(&vectors_file, e))?;
        let segment = self.segments.len() as u32;
        self.segments.push(Segment {
            number,
            rows: Some(names.len()),
            file: Some(file),
        });
        Ok((0..names.len() as u32)
            .map(|row| Location { segment, row })
            .collect())
    }

    /// The vectors at `locations`, in order; runs of consecutive rows are read at once.
    pub(crate) fn read(&self, locations: &[Location]) -> Result<Vec<Vec<f32>>> {
        let row_bytes = self.dim * 4;
        let mut out = Vec::with_capacity(locations.len());
        let mut i = 0;
        while i < locations.len() {
            let first = locations[i];
            let mut run = 1;
            while i + run < locations.len()
                && locations[i + run].segment == first.segment
                && locations[i + run].row == first.row + run as u32
            {
                run += 1;
            }
            let seg = &self.segments[first.segment as usize];
            let path = vectors_path(&self.dir, seg.number);
            let Some(mut file) = seg.file.as_ref() else {
                return Err(IndexError::Invalid(format!(
                    "{}: embedding cache segment not open",
                    path.display()
                )));
            };
            let mut bytes = vec![0u8; run * row_bytes];
            file.seek(SeekFrom::Start(first.row as u64 * row_bytes as u64))
                .and_then(|_| file.read_exact(&mut bytes))
                .map_err(|e| IndexError::io(&path, e))?;
            out.extend(bytes.chunks_exact(row_bytes).map(|v| {
                v.chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect::<Vec<f32>>()
            }));
            i += run;
        }
        Ok(out)
    }

    /// Rewrites the cache as one segment holding the vectors at `locations` (those of the sorted
    /// `names`), in order, and removes every other segment; returns the new locations.
    pub(crate) fn compact(
        &mut self,
        names: &[Box<str>],
        locations: &[Location],
    ) -> Result<Vec<Location>> {
        let number = self.segments.last().map_or(1, |s| s.number + 1);
        let vectors_file = vectors_path(&self.dir, number);
        kbner_job::write_file_with(&vectors_file, |tmp| -> Result<()> {
            let f = File::create(tmp).map_err(|e| IndexError::io(tmp, e))?;
            let mut w = BufWriter::new(f);
            for part in locations.chunks(4096) {
                for v in self.read(part)? {
                    for x in v {
                        w.write_all(&x.to_le_bytes())
                            .map_err(|e| IndexError::io(tmp, e))?;
                    }
                }
            }
            w.flush().map_err(|e| IndexError::io(tmp, e))
        })?;
        let mut text = String::new();
        for n in names {
            text.push_str(n);
            text.push('\n');
        }
        kbner_job::write_file(&names_path(&self.dir, number), text.as_bytes())?;
        // The new segment is complete: the old ones go, names file first so that a crash in
        // between leaves no segment half there.
        for old in self.segments.drain(..) {
            let _ = std::fs::remove_file(names_path(&self.dir, old.number));
            let _ = std::fs::remove_file(vectors_path(&self.dir, old.number));
        }
        let file = File::open(&vectors_file).map_err(|e| IndexError::io(&vectors_file, e))?;
        self.segments.push(Segment {
            number,
            rows: Some(names.len()),
            file: Some(file),
        });
        Ok((0..names.len() as u32)
            .map(|row| Location { segment: 0, row })
            .collect())
    }

    /// Removes the caches of other encoders (an index holds one encoder's vectors).
    pub(crate) fn remove_other_encoders(&self) {
        let (Some(root), Some(own)) = (self.dir.parent(), self.dir.file_name()) else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(root) else {
            return;
        };
        for e in entries.flatten() {
            if e.file_name() != own {
                remove_any(&e.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<Box<str>> {
        list.iter().map(|&n| n.into()).collect()
    }

    fn vector(x: f32) -> Vec<f32> {
        vec![x, -x, 0.5]
    }

    #[test]
    fn vectors_are_found_by_name_across_segments_and_after_compaction() {
        let root = tempfile::tempdir().unwrap();
        // The layout before segments: removed on open.
        std::fs::write(root.path().join("state.json"), "{}").unwrap();
        let mut cache = EmbeddingCache::open(root.path(), "enc1", 3).unwrap();
        assert!(!root.path().join("state.json").exists());
        cache.add(&["a", "c"], &[vector(1.0), vector(3.0)]).unwrap();
        cache.add(&["b"], &[vector(2.0)]).unwrap();
        // A vectors file without its names file (a crash between the two): ignored, removed.
        std::fs::write(vectors_path(&cache.dir, 9), [0u8; 12]).unwrap();
        drop(cache);

        let mut cache = EmbeddingCache::open(root.path(), "enc1", 3).unwrap();
        assert!(!vectors_path(&cache.dir, 9).exists());
        let wanted = names(&["a", "b", "c", "d"]);
        let found = cache.locate(&wanted).unwrap();
        assert_eq!(found.iter().filter(|l| l.is_some()).count(), 3);
        assert!(found[3].is_none());
        let locs: Vec<Location> = found[..3].iter().map(|l| l.unwrap()).collect();
        assert_eq!(
            cache.read(&locs).unwrap(),
            [vector(1.0), vector(2.0), vector(3.0)]
        );
        assert!(cache.needs_compaction(3));
        let compacted = cache.compact(&wanted[..3], &locs).unwrap();
        assert!(!cache.needs_compaction(3));
        assert_eq!(
            cache.read(&compacted).unwrap(),
            [vector(1.0), vector(2.0), vector(3.0)]
        );
        drop(cache);

        // Another encoder sees none of it, and its build removes the first encoder's cache.
        let mut other = EmbeddingCache::open(root.path(), "enc2", 3).unwrap();
        assert!(other.locate(&wanted).unwrap().iter().all(Option::is_none));
        other.remove_other_encoders();
        assert!(!root.path().join("enc1").exists());
    }

    #[test]
    fn a_truncated_segment_is_ignored() {
        let root = tempfile::tempdir().unwrap();
        let mut cache = EmbeddingCache::open(root.path(), "enc", 3).unwrap();
        cache.add(&["a"], &[vector(1.0)]).unwrap();
        std::fs::write(vectors_path(&cache.dir, 1), [0u8; 5]).unwrap();
        let mut cache = EmbeddingCache::open(root.path(), "enc", 3).unwrap();
        assert_eq!(cache.locate(&names(&["a"])).unwrap(), [None]);
    }
}
