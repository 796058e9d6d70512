//! The result of a whole smoke run.

use std::time::Duration;

use serde::Serialize;
use shipgate_core::{GateResult, Verdict};

use super::CheckResult;

/// How the polling ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SmokeFinish {
    /// Every check passed.
    AllPassed,
    /// The deadline came (or nothing could change before it) with checks still failing.
    DeadlineReached,
}

/// Every check's result and the run's verdict. Every string is redacted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmokeOutcome {
    /// One result per check, in the spec's order.
    pub checks: Vec<CheckResult>,
    /// [`Verdict::Pass`] when every check passed, [`Verdict::Fail`] otherwise (a service
    /// that never answers is a failure of the gate, exit 1, not an error).
    pub verdict: Verdict,
    /// How the polling ended.
    pub finish: SmokeFinish,
    /// Wall time of the run in seconds.
    pub elapsed_seconds: f64,
    /// What the reader of the report must know although no check failed on it, such as
    /// certificate verification being off. A caller copies these into the report's
    /// `warnings`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl SmokeOutcome {
    /// One report row per check (see [`CheckResult::gate_result`]).
    pub fn gate_results(&self) -> Vec<GateResult> {
        self.checks.iter().map(CheckResult::gate_result).collect()
    }

    /// The run's verdict from its checks: pass only if there are checks and all passed.
    pub(crate) fn verdict_of(checks: &[CheckResult]) -> Verdict {
        if !checks.is_empty() && checks.iter().all(|c| c.verdict == Verdict::Pass) {
            Verdict::Pass
        } else {
            Verdict::Fail
        }
    }

    /// The elapsed time as a duration.
    pub fn elapsed(&self) -> Duration {
        Duration::from_secs_f64(self.elapsed_seconds.max(0.0))
    }
}
