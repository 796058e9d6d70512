use serde::Serialize;

use crate::Verdict;

/// What `shipgate smoke` observed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmokeSection {
    /// The base URL the checks ran against (secrets redacted).
    pub base_url: String,
    /// How long the polling took.
    pub elapsed_seconds: f64,
    pub checks: Vec<SmokeCheckRow>,
}

/// One smoke check's final state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmokeCheckRow {
    pub name: String,
    pub verdict: Verdict,
    pub attempts: u32,
    /// HTTP status of the last attempt; `None` when nothing answered.
    pub last_status: Option<u16>,
    pub last_latency_seconds: Option<f64>,
    /// The last failure, or how it passed (redacted).
    pub detail: String,
}
