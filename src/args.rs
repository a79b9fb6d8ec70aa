//! Value parsers for numeric options: every number a user types is range-checked at parse time,
//! so `-k 18446744073709551615` is a usage error naming the range, never an overflow or a
//! 150 GB allocation deep inside a job.

/// A parser for whole numbers in `lo..=hi`.
pub fn count(lo: usize, hi: usize) -> impl Fn(&str) -> Result<usize, String> + Clone {
    move |s: &str| {
        let n: usize = s
            .trim()
            .parse()
            .map_err(|_| format!("{s:?} is not a whole number"))?;
        if (lo..=hi).contains(&n) {
            Ok(n)
        } else {
            Err(format!("{n} is out of range: give {lo} to {hi}"))
        }
    }
}

/// A parser for finite numbers in `lo..=hi` (`open_lo`: `lo` itself excluded).
pub fn real(lo: f64, hi: f64, open_lo: bool) -> impl Fn(&str) -> Result<f64, String> + Clone {
    move |s: &str| {
        let x: f64 = s
            .trim()
            .parse()
            .map_err(|_| format!("{s:?} is not a number"))?;
        let above = if open_lo { x > lo } else { x >= lo };
        if x.is_finite() && above && x <= hi {
            Ok(x)
        } else if open_lo {
            Err(format!(
                "{x} is out of range: give a number above {lo}, at most {hi}"
            ))
        } else {
            Err(format!("{x} is out of range: give {lo} to {hi}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_reals_are_range_checked() {
        let k = count(1, 1000);
        assert_eq!(k("5"), Ok(5));
        assert!(k("0").unwrap_err().contains("1 to 1000"));
        assert!(k("18446744073709551615")
            .unwrap_err()
            .contains("out of range"));
        assert!(k("99999999999999999999999")
            .unwrap_err()
            .contains("not a whole number"));
        let lr = real(0.0, 1.0, true);
        assert_eq!(lr("2e-4"), Ok(2e-4));
        assert!(lr("0").is_err() && lr("NaN").is_err() && lr("inf").is_err() && lr("-1").is_err());
    }
}
