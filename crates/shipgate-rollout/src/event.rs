//! [`Event`]: what happened, as the driver reports it to the machine.

use serde::{Deserialize, Serialize};

/// Something the machine reacts to. Events that do not apply where the rollout is (an
/// approval when nothing waits for one, a second abort during a rollback) change nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The current action succeeded.
    Succeeded,
    /// The current action failed, and why.
    Failed { why: String },
    /// Time passed (the driver reports it when a wait's time is up; earlier is harmless).
    Elapsed,
    /// `shipgate rollout approve`, by whom.
    Approved { by: String },
    /// The background analysis failed, was inconclusive or could not run.
    AnalysisFailed { why: String },
    /// `shipgate rollout abort`.
    AbortRequested { reason: String },
    /// SIGINT, SIGTERM or SIGHUP (a cancelled CI job).
    Interrupted { signal: String },
    /// `resume` or `abort` of a stuck rollout: try the stuck action again.
    Retry,
}

impl Event {
    /// The event in words, for timelines.
    pub fn describe(&self) -> String {
        match self {
            Event::Succeeded => "succeeded".to_string(),
            Event::Failed { why } => format!("failed: {why}"),
            Event::Elapsed => "time is up".to_string(),
            Event::Approved { by } => format!("approved by {by}"),
            Event::AnalysisFailed { why } => format!("analysis failed: {why}"),
            Event::AbortRequested { reason } => format!("abort requested: {reason}"),
            Event::Interrupted { signal } => format!("interrupted by {signal}"),
            Event::Retry => "retried".to_string(),
        }
    }
}
