//! Lenient parsing of JUnit `time` attributes (seconds).
//!
//! Real tools write `1.5`, `1,234.5` (thousands separator), `0,03` (decimal comma, from
//! locale-dependent formatters) and `1E-07`. Rules, in order:
//!
//! - Surrounding whitespace is ignored; an empty value is invalid.
//! - With both `,` and `.`, whichever comes last is the decimal separator and the other one
//!   separates thousands (`1,234.5` = 1234.5, `1.234,5` = 1234.5).
//! - With commas only: a single comma followed by anything other than exactly three digits is a
//!   decimal comma (`0,03` = 0.03, `12,5` = 12.5). A comma followed by exactly three digits is
//!   ambiguous (`1,234`) and is read as a thousands separator (= 1234), as are several commas
//!   (`1,234,567`).
//! - The result must be a finite number `>= 0`; anything else (garbage, negative, `NaN`,
//!   `inf`) is invalid.
//!
//! Invalid values yield `None`; callers count them as 0 seconds.

/// Parse a `time` attribute value into seconds, or `None` when it is missing or unusable.
pub fn parse_seconds(raw: &str) -> Option<f64> {
    let text = raw.trim();
    if text.is_empty() {
        return None;
    }
    let value: f64 = if text.contains(',') {
        normalise_commas(text)?.parse().ok()?
    } else {
        text.parse().ok()?
    };
    if value.is_finite() && value >= 0.0 {
        // `-0` parses to negative zero; report it as plain zero.
        Some(value.abs())
    } else {
        None
    }
}

/// Rewrite a number containing commas into the `1234.5` form Rust parses.
fn normalise_commas(text: &str) -> Option<String> {
    let last_comma = text.rfind(',')?;
    match text.rfind('.') {
        Some(last_dot) if last_dot > last_comma => Some(text.replace(',', "")),
        Some(_) => Some(text.replace('.', "").replace(',', ".")),
        None => {
            let commas = text.matches(',').count();
            let after = text.get(last_comma + 1..).unwrap_or("");
            let thousands = after.len() == 3 && after.bytes().all(|b| b.is_ascii_digit());
            if commas == 1 && !thousands {
                Some(text.replace(',', "."))
            } else {
                Some(text.replace(',', ""))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_seconds;

    #[test]
    fn plain_and_scientific() {
        assert_eq!(parse_seconds("1.5"), Some(1.5));
        assert_eq!(parse_seconds(" 2 "), Some(2.0));
        assert_eq!(parse_seconds("1E-07"), Some(1e-7));
        assert_eq!(parse_seconds("3e2"), Some(300.0));
        assert_eq!(parse_seconds("0"), Some(0.0));
        assert_eq!(parse_seconds("-0"), Some(0.0));
    }

    #[test]
    fn separators() {
        assert_eq!(parse_seconds("1,234.5"), Some(1234.5));
        assert_eq!(parse_seconds("1.234,5"), Some(1234.5));
        assert_eq!(parse_seconds("0,03"), Some(0.03));
        assert_eq!(parse_seconds("12,5"), Some(12.5));
        assert_eq!(parse_seconds("1,2345"), Some(1.2345));
        assert_eq!(parse_seconds("1,234"), Some(1234.0));
        assert_eq!(parse_seconds("1,234,567.25"), Some(1_234_567.25));
    }

    #[test]
    fn unusable_values() {
        for bad in [
            "", "   ", "abc", "-1", "-0.5", "NaN", "nan", "inf", "-inf", "1.2.3", "1,2,3x", ",",
        ] {
            assert_eq!(parse_seconds(bad), None, "{bad:?}");
        }
    }
}
