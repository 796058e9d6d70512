use shipgate_core::{CanaryMetricRow, CanarySection, SampleStats, Verdict};

use super::number::{metric_value, signed_percent};

/// The verdict an analysis outcome reads as, for colours and icons: `marginal` is a
/// warning; an outcome this crate does not know gets no style.
pub(crate) fn outcome_verdict(outcome: &str) -> Option<Verdict> {
    match outcome {
        "pass" => Some(Verdict::Pass),
        "marginal" => Some(Verdict::Warn),
        "fail" => Some(Verdict::Fail),
        "inconclusive" => Some(Verdict::Inconclusive),
        _ => None,
    }
}

/// `score 66.7 (pass >= 95, marginal >= 75)`; the outcome word follows in each format.
pub(crate) fn score_line(c: &CanarySection) -> String {
    format!(
        "score {} (pass >= {}, marginal >= {})",
        score(c.score),
        score(c.pass_score),
        score(c.marginal_score)
    )
}

/// A score with at most one decimal: `66.7`, `100`.
fn score(v: f64) -> String {
    if !v.is_finite() {
        return metric_value(v);
    }
    let text = format!("{v:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

/// The p-value (`0.0421`, `1.2e-9`, `< 1e-300`); `-` without one.
pub(crate) fn p_value(p: Option<f64>) -> String {
    match p {
        None => "-".to_string(),
        Some(0.0) => "< 1e-300".to_string(),
        Some(p) if p.is_finite() && p < 1e-4 => format!("{p:.1e}"),
        Some(p) => metric_value(p),
    }
}

/// The relative effect (`+180%`), else the absolute shift (`shift +0.02`), else `-`.
pub(crate) fn effect(row: &CanaryMetricRow) -> String {
    match (row.relative_effect, row.shift) {
        (Some(r), _) => signed_percent(r),
        (None, Some(s)) if s > 0.0 => format!("shift +{}", metric_value(s)),
        (None, Some(s)) => format!("shift {}", metric_value(s)),
        (None, None) => "-".to_string(),
    }
}

/// The tolerated relative change: `±10%`.
pub(crate) fn allowed(row: &CanaryMetricRow) -> String {
    format!("±{}%", metric_value(row.allowed_change * 100.0))
}

/// A side's median and sample count: `0.028 (60)`, `- (3)`, `0.01 (58, 2 dropped)`.
pub(crate) fn median_n(s: &SampleStats) -> String {
    let median = s.median.map_or_else(|| "-".to_string(), metric_value);
    if s.dropped > 0 {
        format!("{median} ({}, {} dropped)", s.n, s.dropped)
    } else {
        format!("{median} ({})", s.n)
    }
}

/// `yes` or `no`.
pub(crate) fn critical(row: &CanaryMetricRow) -> &'static str {
    if row.critical {
        "yes"
    } else {
        "no"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_and_p_values() {
        assert_eq!(score(66.666_666), "66.7");
        assert_eq!(score(95.0), "95");
        assert_eq!(p_value(Some(0.0421)), "0.0421");
        assert_eq!(p_value(Some(1.234e-9)), "1.2e-9");
        assert_eq!(p_value(Some(0.0)), "< 1e-300");
        assert_eq!(p_value(None), "-");
    }

    #[test]
    fn medians_count_dropped_samples() {
        let s = SampleStats {
            n: 58,
            dropped: 2,
            median: Some(0.01),
            ..SampleStats::default()
        };
        assert_eq!(median_n(&s), "0.01 (58, 2 dropped)");
        assert_eq!(median_n(&SampleStats::default()), "- (0)");
    }
}
