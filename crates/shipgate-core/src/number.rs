//! The text form of measured values, shared by every message and report.

/// A metric value with four significant digits and no trailing zeros: `0.0012`, `1235`,
/// `0`, `NaN`, `+Inf`; scientific notation for very small or very large magnitudes.
pub fn format_value(v: f64) -> String {
    if v.is_nan() {
        return "NaN".to_string();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let magnitude = v.abs().log10().floor();
    if !(-6.0..9.0).contains(&magnitude) {
        return format!("{v:.3e}");
    }
    // Four significant digits: precision = 3 - exponent, clamped to [0, 9].
    let precision = (3.0 - magnitude).clamp(0.0, 9.0) as usize;
    let text = format!("{v:.precision$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A ratio as a signed percentage: `+12.3%`, `-4%`, `0%`, `+Inf%`.
pub fn format_signed_percent(ratio: f64) -> String {
    let v = format_value(ratio * 100.0);
    if ratio > 0.0 && ratio.is_finite() {
        format!("+{v}%")
    } else {
        format!("{v}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_significant_digits_without_trailing_zeros() {
        assert_eq!(format_value(0.001_234_56), "0.001235");
        assert_eq!(format_value(1234.56), "1235");
        assert_eq!(format_value(0.5), "0.5");
        assert_eq!(format_value(0.0), "0");
        assert_eq!(format_value(f64::NAN), "NaN");
        assert_eq!(format_value(f64::NEG_INFINITY), "-Inf");
        assert_eq!(format_value(1.5e-9), "1.500e-9");
    }

    #[test]
    fn signed_percentages() {
        assert_eq!(format_signed_percent(0.123), "+12.3%");
        assert_eq!(format_signed_percent(-0.04), "-4%");
        assert_eq!(format_signed_percent(0.0), "0%");
        assert_eq!(format_signed_percent(f64::INFINITY), "+Inf%");
    }
}
