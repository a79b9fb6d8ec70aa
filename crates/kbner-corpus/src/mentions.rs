//! The linked mentions of annotated corpora: each mention that carries concept ids, with its text,
//! the examples a mention memory or synonym tuning learns from.

use std::path::Path;

use crate::error::{CorpusError, Result};
use crate::format::{read_path, Format};
use crate::model::Corpus;

/// An entity mention annotated with at least one concept id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkedMention {
    /// The mention text, as in the document.
    pub text: String,
    /// The entity type, e.g. `Disease`.
    pub kind: String,
    /// The concept ids, in annotation order (never empty).
    pub ids: Vec<String>,
}

/// The linked mentions of one or more corpora, with the records skipped while reading them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinkedMentions {
    /// Every mention with ids, in file, document and entity order (repeats kept, so that a
    /// mention's frequency is preserved).
    pub mentions: Vec<LinkedMention>,
    /// One entry per record skipped in lenient mode, naming its file (always empty otherwise).
    pub skipped: Vec<CorpusError>,
    /// How each file was read, one [`ReadOutcome::format_note`](crate::ReadOutcome::format_note)
    /// line per file (`reading FILE as FORMAT (detected)`), in file order.
    pub format_notes: Vec<String>,
}

impl LinkedMentions {
    /// Adds the mentions of `corpus` that carry ids.
    pub fn extend_from_corpus(&mut self, corpus: Corpus) {
        let entities = corpus.documents.into_iter().flat_map(|d| d.entities);
        self.mentions.extend(
            entities
                .filter(|e| !e.ids.is_empty())
                .map(|e| LinkedMention {
                    text: e.text,
                    kind: e.kind,
                    ids: e.ids,
                }),
        );
    }

    /// `(text, ids)` of every mention, the shape a mention memory is built from.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.mentions
            .iter()
            .map(|m| (m.text.as_str(), m.ids.as_slice()))
    }
}

/// Reads each of `paths` in `format` (detected per file when `None`; a brat corpus is a directory)
/// and collects the mentions that carry concept ids. With `lenient`, bad records are skipped and
/// listed in [`LinkedMentions::skipped`] instead of failing; a file that cannot be read fails
/// either way. Errors name the file.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let dir = std::env::temp_dir().join(format!("kbner-mentions-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let train = dir.join("train.pubtator");
/// std::fs::write(
///     &train,
///     "1|t|Breast cancer and BRCA1.\n1|a|\n\
///      1\t0\t13\tBreast cancer\tDisease\tMESH:D001943\n\
///      1\t18\t23\tBRCA1\tGene\t\n\n",
/// )?;
/// let linked = kbner_corpus::read_linked_mentions([&train], None, false)?;
/// // BRCA1 has no id, so only the disease mention is collected.
/// let pairs: Vec<(&str, &[String])> = linked.pairs().collect();
/// assert_eq!(pairs, [("Breast cancer", &["MESH:D001943".to_string()][..])]);
/// assert_eq!(linked.mentions[0].kind, "Disease");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok(())
/// # }
/// ```
pub fn read_linked_mentions<P: AsRef<Path>>(
    paths: impl IntoIterator<Item = P>,
    format: Option<Format>,
    lenient: bool,
) -> Result<LinkedMentions> {
    let mut linked = LinkedMentions::default();
    for path in paths {
        let read = read_path(path.as_ref(), format, lenient)?;
        linked
            .format_notes
            .push(read.format_note(&path.as_ref().display().to_string()));
        linked.skipped.extend(read.skipped);
        linked.extend_from_corpus(read.corpus);
    }
    Ok(linked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, content: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    #[test]
    fn collects_mentions_with_ids_from_every_file_in_order() {
        let dir = std::env::temp_dir().join(format!("kbner-mentions-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = write(
            &dir,
            "a.pubtator",
            "1|t|Colon cancer or colon cancer.\n1|a|\n\
             1\t0\t12\tColon cancer\tDisease\tD003110\n\
             1\t16\t28\tcolon cancer\tDisease\tD003110|D015179\n\n",
        );
        // A JSONL file (detected) with one linked and one unlinked mention, and a bad line.
        let b = write(
            &dir,
            "b.jsonl",
            "{\"id\":\"2\",\"passages\":[{\"offset\":0,\"text\":\"Aspirin and fever.\"}],\
             \"entities\":[{\"start\":0,\"end\":7,\"text\":\"Aspirin\",\"type\":\"Chemical\",\"ids\":[\"D001241\"]},\
             {\"start\":12,\"end\":17,\"text\":\"fever\",\"type\":\"Disease\"}]}\n\
             not json\n",
        );
        assert!(read_linked_mentions([&a, &b], None, false).is_err());
        let linked = read_linked_mentions([&a, &b], None, true).unwrap();
        let got: Vec<(&str, &str, usize)> = linked
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.kind.as_str(), m.ids.len()))
            .collect();
        assert_eq!(
            got,
            [
                ("Colon cancer", "Disease", 1),
                ("colon cancer", "Disease", 2),
                ("Aspirin", "Chemical", 1)
            ]
        );
        assert_eq!(linked.skipped.len(), 1);
        assert!(
            linked.skipped[0].to_string().contains("b.jsonl"),
            "{}",
            linked.skipped[0]
        );
        let missing = dir.join("missing.pubtator");
        let e = read_linked_mentions([&missing], Some(Format::Pubtator), true).unwrap_err();
        assert!(e.to_string().contains("missing.pubtator"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
