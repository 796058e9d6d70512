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
    match parse_plain(raw) {
        Some(seconds) => Some(seconds),
        None => parse_lenient(raw),
    }
}

/// Exact powers of ten representable in an `f64` (10^0 ..= 10^22).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The most digits the fast path reads (their value then fits a `u64`).
const MAX_PLAIN_DIGITS: usize = 19;

/// Integers up to 2^53 are exact in an `f64`.
const MAX_EXACT_MANTISSA: u64 = 1 << 53;

/// The fast path for what nearly every report writes: `digits` or `digits.digits`, with no
/// sign, exponent, separator or whitespace. `None` for anything else, including values too
/// long for the exact computation (then [`parse_lenient`] decides).
///
/// The result is the same as the standard parser's, bit for bit: the digits form an integer
/// `m <= 2^53` and there are `k <= 22` of them after the point, so `m` and `10^k` are exact
/// `f64`s and one correctly rounded division gives the correctly rounded value of `m / 10^k`.
fn parse_plain(raw: &str) -> Option<f64> {
    let bytes = raw.as_bytes();
    if bytes.len() > MAX_PLAIN_DIGITS + 1 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut digits = 0usize;
    let mut point: Option<usize> = None;
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                digits += 1;
            }
            b'.' if point.is_none() => point = Some(digits),
            _ => return None,
        }
    }
    let fraction = match point {
        // `5.` and `.5`: left to the general parser
        Some(at) if at == 0 || at == digits => return None,
        Some(at) => digits - at,
        None if digits == 0 => return None,
        None => 0,
    };
    if mantissa > MAX_EXACT_MANTISSA {
        return None;
    }
    let scale = POW10.get(fraction)?;
    // exact: mantissa <= 2^53
    let value = mantissa as f64 / scale;
    Some(value)
}

/// The general lenient parser (see the module documentation).
fn parse_lenient(raw: &str) -> Option<f64> {
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
    use super::{parse_lenient, parse_plain, parse_seconds};
    use proptest::prelude::*;

    #[test]
    fn fast_path_takes_only_plain_values() {
        assert_eq!(parse_plain("0.004"), Some(0.004));
        assert_eq!(parse_plain("12"), Some(12.0));
        assert_eq!(
            parse_plain("9007199254740992"),
            Some(9_007_199_254_740_992.0)
        );
        for other in [
            "",
            ".",
            "5.",
            ".5",
            " 1",
            "1 ",
            "-1",
            "+1",
            "1e3",
            "1,5",
            "1.2.3",
            "NaN",
            "9007199254740993",
            "12345678901234567890",
            "99999999999999999999",
        ] {
            assert_eq!(parse_plain(other), None, "{other:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// The fast path, when it answers, agrees bit for bit with the general parser.
        #[test]
        fn fast_path_is_exact(raw in "[0-9]{0,12}(\\.[0-9]{0,12})?|[0-9.]{0,24}|[0-9 ,.eE+-]{0,8}") {
            if let Some(fast) = parse_plain(&raw) {
                prop_assert_eq!(Some(fast.to_bits()), parse_lenient(&raw).map(f64::to_bits), "{:?}", raw);
            }
        }

        /// The same for values built from numbers: every split of digits around the point.
        #[test]
        fn fast_path_is_exact_on_numbers(int in 0u64..10_000_000_000, frac in 0u64..10_000_000_000, zeros in 0usize..6) {
            let raw = format!("{int}.{}{frac}", "0".repeat(zeros));
            if let Some(fast) = parse_plain(&raw) {
                prop_assert_eq!(Some(fast.to_bits()), parse_lenient(&raw).map(f64::to_bits), "{:?}", raw);
            }
            let raw = int.to_string();
            prop_assert_eq!(parse_plain(&raw).map(f64::to_bits), parse_lenient(&raw).map(f64::to_bits));
        }
    }

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
