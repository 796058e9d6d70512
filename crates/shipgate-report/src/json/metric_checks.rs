use serde::Serialize;
use shipgate_core::{MeasurementRow, MetricRow, MetricsSection};

use super::number::finite;

/// `metric_checks` in the JSON contract: what `shipgate metrics` measured.
#[derive(Debug, Serialize)]
pub(crate) struct MetricChecksView<'a> {
    metrics: Vec<MetricCheckView<'a>>,
}

/// `metric_checks.metrics[]` (also the top-level `metrics[]` of a report with metric checks
/// and no canary analysis).
#[derive(Debug, Serialize)]
pub(crate) struct MetricCheckView<'a> {
    name: &'a str,
    query: &'a str,
    condition: &'a str,
    verdict: &'static str,
    measurements: Vec<MeasurementView<'a>>,
}

/// `…measurements[]`; `outcome` is `successful`, `failed`, `inconclusive` or `error`.
#[derive(Debug, Serialize)]
struct MeasurementView<'a> {
    at_seconds: Option<f64>,
    outcome: &'a str,
    values: Vec<SeriesValueView<'a>>,
    error: Option<&'a str>,
}

/// `…values[]`: one series; `value` is `null` for NaN and infinities.
#[derive(Debug, Serialize)]
struct SeriesValueView<'a> {
    series: &'a str,
    value: Option<f64>,
}

impl<'a> MetricChecksView<'a> {
    pub(crate) fn of(m: &'a MetricsSection) -> Self {
        MetricChecksView {
            metrics: MetricCheckView::all(m),
        }
    }
}

impl<'a> MetricCheckView<'a> {
    /// Every metric check of the section, in order.
    pub(crate) fn all(m: &'a MetricsSection) -> Vec<Self> {
        m.metrics.iter().map(MetricCheckView::of).collect()
    }

    fn of(m: &'a MetricRow) -> Self {
        MetricCheckView {
            name: &m.name,
            query: &m.query,
            condition: &m.condition,
            verdict: m.verdict.key(),
            measurements: m.measurements.iter().map(MeasurementView::of).collect(),
        }
    }
}

impl<'a> MeasurementView<'a> {
    fn of(m: &'a MeasurementRow) -> Self {
        MeasurementView {
            at_seconds: finite(m.at_seconds),
            outcome: &m.outcome,
            values: m
                .values
                .iter()
                .map(|(series, value)| SeriesValueView {
                    series,
                    value: finite(*value),
                })
                .collect(),
            error: m.error.as_deref(),
        }
    }
}
