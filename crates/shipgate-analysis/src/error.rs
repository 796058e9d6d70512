//! Errors of the analysis crate: invalid specifications and misuse of the state machine.

use thiserror::Error;

/// Something the caller gave the analysis that it cannot work with.
///
/// Bad data (empty results, NaN, unreachable servers) is *not* an error here: it is a
/// measurement outcome. These errors mean the configuration or the calling code is wrong.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum AnalysisError {
    /// A metric gate's specification is unusable.
    #[error("metric `{metric}`: {reason}")]
    InvalidMetricSpec {
        /// The metric's name.
        metric: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The canary judge's configuration is unusable.
    #[error("canary analysis: {reason}")]
    InvalidJudgeConfig {
        /// What is wrong with it.
        reason: String,
    },
    /// A canary metric's settings are unusable.
    #[error("canary metric `{metric}`: {reason}")]
    InvalidCanaryMetric {
        /// The metric's name.
        metric: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A measurement was recorded after the metric had already reached its outcome.
    #[error("metric `{metric}` is already finished; no further measurements are accepted")]
    AlreadyFinished {
        /// The metric's name.
        metric: String,
    },
    /// A measurement was recorded with a time earlier than the previous one, or not finite.
    #[error("metric `{metric}`: measurement time {at}s is before the previous measurement at {previous}s or not finite")]
    TimeWentBackwards {
        /// The metric's name.
        metric: String,
        /// The time given.
        at: f64,
        /// The previous measurement's time.
        previous: f64,
    },
}
