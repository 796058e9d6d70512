use serde::Serialize;
use shipgate_core::{CanaryMetricRow, CanarySection, SampleStats};

use super::number::finite;

/// `canary` in the JSON contract: what `shipgate analyze` judged.
#[derive(Debug, Serialize)]
pub(crate) struct CanaryView<'a> {
    score: Option<f64>,
    pass_score: Option<f64>,
    marginal_score: Option<f64>,
    /// `pass`, `marginal`, `fail` or `inconclusive`.
    outcome: &'a str,
    warnings: &'a [String],
    metrics: Vec<CanaryMetricView<'a>>,
}

/// `canary.metrics[]` (also the top-level `metrics[]` of a report with a canary analysis
/// and no metric checks).
#[derive(Debug, Serialize)]
pub(crate) struct CanaryMetricView<'a> {
    name: &'a str,
    /// `pass`, `high`, `low` or `nodata`.
    classification: &'a str,
    verdict: &'static str,
    critical: bool,
    p_value: Option<f64>,
    shift: Option<f64>,
    relative_effect: Option<f64>,
    allowed_change: Option<f64>,
    canary: SampleView,
    baseline: SampleView,
    reason: &'a str,
}

/// `…canary` and `…baseline`: a side's sample summary.
#[derive(Debug, Serialize)]
struct SampleView {
    n: usize,
    dropped: usize,
    min: Option<f64>,
    median: Option<f64>,
    mean: Option<f64>,
    p90: Option<f64>,
    max: Option<f64>,
}

impl<'a> CanaryView<'a> {
    pub(crate) fn of(c: &'a CanarySection) -> Self {
        CanaryView {
            score: finite(c.score),
            pass_score: finite(c.pass_score),
            marginal_score: finite(c.marginal_score),
            outcome: &c.outcome,
            warnings: &c.warnings,
            metrics: CanaryMetricView::all(c),
        }
    }
}

impl<'a> CanaryMetricView<'a> {
    /// Every metric of the analysis, in order.
    pub(crate) fn all(c: &'a CanarySection) -> Vec<Self> {
        c.metrics.iter().map(CanaryMetricView::of).collect()
    }

    fn of(m: &'a CanaryMetricRow) -> Self {
        CanaryMetricView {
            name: &m.name,
            classification: &m.classification,
            verdict: m.verdict.key(),
            critical: m.critical,
            p_value: m.p_value.and_then(finite),
            shift: m.shift.and_then(finite),
            relative_effect: m.relative_effect.and_then(finite),
            allowed_change: finite(m.allowed_change),
            canary: SampleView::of(&m.canary),
            baseline: SampleView::of(&m.baseline),
            reason: &m.reason,
        }
    }
}

impl SampleView {
    fn of(s: &SampleStats) -> Self {
        SampleView {
            n: s.n,
            dropped: s.dropped,
            min: s.min.and_then(finite),
            median: s.median.and_then(finite),
            mean: s.mean.and_then(finite),
            p90: s.p90.and_then(finite),
            max: s.max.and_then(finite),
        }
    }
}
