//! One series of a range query.

use std::collections::BTreeMap;

use serde::Serialize;

/// One series of a matrix: its labels and its `(unix time, value)` points in time order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RangeSeries {
    /// The labels rendered as PromQL writes them (`{code="500",version="v2"}`).
    pub labels: String,
    /// The label set.
    pub metric: BTreeMap<String, String>,
    /// `(seconds since the epoch, value)`; values may be NaN or ±Inf.
    pub points: Vec<(f64, f64)>,
}

impl RangeSeries {
    /// The values alone, in time order.
    pub fn values(&self) -> Vec<f64> {
        self.points.iter().map(|&(_, v)| v).collect()
    }
}
