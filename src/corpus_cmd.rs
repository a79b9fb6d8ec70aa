//! `kbner eval` and `kbner convert`: argument parsing and printing around `kbner_corpus`.

use std::path::PathBuf;

use anyhow::Context;
use kbner_corpus::{convert, evaluate, read_path, EvalOptions, Format};

/// Arguments of `kbner eval`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Gold annotations (file, or directory for brat).
    #[arg(long)]
    pub gold: PathBuf,
    /// Predicted annotations (same documents and text as gold).
    #[arg(long)]
    pub pred: PathBuf,
    /// Format of --gold (iob, pubtator, brat, bioc-xml, bioc-json, nested, jsonl, text); detected
    /// from the content if omitted.
    #[arg(long)]
    pub gold_format: Option<String>,
    /// Format of --pred; detected from the content if omitted.
    #[arg(long)]
    pub pred_format: Option<String>,
    /// The k of linking acc@k, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1,5,10", value_parser = crate::args::count(1, 1000))]
    pub k: Vec<usize>,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Skip (and count) bad records and unknown predicted documents instead of failing.
    #[arg(long)]
    pub lenient: bool,
    /// Knowledge base through which ids are compared: a predicted and a gold id also match when
    /// they stand for the same concept of it (concept ids, source codes such as `MSH:D009203` /
    /// `MESH:D009203` / `D009203`, MEDIC's alternative ids, OBO alt_ids and xrefs), in linking
    /// accuracy and document-level concept scores alike. Without it, ids are compared by their
    /// prefix-normalized form only.
    #[arg(long, value_name = "KB")]
    pub kb: Option<PathBuf>,
}

/// Arguments of `kbner convert`.
#[derive(clap::Args, Debug)]
pub struct ConvertArgs {
    /// Input file (or brat directory).
    pub input: PathBuf,
    /// Output file (or brat directory).
    pub output: PathBuf,
    /// Input format; detected from the content if omitted (plain text when nothing matches).
    #[arg(long)]
    pub from: Option<String>,
    /// Output format (iob, pubtator, brat, bioc-xml, bioc-json, nested, jsonl, text).
    #[arg(long)]
    pub to: String,
    /// Skip (and count) bad records instead of failing.
    #[arg(long)]
    pub lenient: bool,
}

fn parse_format(s: &Option<String>) -> anyhow::Result<Option<Format>> {
    s.as_deref()
        .map(str::parse::<Format>)
        .transpose()
        .map_err(anyhow::Error::from)
}

/// Runs `kbner eval`.
pub fn run_eval(args: &EvalArgs) -> anyhow::Result<()> {
    let gold = read_path(&args.gold, parse_format(&args.gold_format)?, args.lenient)
        .with_context(|| format!("reading gold {}", args.gold.display()))?;
    let pred = read_path(&args.pred, parse_format(&args.pred_format)?, args.lenient)
        .with_context(|| format!("reading predictions {}", args.pred.display()))?;
    for (read, path) in [(&gold, &args.gold), (&pred, &args.pred)] {
        if read.detected {
            eprintln!("kbner: {}", read.format_note(&path.display().to_string()));
        }
    }
    for s in gold.skipped.iter().chain(&pred.skipped) {
        eprintln!("skipped: {s}");
    }
    let id_mapper = match &args.kb {
        Some(dir) => {
            let kb = kbner_kb::KnowledgeBase::open(dir)
                .with_context(|| format!("opening --kb {}", dir.display()))?;
            let map = move |id: &str| kb.resolve_id(id).map_err(|e| e.to_string());
            Some(std::sync::Arc::new(map) as std::sync::Arc<dyn kbner_corpus::IdMapper>)
        }
        None => None,
    };
    let opts = EvalOptions {
        ks: args.k.clone(),
        lenient: args.lenient,
        id_mapper,
        ..Default::default()
    };
    let report = evaluate(&gold.corpus, &pred.corpus, &opts)?;
    for r in &report.type_renamings {
        eprintln!("eval: {r}");
    }
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.to_table());
        let skipped = gold.skipped.len() + pred.skipped.len();
        if skipped > 0 {
            println!("\nskipped records: {skipped} (see stderr)");
        }
    }
    Ok(())
}

/// Runs `kbner convert`.
pub fn run_convert(args: &ConvertArgs) -> anyhow::Result<()> {
    let to: Format = args.to.parse()?;
    let from = parse_format(&args.from)?;
    // The library refuses an output that is the input file (compared as files, not strings).
    let s = convert(&args.input, from, &args.output, to, args.lenient)?;
    if s.detected {
        if let Some(f) = s.from {
            eprintln!("kbner: reading {} as {f} (detected)", args.input.display());
        }
    }
    for e in &s.skipped {
        eprintln!("skipped: {e}");
    }
    for l in &s.write.lost {
        eprintln!("lost: {l}");
    }
    for a in &s.write.altered {
        eprintln!("altered: {a}");
    }
    eprintln!(
        "converted {} documents, {} entities: {} -> {to}; {} skipped, {} entities lost, {} other losses, {} altered",
        s.documents,
        s.entities,
        s.from.map_or("?".to_string(), |f| f.to_string()),
        s.skipped.len(),
        s.write.entities_lost,
        s.write.lost.len() - s.write.entities_lost,
        s.write.altered.len()
    );
    Ok(())
}
