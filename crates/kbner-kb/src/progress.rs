//! Progress reporting on stderr for long jobs.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

/// Reports progress per input file: a bar on a terminal, one summary line per file otherwise.
pub struct Progress {
    bar: Mutex<Option<ProgressBar>>,
    started: Mutex<Option<(String, Instant)>>,
    mode: Mode,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Hidden,
    Lines,
    Bar,
}

impl Progress {
    /// Progress on stderr: a bar when stderr is a terminal, plain lines otherwise.
    pub fn stderr() -> Self {
        let mode = if ProgressDrawTarget::stderr().is_hidden() {
            Mode::Lines
        } else {
            Mode::Bar
        };
        Progress {
            bar: Mutex::new(None),
            started: Mutex::new(None),
            mode,
        }
    }

    /// No output at all (tests, `--quiet`).
    pub fn hidden() -> Self {
        Progress {
            bar: Mutex::new(None),
            started: Mutex::new(None),
            mode: Mode::Hidden,
        }
    }

    /// Starts a counted task (`total` items), e.g. writing the store after the input was read.
    pub fn start_task(&self, name: &str, total: u64) {
        self.start(
            name.to_string(),
            total,
            "{msg:>14} [{bar:40}] {human_pos}/{human_len} eta {eta}",
        );
    }

    /// Starts reporting on `path`, `total` bytes long.
    pub fn start_file(&self, path: &Path, total: u64) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.start(
            name,
            total,
            "{msg:>14} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        );
    }

    fn start(&self, name: String, total: u64, template: &str) {
        if let Ok(mut s) = self.started.lock() {
            *s = Some((name.clone(), Instant::now()));
        }
        if self.mode == Mode::Bar {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(style);
            bar.set_message(name);
            if let Ok(mut b) = self.bar.lock() {
                *b = Some(bar);
            }
        }
    }

    /// Adds `bytes` processed.
    pub fn advance(&self, bytes: u64) {
        if let Ok(b) = self.bar.lock() {
            if let Some(bar) = b.as_ref() {
                bar.inc(bytes);
            }
        }
    }

    /// Ends the current file.
    pub fn finish_file(&self) {
        if let Ok(mut b) = self.bar.lock() {
            if let Some(bar) = b.take() {
                bar.finish_and_clear();
            }
        }
        if let Ok(mut s) = self.started.lock() {
            if let Some((name, t)) = s.take() {
                self.message(&format!("{name}: {:.1} s", t.elapsed().as_secs_f64()));
            }
        }
    }

    /// Prints a status line (unless hidden).
    pub fn message(&self, msg: &str) {
        match self.mode {
            Mode::Hidden => {}
            Mode::Lines => eprintln!("kbner: {msg}"),
            Mode::Bar => {
                if let Ok(b) = self.bar.lock() {
                    match b.as_ref() {
                        Some(bar) => bar.println(format!("kbner: {msg}")),
                        None => eprintln!("kbner: {msg}"),
                    }
                }
            }
        }
    }
}
