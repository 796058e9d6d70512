use serde::Serialize;
use shipgate_core::Report;

use super::canary::CanaryMetricView;
use super::metric_checks::MetricCheckView;
use super::number::finite;

/// The top-level `metrics[]` of a report whose metric rows are unambiguous.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum HeadlineMetrics<'a> {
    /// `shipgate analyze`: the canary rows, with `score` beside them.
    Canary(Vec<CanaryMetricView<'a>>),
    /// `shipgate metrics`: the metric-check rows.
    Checks(Vec<MetricCheckView<'a>>),
}

/// The top-level `score` (`Some(None)` is a non-finite score, written as `null`) and
/// `metrics[]` that issue-style consumers read without knowing which section produced them.
///
/// The rule: a report with a canary analysis and no metric checks gets `score` and
/// `metrics` = the canary rows; a report with metric checks and no canary analysis gets
/// `metrics` = the metric-check rows and no `score`; a report with both (or neither) gets
/// neither key, because `metrics` would be ambiguous. The full sections are always at
/// `canary` and `metric_checks`.
pub(crate) fn headline(report: &Report) -> (Option<Option<f64>>, Option<HeadlineMetrics<'_>>) {
    match (&report.canary, &report.metrics) {
        (Some(c), None) => (
            Some(finite(c.score)),
            Some(HeadlineMetrics::Canary(CanaryMetricView::all(c))),
        ),
        (None, Some(m)) => (None, Some(HeadlineMetrics::Checks(MetricCheckView::all(m)))),
        _ => (None, None),
    }
}
