//! One query result, handed to the metric state machine as data.

use serde::Serialize;

/// One series of an instant vector: its label set as text and its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesValue {
    /// The series' labels as the client renders them, e.g. `{version="v2"}`; empty or `{}`
    /// for a single unlabelled result.
    pub labels: String,
    /// The sample value (may be NaN or infinite; the classification handles that).
    pub value: f64,
}

impl SeriesValue {
    /// A series value.
    pub fn new(labels: impl Into<String>, value: f64) -> Self {
        SeriesValue {
            labels: labels.into(),
            value,
        }
    }

    /// Whether the labels are empty (`""` or `{}`), i.e. the result has no series name
    /// worth printing.
    pub fn is_unlabelled(&self) -> bool {
        let l = self.labels.trim();
        l.is_empty() || l == "{}"
    }
}

/// The outcome of one query as the client layer saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Sample {
    /// An instant vector (possibly empty, possibly several series).
    Values(Vec<SeriesValue>),
    /// The query could not be answered: server unreachable, timeout, HTTP 5xx, invalid
    /// JSON, `"status":"error"`. The client layer decides what counts as an error.
    Error(String),
}

impl Sample {
    /// A single unlabelled value.
    pub fn value(value: f64) -> Self {
        Sample::Values(vec![SeriesValue::new("", value)])
    }

    /// Several series from `(labels, value)` pairs.
    pub fn series<L: Into<String>>(pairs: impl IntoIterator<Item = (L, f64)>) -> Self {
        Sample::Values(
            pairs
                .into_iter()
                .map(|(l, v)| SeriesValue::new(l, v))
                .collect(),
        )
    }

    /// An error sample.
    pub fn error(message: impl Into<String>) -> Self {
        Sample::Error(message.into())
    }
}
