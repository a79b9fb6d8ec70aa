//! Bounded-memory external sort of key/value records.
//!
//! Ingest produces records in input order but the store wants them in key order. Records are packed
//! into one buffer; when the buffer passes its memory budget it is sorted and spilled to a run file,
//! and [`ExternalSorter::finish`] merges the runs (plus the last, in-memory buffer) into one sorted
//! stream. Peak memory is the budget plus one read buffer per run, whatever the input size.

use crate::error::{KbError, Result};
use rayon::slice::ParallelSliceMut;
use serde::Serialize;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// One record's place in a [`Packed`] buffer. `prefix` holds the key's first 16 bytes (big-endian,
/// zero-padded) so most comparisons are one integer compare instead of a memcmp on cold memory.
#[derive(Debug, Clone, Copy)]
struct Entry {
    prefix: u128,
    offset: usize,
    klen: u32,
    vlen: u32,
}

fn key_prefix(key: &[u8]) -> u128 {
    let mut b = [0u8; 16];
    let n = key.len().min(16);
    b[..n].copy_from_slice(&key[..n]);
    u128::from_be_bytes(b)
}

/// Key/value records packed into one byte buffer (no allocation per record).
#[derive(Default, Debug)]
pub struct Packed {
    data: Vec<u8>,
    index: Vec<Entry>,
}

impl Packed {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    fn finish_entry(&mut self, start: usize, klen: usize) {
        let prefix = key_prefix(&self.data[start..start + klen]);
        self.index.push(Entry {
            prefix,
            offset: start,
            klen: klen as u32,
            vlen: (self.data.len() - start - klen) as u32,
        });
    }

    /// Appends one record whose key is the concatenation of `key_parts`.
    pub fn push(&mut self, key_parts: &[&[u8]], value: &[u8]) {
        let start = self.data.len();
        for p in key_parts {
            self.data.extend_from_slice(p);
        }
        let klen = self.data.len() - start;
        self.data.extend_from_slice(value);
        self.finish_entry(start, klen);
    }

    /// Appends one record whose value is `value` encoded with postcard.
    pub fn push_encoded<T: Serialize + ?Sized>(&mut self, key_parts: &[&[u8]], value: &T) {
        let start = self.data.len();
        for p in key_parts {
            self.data.extend_from_slice(p);
        }
        let klen = self.data.len() - start;
        let data = std::mem::take(&mut self.data);
        // Serializing plain structs of strings into a Vec cannot fail.
        self.data = postcard::to_extend(value, data).unwrap_or_default();
        self.finish_entry(start, klen);
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when there are no records.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Approximate memory held, in bytes.
    pub fn mem_bytes(&self) -> usize {
        self.data.len() + self.index.len() * std::mem::size_of::<Entry>()
    }

    /// The key of record `i`.
    pub fn key(&self, i: usize) -> &[u8] {
        let e = self.index[i];
        &self.data[e.offset..e.offset + e.klen as usize]
    }

    /// The value of record `i`.
    pub fn value(&self, i: usize) -> &[u8] {
        let e = self.index[i];
        let v = e.offset + e.klen as usize;
        &self.data[v..v + e.vlen as usize]
    }

    /// Appends every record of `other`.
    pub fn extend_from(&mut self, other: &Packed) {
        let base = self.data.len();
        self.data.extend_from_slice(&other.data);
        self.index.extend(other.index.iter().map(|e| Entry {
            offset: e.offset + base,
            ..*e
        }));
    }

    /// Sorts records by key; equal keys keep insertion order.
    fn sort(&mut self) {
        let data = &self.data;
        let cmp = |a: &Entry, b: &Entry| {
            a.prefix
                .cmp(&b.prefix)
                .then_with(|| {
                    data[a.offset..a.offset + a.klen as usize]
                        .cmp(&data[b.offset..b.offset + b.klen as usize])
                })
                .then(a.offset.cmp(&b.offset))
        };
        // Input sorted by concept (as UMLS releases are) arrives in order: check before sorting.
        if !self.index.is_sorted_by(|a, b| cmp(a, b).is_le()) {
            self.index.par_sort_unstable_by(cmp);
        }
    }
}

/// Sorts records by key within a memory budget, spilling sorted runs to `dir`.
///
/// Spills are sorted and written on a background thread while input keeps arriving, so the budget
/// is split between the buffer being filled and the one being spilled.
pub struct ExternalSorter {
    name: String,
    dir: PathBuf,
    budget: usize,
    buf: Packed,
    runs: Vec<PathBuf>,
    pending: Option<std::thread::JoinHandle<Result<PathBuf>>>,
    records: u64,
}

impl ExternalSorter {
    /// A sorter named `name` (used for run file names) spilling into `dir` past `budget` bytes.
    pub fn new(name: &str, dir: &Path, budget: usize) -> Self {
        ExternalSorter {
            name: name.to_string(),
            dir: dir.to_path_buf(),
            budget: (budget / 2).max(1),
            buf: Packed::new(),
            runs: Vec::new(),
            pending: None,
            records: 0,
        }
    }

