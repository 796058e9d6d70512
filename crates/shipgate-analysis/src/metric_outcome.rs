//! The final outcome of one metric gate.

use serde::Serialize;
use shipgate_core::{Condition, Verdict};

use crate::Measurement;

/// How a metric ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricStatus {
    /// `count` conclusive measurements were taken and no limit was crossed.
    Successful,
    /// More failed measurements than `failure_limit`.
    Failed,
    /// More inconclusive measurements than `inconclusive_limit`.
    Inconclusive,
    /// More consecutive query errors than `consecutive_error_limit`.
    Error,
}

impl MetricStatus {
    /// The verdict of the metric's gate: successful passes, failed fails, inconclusive is
    /// inconclusive (which fails the run), error is an error (exit 3).
    pub fn verdict(self) -> Verdict {
        match self {
            MetricStatus::Successful => Verdict::Pass,
            MetricStatus::Failed => Verdict::Fail,
            MetricStatus::Inconclusive => Verdict::Inconclusive,
            MetricStatus::Error => Verdict::Error,
        }
    }

    /// The machine keyword.
    pub fn key(self) -> &'static str {
        match self {
            MetricStatus::Successful => "successful",
            MetricStatus::Failed => "failed",
            MetricStatus::Inconclusive => "inconclusive",
            MetricStatus::Error => "error",
        }
    }
}

/// A finished metric: its status, the counters that decided it, and every measurement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricOutcome {
    /// The metric's name.
    pub name: String,
    /// The query, for evidence.
    pub query: String,
    /// The condition the values were compared with.
    pub condition: Condition,
    /// How it ended.
    pub status: MetricStatus,
    /// Successful measurements.
    pub successful: u32,
    /// Failed measurements.
    pub failed: u32,
    /// Inconclusive measurements.
    pub inconclusive: u32,
    /// Query errors (all of them, not only the final consecutive run).
    pub errors: u32,
    /// The limits in force, for the message.
    pub failure_limit: u32,
    /// See [`crate::MetricSpec::inconclusive_limit`].
    pub inconclusive_limit: u32,
    /// See [`crate::MetricSpec::consecutive_error_limit`].
    pub consecutive_error_limit: u32,
    /// Every measurement in the order taken, errors included.
    pub measurements: Vec<Measurement>,
}

impl MetricOutcome {
    /// The verdict of this metric's gate.
    pub fn verdict(&self) -> Verdict {
        self.status.verdict()
    }
}
