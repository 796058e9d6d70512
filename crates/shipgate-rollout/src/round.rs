//! [`AnalysisRound`]: what one round of a rollout's background analysis measured, kept with
//! the rollout so that its report (and the incident report, in whichever process writes
//! it) shows every check's measured values next to its condition, and the judge's table.

use serde::{Deserialize, Serialize};

/// One round of the analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisRound {
    /// When it ran (milliseconds since the epoch).
    pub at_ms: u64,
    /// How long the canary had had traffic then.
    pub traffic_for_ms: u64,
    /// Whether it was the round that decided the end of a step (a step does not end on
    /// "not yet").
    #[serde(default)]
    pub step_end: bool,
    /// `healthy`, `not_yet` or `failed`.
    pub result: String,
    /// Why, when it is not healthy.
    #[serde(default)]
    pub why: Option<String>,
    /// The metric checks, in the order the rollout names them.
    pub checks: Vec<CheckRound>,
    /// The canary judge, when the rollout runs it.
    #[serde(default)]
    pub judge: Option<JudgeRound>,
}

/// One metric check in a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckRound {
    pub name: String,
    /// The condition, as written (`< 0.05`).
    pub condition: String,
    /// The values measured (`{version="v2"} 0.1`), or what went wrong.
    pub measured: String,
    /// The first value measured, when there was one.
    #[serde(default)]
    pub value: Option<f64>,
    /// `healthy`, `not_yet` or `failed`.
    pub result: String,
    /// Failed measurements so far, and how many the check tolerates.
    pub failed: u64,
    pub failure_limit: u64,
    /// Inconclusive measurements so far, and how many the check tolerates.
    pub inconclusive: u64,
    pub inconclusive_limit: u64,
    /// Errors in a row, and how many the check tolerates.
    pub consecutive_errors: u64,
    pub consecutive_error_limit: u64,
}

/// The canary judge in a round: canary against stable over the time the canary has had
/// traffic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JudgeRound {
    /// `pass`, `marginal`, `fail`, `inconclusive`, `not_yet` or `error`.
    pub outcome: String,
    pub score: f64,
    pub pass_score: f64,
    pub marginal_score: f64,
    /// The range judged, in seconds.
    pub window_seconds: f64,
    pub min_samples: u64,
    pub metrics: Vec<JudgeMetricRound>,
}

/// One compared metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JudgeMetricRound {
    pub name: String,
    /// `pass`, `high`, `low` or `nodata`.
    pub classification: String,
    pub canary_samples: usize,
    pub baseline_samples: usize,
    pub canary_median: Option<f64>,
    pub baseline_median: Option<f64>,
    /// Canary against baseline, relative (`0.5` is 50% higher).
    pub relative_effect: Option<f64>,
    pub allowed_change: f64,
    pub p_value: Option<f64>,
    pub reason: String,
}
