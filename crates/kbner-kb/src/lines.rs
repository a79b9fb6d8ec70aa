//! Reading input files line by line, with exact 1-based line numbers for error messages.
//!
//! Large files (UMLS RRF) stream through [`for_each_block`]: a reader thread cuts the file into
//! blocks that end on a line boundary, a rayon pool parses batches of blocks in parallel, and the
//! caller consumes the parsed results in file order. Memory is bounded by a few blocks in flight,
//! whatever the file size. Small sequential formats (OBO, dictionaries) use [`for_each_text_line`].

use crate::error::{KbError, Result};
use kbner_job::Progress;
use rayon::prelude::*;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;

/// Bytes per block handed to one parser task.
pub const BLOCK_BYTES: usize = 4 << 20;

/// A run of whole lines from a file.
pub struct Block {
    /// The bytes, ending just after a `\n` (or at end of file).
    pub data: Vec<u8>,
    /// 1-based number of the block's first line.
    pub first_line: u64,
}

impl Block {
    /// The block's lines with their 1-based numbers; `\r\n` endings are accepted and blank lines
    /// are skipped.
    pub fn lines(&self) -> impl Iterator<Item = (u64, &[u8])> {
        let mut line_no = self.first_line;
        self.data
            .split(|&b| b == b'\n')
            .map(move |l| {
                let n = line_no;
                line_no += 1;
                (n, l.strip_suffix(b"\r").unwrap_or(l))
            })
            .filter(|(_, l)| !l.is_empty())
    }
}

/// Reads `path` block by block, parses blocks in parallel with `parse`, and calls `consume` on each
/// result in file order. Stops early with the first error, or with [`KbError::Cancelled`] when
/// `cancel` is set. Returns the number of bytes read.
pub fn for_each_block<R, P, C>(
    path: &Path,
    progress: &Progress,
    cancel: &AtomicBool,
    parse: P,
    mut consume: C,
) -> Result<u64>
where
    R: Send,
    P: Fn(&Block) -> Result<R> + Sync,
    C: FnMut(R) -> Result<()>,
{
    let file = File::open(path).map_err(|e| KbError::io(path, e))?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    progress.start_file(path, total);
    let batch = (rayon::current_num_threads() * 2).max(2);
    let mut bytes = 0u64;
    std::thread::scope(|scope| -> Result<()> {
        let (block_tx, block_rx) = sync_channel::<Result<Block>>(batch * 2);
        let (out_tx, out_rx) = sync_channel::<Vec<(usize, Result<R>)>>(1);
        scope.spawn(move || read_blocks(file, path, cancel, |b| block_tx.send(b).is_ok()));
        let parse = &parse;
        scope.spawn(move || {
            let mut pending: Vec<Result<Block>> = Vec::with_capacity(batch);
            let mut done = false;
            while !done {
                pending.clear();
                match block_rx.recv() {
                    Ok(b) => pending.push(b),
                    Err(_) => break,
                }
                while pending.len() < batch {
                    match block_rx.try_recv() {
                        Ok(b) => pending.push(b),
                        Err(std::sync::mpsc::TryRecvError::Empty) => break,
                        Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                            done = true;
                            break;
                        }
                    }
                }
                let results: Vec<(usize, Result<R>)> = pending
                    .par_iter()
                    .map(|b| match b {
                        Ok(b) => (b.data.len(), parse(b)),
                        Err(e) => (0, Err(clone_err(e))),
                    })
                    .collect();
                if out_tx.send(results).is_err() {
                    break;
                }
            }
        });
        for results in out_rx {
            for (len, r) in results {
                if cancel.load(Ordering::Relaxed) {
                    return Err(KbError::Cancelled);
                }
                consume(r?)?;
                bytes += len as u64;
                progress.advance(len as u64);
            }
        }
        Ok(())
    })?;
    if cancel.load(Ordering::Relaxed) {
        return Err(KbError::Cancelled);
    }
    progress.finish_file();
    Ok(bytes)
}

