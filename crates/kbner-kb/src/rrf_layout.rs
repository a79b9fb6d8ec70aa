//! UMLS RRF (Rich Release Format) files: their column layouts (from MRFILES.RRF or the standard
//! ones) and row splitting.

use crate::error::{KbError, Result};
use crate::lines::Block;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Standard column lists of the files kbner reads, used when a release has no MRFILES.RRF.
pub const STANDARD_LAYOUTS: &[(&str, &str)] = &[
    (
        "MRCONSO.RRF",
        "CUI,LAT,TS,LUI,STT,SUI,ISPREF,AUI,SAUI,SCUI,SDUI,SAB,TTY,CODE,STR,SRL,SUPPRESS,CVF",
    ),
    ("MRSTY.RRF", "CUI,TUI,STN,STY,ATUI,CVF"),
    ("MRDEF.RRF", "CUI,AUI,ATUI,SATUI,SAB,DEF,SUPPRESS,CVF"),
    (
        "MRREL.RRF",
        "CUI1,AUI1,STYPE1,REL,CUI2,AUI2,STYPE2,RELA,RUI,SRUI,SAB,SL,RG,DIR,SUPPRESS,CVF",
    ),
    (
        "MRSAB.RRF",
        "VCUI,RCUI,VSAB,RSAB,SON,SF,SVER,VSTART,VEND,IMETA,RMETA,SLC,SCC,SRL,TFR,CFR,CXTY,TTYL,ATNL,LAT,CENC,CURVER,SABIN,SSN,SCIT",
    ),
    ("MRRANK.RRF", "RANK,SAB,TTY,SUPPRESS"),
    ("MRFILES.RRF", "FIL,DES,FMT,CLS,RWS,BTS"),
];

/// What MRFILES.RRF says about one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpec {
    /// Column names, in order.
    pub columns: Vec<String>,
    /// Declared row count.
    pub rows: Option<u64>,
    /// Declared byte size.
    pub bytes: Option<u64>,
}

/// The column layout of one RRF file and where it came from.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The file.
    pub path: PathBuf,
    /// Column names, in order.
    pub columns: Vec<String>,
    /// `MRFILES.RRF` or `standard layout`, for error messages.
    pub origin: &'static str,
}

impl Layout {
    /// The layout of `name` in `dir`: from `mrfiles` when it lists the file, else the standard one.
    pub fn for_file(
        dir: &Path,
        name: &str,
        mrfiles: Option<&BTreeMap<String, FileSpec>>,
    ) -> Result<Self> {
        let path = dir.join(name);
        if let Some(spec) = mrfiles.and_then(|m| m.get(name)) {
            return Ok(Layout {
                path,
                columns: spec.columns.clone(),
                origin: "MRFILES.RRF",
            });
        }
        let cols = STANDARD_LAYOUTS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| c.split(',').map(str::to_string).collect())
            .ok_or_else(|| KbError::Invalid(format!("no known layout for {name}")))?;
        Ok(Layout {
            path,
            columns: cols,
            origin: "standard layout",
        })
    }

    /// Index of column `name`, or an error saying the file lacks it.
    pub fn index(&self, name: &str) -> Result<usize> {
        self.columns.iter().position(|c| c == name).ok_or_else(|| {
            KbError::Invalid(format!(
                "{}: the {} lists no column {name} (columns: {})",
                self.path.display(),
                self.origin,
                self.columns.join(",")
            ))
        })
    }

    /// Splits one row into its fields, checking UTF-8 and the column count.
    ///
    /// Rows are `|`-separated and end with `|`, so N columns give N `|`.
    pub fn split<'a>(&self, line: &'a [u8], line_no: u64, out: &mut Vec<&'a str>) -> Result<()> {
        let text = match std::str::from_utf8(line) {
            Ok(t) => t,
            Err(e) => {
                let at = e.valid_up_to();
                let col = memchr::memchr_iter(b'|', &line[..at]).count();
                let name = self.columns.get(col).map(String::as_str).unwrap_or("?");
                return Err(KbError::parse(
                    &self.path,
                    line_no,
                    Some((col + 1, name)),
                    format!("invalid UTF-8 at byte {}", at + 1),
                ));
            }
        };
        out.clear();
        out.extend(text.split('|'));
        let n = self.columns.len();
        if out.len() != n + 1 || !out[n].is_empty() {
            let found = if text.ends_with('|') {
                out.len() - 1
            } else {
                out.len()
            };
            let how = if text.ends_with('|') {
                String::new()
            } else {
                " (rows must end with '|')".to_string()
            };
            return Err(KbError::parse(
                &self.path,
                line_no,
                None,
                format!(
                    "expected {n} fields ({}, per the {}), found {found}{how}",
                    self.columns.join(","),
                    self.origin
                ),
            ));
        }
        out.truncate(n);
        Ok(())
    }

    /// Error about column `idx` of a row.
    pub fn field_error(&self, line_no: u64, idx: usize, message: impl Into<String>) -> KbError {
        let name = self.columns.get(idx).map(String::as_str).unwrap_or("?");
        KbError::parse(&self.path, line_no, Some((idx + 1, name)), message)
    }

    /// Reads a small file whole and calls `row(line number, fields)` for each of its rows; the
    /// first bad row fails. Returns the number of rows.
    pub fn read_rows(&self, mut row: impl FnMut(u64, &[&str]) -> Result<()>) -> Result<u64> {
        let file = Block {
            data: std::fs::read(&self.path).map_err(|e| KbError::io(&self.path, e))?,
            first_line: 1,
        };
        let mut fields = Vec::with_capacity(self.columns.len() + 1);
        let mut rows = 0;
        for (line_no, line) in file.lines() {
            rows += 1;
            self.split(line, line_no, &mut fields)?;
            row(line_no, &fields)?;
        }
        Ok(rows)
    }
}