    /// Adds every record of `packed`.
    pub fn push_packed(&mut self, packed: &Packed) -> Result<()> {
        if packed.is_empty() {
            return Ok(());
        }
        self.records += packed.len() as u64;
        self.buf.extend_from(packed);
        if self.buf.mem_bytes() >= self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// Records added so far.
    pub fn records(&self) -> u64 {
        self.records
    }

    fn wait_pending(&mut self) -> Result<()> {
        if let Some(h) = self.pending.take() {
            let path = h
                .join()
                .map_err(|_| KbError::Invalid("internal: spill thread panicked".into()))??;
            self.runs.push(path);
        }
        Ok(())
    }

    fn spill(&mut self) -> Result<()> {
        self.wait_pending()?;
        std::fs::create_dir_all(&self.dir).map_err(|e| KbError::io(&self.dir, e))?;
        let path = self
            .dir
            .join(format!("{}-{:04}.run", self.name, self.runs.len()));
        let mut buf = std::mem::take(&mut self.buf);
        self.pending = Some(std::thread::spawn(move || {
            buf.sort();
            write_run(&path, &buf)?;
            Ok(path)
        }));
        Ok(())
    }

    /// Ends input and returns the records in key order (equal keys in insertion order).
    pub fn finish(mut self) -> Result<Merged> {
        self.wait_pending()?;
        self.buf.sort();
        let mut sources = Vec::with_capacity(self.runs.len() + 1);
        for path in &self.runs {
            let file = File::open(path).map_err(|e| KbError::io(path, e))?;
            sources.push(Source::Run {
                reader: BufReader::with_capacity(1 << 20, file),
                path: path.clone(),
                key: Vec::new(),
                value: Vec::new(),
                live: true,
            });
        }
        let buf = std::mem::take(&mut self.buf);
        sources.push(Source::Mem { buf, pos: 0 });
        let mut merged = Merged {
            sources,
            current: None,
            started: false,
            run_files: std::mem::take(&mut self.runs),
        };
        for s in &mut merged.sources {
            s.prime()?;
        }
        Ok(merged)
    }
}

impl Drop for ExternalSorter {
    fn drop(&mut self) {
        // A sorter dropped on error: let its spill finish, then remove every run.
        if let Some(h) = self.pending.take() {
            if let Ok(Ok(p)) = h.join() {
                self.runs.push(p);
            }
        }
        for p in &self.runs {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn write_run(path: &Path, buf: &Packed) -> Result<()> {
    let file = File::create(path).map_err(|e| KbError::io(path, e))?;
    let mut w = BufWriter::with_capacity(4 << 20, file);
    let write = |w: &mut BufWriter<File>| -> std::io::Result<()> {
        let mut header = [0u8; 8];
        for e in &buf.index {
            header[..4].copy_from_slice(&e.klen.to_le_bytes());
            header[4..].copy_from_slice(&e.vlen.to_le_bytes());
            w.write_all(&header)?;
            // Key and value are adjacent in the buffer: one copy.
            w.write_all(&buf.data[e.offset..e.offset + (e.klen + e.vlen) as usize])?;
        }
        w.flush()
    };
    write(&mut w).map_err(|e| KbError::io(path, e))
}

enum Source {
    Run {
        reader: BufReader<File>,
        path: PathBuf,
        key: Vec<u8>,
        value: Vec<u8>,
        live: bool,
    },
    Mem {
        buf: Packed,
        pos: usize,
    },
}

impl Source {
    /// Loads the first record of a run.
    fn prime(&mut self) -> Result<()> {
        if let Source::Run { .. } = self {
            self.advance()?;
        }
        Ok(())
    }

    fn head(&self) -> Option<(&[u8], &[u8])> {
        match self {
            Source::Run {
                key, value, live, ..
            } => live.then_some((key.as_slice(), value.as_slice())),
            Source::Mem { buf, pos } => {
                (*pos < buf.len()).then(|| (buf.key(*pos), buf.value(*pos)))
            }
        }
    }

    fn advance(&mut self) -> Result<()> {
        match self {
            Source::Run {
                reader,
                path,
                key,
                value,
                live,
            } => {
                let mut lens = [0u8; 8];
                match reader.read_exact(&mut lens) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                        *live = false;
                        return Ok(());
                    }
                    Err(e) => return Err(KbError::io(&*path, e)),
                }
                let kl = u32::from_le_bytes([lens[0], lens[1], lens[2], lens[3]]) as usize;
                let vl = u32::from_le_bytes([lens[4], lens[5], lens[6], lens[7]]) as usize;
                key.resize(kl, 0);
                value.resize(vl, 0);
                reader.read_exact(key).map_err(|e| KbError::io(&*path, e))?;
                reader
                    .read_exact(value)
                    .map_err(|e| KbError::io(&*path, e))?;
                Ok(())
            }
            Source::Mem { pos, .. } => {
                *pos += 1;
                Ok(())
            }
        }
    }
}

/// The merged, sorted output of an [`ExternalSorter`]; run files are deleted when it is dropped.
pub struct Merged {
    sources: Vec<Source>,
    current: Option<usize>,
    started: bool,
    run_files: Vec<PathBuf>,
}

impl Merged {
    /// Moves to the next record; returns false at the end.
    pub fn advance(&mut self) -> Result<bool> {
        if self.started {
            if let Some(i) = self.current {
                self.sources[i].advance()?;
            }
        }
        self.started = true;
        // Few runs (input size / budget), so a linear scan beats a heap here.
        let mut best: Option<(usize, u128)> = None;
        for i in 0..self.sources.len() {
            if let Some((k, _)) = self.sources[i].head() {
                let p = key_prefix(k);
                let better = match best {
                    None => true,
                    // Strictly smaller only: equal keys come from the earlier source first.
                    Some((b, bp)) => {
                        p < bp || (p == bp && self.sources[b].head().is_some_and(|h| k < h.0))
                    }
                };
                if better {
                    best = Some((i, p));
                }
            }
        }
        let best = best.map(|(i, _)| i);
        self.current = best;
        Ok(best.is_some())
    }