/// Reads `path` line by line and calls `each(line number, text)` with each line as UTF-8, without
/// its `\n` or `\r\n` ending. A line that is not UTF-8 fails with its file, line and byte.
pub fn for_each_text_line(
    path: &Path,
    mut each: impl FnMut(u64, &str) -> Result<()>,
) -> Result<()> {
    let file = File::open(path).map_err(|e| KbError::io(path, e))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let read = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| KbError::io(path, e))?;
        if read == 0 {
            return Ok(());
        }
        line_no += 1;
        let text = utf8_line(path, line_no, &buf)?;
        each(line_no, text.trim_end_matches(['\n', '\r']))?;
    }
}

/// `line` (line `line_no` of `path`) as UTF-8, or an error naming the file, line and byte.
pub fn utf8_line<'a>(path: &Path, line_no: u64, line: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(line).map_err(|e| {
        KbError::parse(
            path,
            line_no,
            None,
            format!("invalid UTF-8 at byte {}", e.valid_up_to() + 1),
        )
    })
}

/// Errors cross the parse thread as values; I/O errors are rebuilt by kind and message.
fn clone_err(e: &KbError) -> KbError {
    match e {
        KbError::Io { path, source } => KbError::Io {
            path: path.clone(),
            source: std::io::Error::new(source.kind(), source.to_string()),
        },
        other => KbError::Invalid(other.to_string()),
    }
}

/// Reads whole-line blocks from `file` and hands them to `send` until it returns false.
fn read_blocks(
    mut file: File,
    path: &Path,
    cancel: &AtomicBool,
    mut send: impl FnMut(Result<Block>) -> bool,
) {
    let mut carry: Vec<u8> = Vec::new();
    let mut line = 1u64;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        let mut buf = std::mem::take(&mut carry);
        let start = buf.len();
        buf.resize(start + BLOCK_BYTES, 0);
        let mut filled = start;
        // Fill the block fully unless the file ends.
        while filled < buf.len() {
            match file.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    send(Err(KbError::io(path, e)));
                    return;
                }
            }
        }
        buf.truncate(filled);
        let eof = filled < start + BLOCK_BYTES;
        if buf.is_empty() {
            return;
        }
        if !eof {
            // Keep the partial last line for the next block.
            match memchr::memrchr(b'\n', &buf) {
                Some(p) => carry = buf.split_off(p + 1),
                None => {
                    // A single line longer than a block: keep reading into it.
                    carry = buf;
                    continue;
                }
            }
        }
        let lines_here = memchr::memchr_iter(b'\n', &buf).count() as u64;
        let block = Block {
            data: buf,
            first_line: line,
        };
        line += lines_here;
        if !send(Ok(block)) || eof {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn lines_are_numbered_across_blocks_and_last_line_may_lack_newline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        let mut f = File::create(&path).unwrap();
        let n = 300_000u64; // > 1 block
        for i in 1..=n {
            write!(f, "line {i}|").unwrap();
            if i < n {
                writeln!(f).unwrap();
            }
        }
        drop(f);
        let mut seen = Vec::new();
        for_each_block(
            &path,
            &Progress::hidden(),
            &AtomicBool::new(false),
            |b| {
                Ok(b.lines()
                    .map(|(n, l)| (n, String::from_utf8(l.to_vec()).unwrap()))
                    .collect::<Vec<_>>())
            },
            |v| {
                seen.extend(v);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen.len() as u64, n);
        for (n, l) in &seen {
            assert_eq!(l, &format!("line {n}|"));
        }
    }

    #[test]
    fn text_lines_lose_their_endings_and_bad_utf8_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, b"a\r\n\nb\nc\xff\n").unwrap();
        let mut seen = Vec::new();
        let err = for_each_text_line(&path, |n, line| {
            seen.push((n, line.to_string()));
            Ok(())
        })
        .unwrap_err()
        .to_string();
        let expected = [(1, "a"), (2, ""), (3, "b")].map(|(n, l)| (n, l.to_string()));
        assert_eq!(seen, expected);
        assert!(err.contains("f.txt:4: invalid UTF-8 at byte 2"), "{err}");
    }

    #[test]
    fn cancel_stops_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, "a\nb\n").unwrap();
        let cancel = AtomicBool::new(true);
        let r = for_each_block(&path, &Progress::hidden(), &cancel, |_| Ok(()), |_| Ok(()));
        assert!(matches!(r, Err(KbError::Cancelled)));
    }
}
