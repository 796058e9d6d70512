//! Text forms of values and durations used in messages and evidence.

/// A metric value with four significant digits and no trailing zeros: `0.0012`, `1235`,
/// `0`, `not a number` (NaN, such as `0/0` without traffic), `+Inf`; scientific notation
/// for very small or very large magnitudes.
pub(crate) fn value(v: f64) -> String {
    if v.is_nan() {
        return "not a number".to_string();
    }
    shipgate_core::format_value(v)
}

/// A duration in PromQL style: `30s`, `5m`, `1h30m`, `1.5s`, `250ms`.
pub(crate) fn duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        return format!("{seconds}s");
    }
    if seconds > 0.0 && seconds < 1.0 {
        return format!("{}ms", value(seconds * 1000.0));
    }
    if seconds.fract() != 0.0 || seconds < 60.0 {
        return format!("{}s", value(seconds));
    }
    let total = seconds as u64;
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 {
        out.push_str(&format!("{s}s"));
    }
    out
}

/// A p-value: `0.0421`, `3.1e-9`, `< 1e-300`.
pub(crate) fn p_value(p: f64) -> String {
    if p.is_nan() {
        "not a number".to_string()
    } else if p == 0.0 {
        "< 1e-300".to_string()
    } else if p < 1e-4 {
        format!("{p:.1e}")
    } else {
        value(p)
    }
}

/// A ratio as a signed percentage: `+12.3%`, `-4%`, `0%`.
pub(crate) fn signed_percent(ratio: f64) -> String {
    shipgate_core::format_signed_percent(ratio)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(value(0.0012), "0.0012");
        assert_eq!(value(0.00312345), "0.003123");
        assert_eq!(value(1234.6), "1235");
        assert_eq!(value(0.0), "0");
        assert_eq!(value(1.0), "1");
        assert_eq!(value(-2.5), "-2.5");
        assert_eq!(value(f64::NAN), "not a number");
        assert_eq!(value(f64::NEG_INFINITY), "-Inf");
        assert_eq!(value(1e-9), "1.000e-9");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(30.0), "30s");
        assert_eq!(duration(300.0), "5m");
        assert_eq!(duration(5400.0), "1h30m");
        assert_eq!(duration(0.25), "250ms");
        assert_eq!(duration(90.0), "1m30s");
        assert_eq!(duration(0.0), "0s");
    }

    #[test]
    fn p_values_and_percentages() {
        assert_eq!(p_value(0.0421), "0.0421");
        assert_eq!(p_value(3.1e-9), "3.1e-9");
        assert_eq!(signed_percent(0.123), "+12.3%");
        assert_eq!(signed_percent(-0.04), "-4%");
    }
}
