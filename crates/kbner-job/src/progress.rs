//! Progress on stderr for long jobs: a bar on a terminal, plain lines in a log, nothing when
//! hidden. One printer for every job, so ingest, indexing, training and tagging look alike.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

/// Reports a job's progress: counted tasks and files as bars (or one summary line each), status
/// lines, and training steps.
pub struct Progress {
    bar: Mutex<Option<ProgressBar>>,
    started: Mutex<Option<(String, Instant)>>,
    created: Instant,
    mode: Mode,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Hidden,
    Lines,
    Bar,
}

/// One optimizer step of a training job, as reported to [`Progress::training_step`].
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingStep {
    /// Epoch, from 1.
    pub epoch: usize,
    /// Step in the epoch, from 1.
    pub step: usize,
    /// Steps per epoch.
    pub steps: usize,
    /// This step's loss.
    pub loss: f32,
    /// Tokens per second so far.
    pub tokens_per_s: f64,
}

impl Progress {
    /// Progress on stderr: a bar when stderr is a terminal, plain lines otherwise.
    pub fn stderr() -> Self {
        let mode = if ProgressDrawTarget::stderr().is_hidden() {
            Mode::Lines
        } else {
            Mode::Bar
        };
        Self::with_mode(mode)
    }

    /// No output at all (tests, `--quiet`).
    pub fn hidden() -> Self {
        Self::with_mode(Mode::Hidden)
    }

    fn with_mode(mode: Mode) -> Self {
        Progress {
            bar: Mutex::new(None),
            started: Mutex::new(None),
            created: Instant::now(),
            mode,
        }
    }

    /// Whether progress goes to a terminal (bars, frequent updates) rather than a log.
    pub fn is_terminal(&self) -> bool {
        self.mode == Mode::Bar
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

    /// Adds `n` items (or bytes) done to the current task.
    pub fn advance(&self, n: u64) {
        if let Ok(b) = self.bar.lock() {
            if let Some(bar) = b.as_ref() {
                bar.inc(n);
            }
        }
    }

    /// Ends the current task or file with a line saying how long it took.
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

    /// Prints a status line (unless hidden), above the bar if one is shown.
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

    /// Reports a training step of `job` ("train", "tune"): every `every` steps and at the last
    /// step of each epoch, one line with the loss, the speed and the time since this printer
    /// was made.
    pub fn training_step(&self, job: &str, s: &TrainingStep, every: usize) {
        if s.step.is_multiple_of(every.max(1)) || s.step == s.steps {
            self.message(&format!(
                "{job}: epoch {} step {}/{} loss {:.4} {:.0} tokens/s elapsed {:.0}s",
                s.epoch,
                s.step,
                s.steps,
                s.loss,
                s.tokens_per_s,
                self.created.elapsed().as_secs_f64()
            ));
        }
    }
}