    /// The current record's key (valid after `advance` returned true).
    pub fn key(&self) -> &[u8] {
        self.current
            .and_then(|i| self.sources[i].head())
            .map(|h| h.0)
            .unwrap_or(&[])
    }

    /// The current record's value.
    pub fn value(&self) -> &[u8] {
        self.current
            .and_then(|i| self.sources[i].head())
            .map(|h| h.1)
            .unwrap_or(&[])
    }
}

impl Drop for Merged {
    fn drop(&mut self) {
        for p in &self.run_files {
            let _ = std::fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(mut m: Merged) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        while m.advance().unwrap() {
            out.push((m.key().to_vec(), m.value().to_vec()));
        }
        out
    }

    #[test]
    fn sorts_across_spilled_runs_and_keeps_insertion_order_of_equal_keys() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = ExternalSorter::new("t", dir.path(), 1); // spill on every push
        let mut expected = Vec::new();
        for i in 0..500u32 {
            let k = format!("k{:03}", (i * 7919) % 97);
            let v = i.to_le_bytes();
            let mut p = Packed::new();
            p.push(&[k.as_bytes()], &v);
            s.push_packed(&p).unwrap();
            expected.push((k.into_bytes(), v.to_vec()));
        }
        assert!(s.runs.len() > 10, "test must exercise the multi-run merge");
        expected.sort_by(|a, b| a.0.cmp(&b.0)); // stable: insertion order kept for equal keys
        let got = collect(s.finish().unwrap());
        assert_eq!(got, expected);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "run files are removed after the merge");
    }

    #[test]
    fn in_memory_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = ExternalSorter::new("t", dir.path(), 1 << 20);
        let mut p = Packed::new();
        p.push(&[b"b"], b"2");
        p.push(&[b"a", b"x"], b"1");
        p.push_encoded(&[b"c"], &("s".to_string(), 7u32));
        s.push_packed(&p).unwrap();
        let got = collect(s.finish().unwrap());
        assert_eq!(got[0], (b"ax".to_vec(), b"1".to_vec()));
        assert_eq!(got[1].0, b"b");
        let v: (String, u32) = postcard::from_bytes(&got[2].1).unwrap();
        assert_eq!(v, ("s".to_string(), 7));
    }
}
