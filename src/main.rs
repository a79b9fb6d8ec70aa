//! `kbner`: knowledge-base-augmented biomedical named entity recognition.
//!
//! This binary only parses arguments and wires library crates together; see ARCHITECTURE.md.

/// `println!` for a command-line tool: when standard output is a closed pipe (`kbner kb stats |
/// head -c 10`), the program ends quietly with status 0, as ripgrep does, instead of panicking
/// with "failed printing to stdout". Defined before the modules so it shadows std's macro in all
/// of them.
macro_rules! println {
    () => {
        $crate::print_stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::print_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` with the closed-pipe handling of `println!` above.
macro_rules! print {
    ($($arg:tt)*) => {
        $crate::print_stdout(format_args!($($arg)*))
    };
}

mod annotate_cmd;
mod args;
mod corpus_cmd;
mod dbr_cmd;
mod kb_cmd;
mod link_cmd;
mod mine_cmd;
mod tagger_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by Ctrl-C; long jobs poll it and stop cleanly.
pub static CANCEL: AtomicBool = AtomicBool::new(false);

#[derive(Parser)]
#[command(name = "kbner", version, about = "Knowledge-base-augmented biomedical NER", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build and query the knowledge base (UMLS, OBO, dictionaries).
    Kb {
        #[command(subcommand)]
        command: kb_cmd::KbCommand,
    },
    /// Score predicted entities against gold ones (strict and lenient P/R/F1, error breakdown,
    /// linking accuracy, document-level concept P/R/F1); formats are detected or given.
    Eval(corpus_cmd::EvalArgs),
    /// Link every mention of annotated documents to knowledge-base concepts (ranked ids + scores).
    Link(link_cmd::LinkArgs),
    /// Convert annotated documents between IOB/CoNLL, PubTator, brat, BioC XML/JSON, nested JSON
    /// lines and kbner JSONL.
    Convert(corpus_cmd::ConvertArgs),
    /// Train a tagger (Llama-family + LoRA, or BERT) on one or more datasets and entity types.
    Train(Box<tagger_cmd::TrainArgs>),
    /// Tag entities in text or documents with a trained tagger, one pass per entity type.
    Tag(tagger_cmd::TagArgs),
    /// Find entities in text or documents and link them to knowledge-base concepts in one pass:
    /// the knowledge-base tagger (no training), a trained tagger, or both.
    Annotate(Box<annotate_cmd::AnnotateArgs>),
    /// Mine quality phrases from a corpus (AutoPhrase-style, knowledge-base names as distant
    /// supervision) and each sentence's phrases by phrasal segmentation.
    Mine(mine_cmd::MineArgs),
    /// Build DBR training samples: the knowledge-base names each training sentence's phrases
    /// retrieve, those of the type tagged and the others not, concatenated (`train --dbr`).
    Dbr(Box<dbr_cmd::DbrArgs>),
}

/// Writes to standard output for `print!`/`println!`: a closed pipe ends the program quietly.
pub(crate) fn print_stdout(text: std::fmt::Arguments) {
    use std::io::Write as _;
    if let Err(e) = std::io::stdout().lock().write_fmt(text) {
        exit_on_closed_pipe(&e);
        panic!("failed printing to stdout: {e}");
    }
}

/// Ends the program quietly (status 0) when `e` says standard output's reader went away.
pub(crate) fn exit_on_closed_pipe(e: &std::io::Error) {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
}

fn main() -> ExitCode {
    kbner_nn::tune_runtime();
    let cli = Cli::parse();
    // First Ctrl-C: ask the job to stop cleanly (it removes its partial output). Second: exit now.
    let _ = ctrlc::set_handler(|| {
        if CANCEL.swap(true, Ordering::SeqCst) {
            eprintln!("kbner: interrupted again, exiting now");
            std::process::exit(130);
        }
        eprintln!("kbner: interrupting (Ctrl-C again to force)...");
    });
    let result = match &cli.command {
        Command::Kb { command } => kb_cmd::run(command, &CANCEL),
        Command::Eval(a) => corpus_cmd::run_eval(a),
        Command::Convert(a) => corpus_cmd::run_convert(a),
        Command::Link(a) => link_cmd::run_link(a),
        Command::Train(a) => tagger_cmd::run_train(a, &CANCEL),
        Command::Tag(a) => tagger_cmd::run_tag(a, &CANCEL),
        Command::Annotate(a) => annotate_cmd::run_annotate(a, &CANCEL),
        Command::Mine(a) => mine_cmd::run_mine(a, &CANCEL),
        Command::Dbr(a) => dbr_cmd::run_dbr(a, &CANCEL),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if matches!(
                e.downcast_ref::<kbner_kb::KbError>(),
                Some(kbner_kb::KbError::Cancelled)
            ) || matches!(
                e.downcast_ref::<kbner_tagger::TaggerError>(),
                Some(kbner_tagger::TaggerError::Interrupted)
            ) || matches!(
                e.downcast_ref::<kbner_encoder::EncoderError>(),
                Some(kbner_encoder::EncoderError::Interrupted)
            ) || matches!(
                e.downcast_ref::<kbner_index::IndexError>(),
                Some(kbner_index::IndexError::Cancelled)
            ) || matches!(
                e.downcast_ref::<kbner_annotate::AnnotateError>(),
                Some(kbner_annotate::AnnotateError::Interrupted)
            ) || matches!(
                e.downcast_ref::<kbner_mine::MineError>(),
                Some(kbner_mine::MineError::Cancelled)
            ) || matches!(
                e.downcast_ref::<kbner_dbr::DbrError>(),
                Some(kbner_dbr::DbrError::Cancelled)
            ) {
                eprintln!("kbner: {e}");
                return ExitCode::from(130);
            }
            if let Some(io) = e.chain().find_map(|c| c.downcast_ref::<std::io::Error>()) {
                exit_on_closed_pipe(io);
            }
            eprintln!("kbner: error: {}", error_message(&e));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes joined by `: `, leaving out a cause that the message before it
/// already ends with (errors that print `path: {source}` also name `source` as their cause, and
/// anyhow's `{:#}` would print it twice).
fn error_message(e: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if message.is_empty() {
            message = text;
        } else if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message
}

#[cfg(test)]
mod tests {
    use super::error_message;

    /// Prints `path: {source}` and also gives `source` as its cause, as the crates' errors do.
    #[derive(Debug)]
    struct FileError {
        source: std::io::Error,
    }

    impl std::fmt::Display for FileError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "data.tsv: {}", self.source)
        }
    }

    impl std::error::Error for FileError {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.source)
        }
    }

    #[test]
    fn a_cause_already_in_the_message_is_printed_once() {
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "permission denied");
        let e = anyhow::Error::new(FileError { source: io }).context("reading the corpus");
        assert_eq!(
            error_message(&e),
            "reading the corpus: data.tsv: permission denied"
        );
    }
}
