use serde::Serialize;

use crate::Verdict;

/// What `shipgate metrics` measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricsSection {
    pub metrics: Vec<MetricRow>,
}

/// One metric check: its query, condition and every measurement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricRow {
    pub name: String,
    pub query: String,
    /// The condition as written (`< 0.001`).
    pub condition: String,
    pub verdict: Verdict,
    pub measurements: Vec<MeasurementRow>,
}

/// One measurement of a metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasurementRow {
    /// Seconds since the metric run started.
    pub at_seconds: f64,
    /// `successful`, `failed`, `inconclusive` or `error`.
    pub outcome: String,
    /// (series labels, value) for every series returned; NaN and infinities are kept as
    /// measured (reporters render them as text, JSON as null).
    pub values: Vec<(String, f64)>,
    /// Why the measurement could not be taken (unreachable, HTTP 500, invalid JSON ...).
    pub error: Option<String>,
}