/// Reads MRFILES.RRF (`FIL|DES|FMT|CLS|RWS|BTS|`) when it exists.
pub fn read_mrfiles(dir: &Path) -> Result<Option<BTreeMap<String, FileSpec>>> {
    if !dir.join("MRFILES.RRF").exists() {
        return Ok(None);
    }
    let layout = Layout::for_file(dir, "MRFILES.RRF", None)?;
    let mut map = BTreeMap::new();
    layout.read_rows(|n, fields| {
        let parse_num = |idx: usize| -> Result<Option<u64>> {
            let s = fields[idx];
            if s.is_empty() {
                return Ok(None);
            }
            s.parse()
                .map(Some)
                .map_err(|_| layout.field_error(n, idx, format!("not a number: {s:?}")))
        };
        let spec = FileSpec {
            columns: fields[2].split(',').map(str::to_string).collect(),
            rows: parse_num(4)?,
            bytes: parse_num(5)?,
        };
        map.insert(fields[0].to_string(), spec);
        Ok(())
    })?;
    Ok(Some(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conso() -> Layout {
        Layout::for_file(Path::new("/x"), "MRCONSO.RRF", None).unwrap()
    }

    #[test]
    fn splits_a_row_with_trailing_bar() {
        let mut f = Vec::new();
        let row = b"C0000005|ENG|P|L0187013|PF|S2192303|Y|A4332670||M0019694|D012711|MSH|EN|D012711|(131)I-MAA|0|N||";
        conso().split(row, 1, &mut f).unwrap();
        assert_eq!(f.len(), 18);
        assert_eq!(f[14], "(131)I-MAA");
        assert_eq!(f[17], "");
    }

    #[test]
    fn wrong_column_count_names_file_line_and_layout() {
        let mut f = Vec::new();
        let err = conso()
            .split(b"C0000005|ENG|P|", 7, &mut f)
            .unwrap_err()
            .to_string();
        assert!(err.contains("/x/MRCONSO.RRF:7"), "{err}");
        assert!(err.contains("expected 18 fields"), "{err}");
        assert!(err.contains("found 3"), "{err}");
        let err = conso()
            .split(b"C1|ENG|P|L|PF|S|Y|A||M|D|MSH|EN|D|x|0|N|", 9, &mut f)
            .unwrap_err()
            .to_string();
        assert!(err.contains("found 17"), "{err}");
    }

    #[test]
    fn invalid_utf8_names_the_column() {
        let mut f = Vec::new();
        let mut row = b"C1|ENG|P|L|PF|S|Y|A||M|D|MSH|EN|D|".to_vec();
        row.extend_from_slice(&[b'a', 0xff, b'b']);
        row.extend_from_slice(b"|0|N||");
        let err = conso().split(&row, 3, &mut f).unwrap_err().to_string();
        assert!(err.contains(":3, column 15 (STR)"), "{err}");
        assert!(err.contains("invalid UTF-8"), "{err}");
    }
}
