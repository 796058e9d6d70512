/// A metric value with four significant digits and no trailing zeros: `0.0012`, `1235`,
/// `0`, `NaN`, `+Inf`; scientific notation for very small or very large magnitudes.
pub(crate) fn metric_value(v: f64) -> String {
    shipgate_core::format_value(v)
}

/// A ratio as a signed percentage: `+12.3%`, `-4%`, `0%`.
pub(crate) fn signed_percent(ratio: f64) -> String {
    shipgate_core::format_signed_percent(ratio)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_significant_digits() {
        assert_eq!(metric_value(0.0012), "0.0012");
        assert_eq!(metric_value(1234.56), "1235");
        assert_eq!(metric_value(0.1), "0.1");
        assert_eq!(metric_value(0.0), "0");
        assert_eq!(metric_value(f64::NAN), "NaN");
        assert_eq!(metric_value(f64::NEG_INFINITY), "-Inf");
        assert_eq!(metric_value(1e-9), "1.000e-9");
    }

    #[test]
    fn signed_percentages() {
        assert_eq!(signed_percent(0.123), "+12.3%");
        assert_eq!(signed_percent(-0.04), "-4%");
        assert_eq!(signed_percent(0.0), "0%");
    }
}
