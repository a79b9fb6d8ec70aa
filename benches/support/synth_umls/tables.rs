//! Tables embedded from `data/`: plain UTF-8 text, one row per line, columns separated by tabs,
//! parsed once at first use.
//!
//! The word lists and other long tables live in data files because rustfmt would spread them one
//! item per line here. Every line is a row (no comments, no blank lines; an item may start with
//! `#`); a field written `-` stands for the empty string, so that no line ends in whitespace that
//! an editor could strip. Row order is the table order, which the random draws depend on. A row
//! that does not parse is a mistake in the source tree, not in anything a user gives: it panics at
//! first use, naming the file and the line.

use std::ops::Deref;
use std::sync::OnceLock;

/// One column of a data file.
pub(super) trait Field: Sized {
    /// The value written `s`, or `None` when `s` is not one.
    fn parse(s: &'static str) -> Option<Self>;
}

impl Field for &'static str {
    fn parse(s: &'static str) -> Option<Self> {
        Some(if s == "-" { "" } else { s })
    }
}

impl Field for f64 {
    fn parse(s: &'static str) -> Option<Self> {
        s.parse().ok()
    }
}

impl Field for char {
    fn parse(s: &'static str) -> Option<Self> {
        let mut c = s.chars();
        match (c.next(), c.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    }
}

/// One row of a data file.
pub(super) trait Row: Sized {
    /// Number of tab-separated columns.
    const COLS: usize;
    /// The row from its `COLS` columns, or `None` when one does not parse.
    fn parse(cols: &[&'static str]) -> Option<Self>;
}

/// A word list: one item per line.
impl Row for &'static str {
    const COLS: usize = 1;
    fn parse(cols: &[&'static str]) -> Option<Self> {
        Field::parse(cols[0])
    }
}

macro_rules! tuple_row {
    ($cols:literal: $($t:ident $i:tt),+) => {
        impl<$($t: Field),+> Row for ($($t,)+) {
            const COLS: usize = $cols;
            fn parse(cols: &[&'static str]) -> Option<Self> {
                Some(($($t::parse(cols[$i])?,)+))
            }
        }
    };
}
tuple_row!(2: A 0, B 1);
tuple_row!(3: A 0, B 1, C 2);
tuple_row!(4: A 0, B 1, C 2, D 3);

/// A key and `N` values, e.g. an English word and its translations.
impl<K: Field, V: Field, const N: usize> Row for (K, [V; N]) {
    const COLS: usize = N + 1;
    fn parse(cols: &[&'static str]) -> Option<Self> {
        let key = K::parse(cols[0])?;
        let mut values = Vec::with_capacity(N);
        for &c in &cols[1..] {
            values.push(V::parse(c)?);
        }
        Some((key, values.try_into().ok()?))
    }
}

/// A table read from `data/<file>`; derefs to its rows.
pub(super) struct Table<T: 'static> {
    file: &'static str,
    text: &'static str,
    rows: OnceLock<Vec<T>>,
}

impl<T: Row> Table<T> {
    pub(super) const fn new(file: &'static str, text: &'static str) -> Self {
        Table {
            file,
            text,
            rows: OnceLock::new(),
        }
    }
}

impl<T: Row> Deref for Table<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.rows.get_or_init(|| {
            self.text
                .lines()
                .enumerate()
                .map(|(i, line)| {
                    let cols: Vec<&'static str> = line.split('\t').collect();
                    let well_formed = cols.len() == T::COLS
                        && cols.iter().all(|c| !c.is_empty() && c.trim() == *c);
                    well_formed
                        .then(|| T::parse(&cols))
                        .flatten()
                        .unwrap_or_else(|| {
                            panic!(
                                "benches/support/synth_umls/data/{}:{}: malformed row {line:?} \
                                 (want {} tab-separated non-empty fields without surrounding \
                                 spaces; `-` for an empty one)",
                                self.file,
                                i + 1,
                                T::COLS
                            )
                        })
                })
                .collect()
        })
    }
}

/// `table!("name.txt")`: the [`Table`] embedded from `data/name.txt`.
macro_rules! table {
    ($file:literal) => {
        Table::new($file, include_str!(concat!("data/", $file)))
    };
}
pub(super) use table;
