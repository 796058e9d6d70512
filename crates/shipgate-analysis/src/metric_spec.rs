//! The specification of one metric gate.

use serde::Serialize;
use shipgate_core::{Condition, Quantity};

use crate::AnalysisError;

/// One metric gate as configured (`metrics.checks[]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricSpec {
    /// The metric's name; also its key in the config and the suffix of its gate id.
    pub name: String,
    /// The PromQL query, opaque here.
    pub query: String,
    /// The condition every series of every measurement must satisfy.
    pub condition: Condition,
    /// How many conclusive measurements (successful, failed or inconclusive) to take; ≥ 1.
    pub count: u32,
    /// Seconds between measurements (and between an error and its retry); finite, ≥ 0.
    pub interval_seconds: f64,
    /// Failed measurements tolerated; one more fails the metric.
    pub failure_limit: u32,
    /// Inconclusive measurements tolerated; one more makes the metric inconclusive.
    pub inconclusive_limit: u32,
    /// Consecutive query errors tolerated; one more ends the metric in error.
    pub consecutive_error_limit: u32,
}

impl MetricSpec {
    /// A spec with the documented defaults: `count: 1`, `interval: 0`, every limit 0.
    pub fn new(name: impl Into<String>, query: impl Into<String>, condition: Condition) -> Self {
        MetricSpec {
            name: name.into(),
            query: query.into(),
            condition,
            count: 1,
            interval_seconds: 0.0,
            failure_limit: 0,
            inconclusive_limit: 0,
            consecutive_error_limit: 0,
        }
    }

    /// Check the spec can be run: a name, `count ≥ 1`, a finite non-negative interval and an
    /// absolute (not baseline-relative) condition.
    pub fn validate(&self) -> Result<(), AnalysisError> {
        let invalid = |reason: &str| AnalysisError::InvalidMetricSpec {
            metric: self.name.clone(),
            reason: reason.to_string(),
        };
        if self.name.trim().is_empty() {
            return Err(invalid("the metric needs a name"));
        }
        if self.count == 0 {
            return Err(invalid("`count` must be at least 1"));
        }
        if !self.interval_seconds.is_finite() || self.interval_seconds < 0.0 {
            return Err(invalid(
                "`interval` must be a finite, non-negative duration",
            ));
        }
        if matches!(self.condition.quantity, Quantity::Relative(_)) {
            return Err(invalid(
                "a relative condition (`+10%`) needs a baseline; metric gates compare against an absolute value",
            ));
        }
        Ok(())
    }
}
