use serde::Serialize;
use shipgate_core::{SmokeCheckRow, SmokeSection};

use super::number::finite;

/// `smoke` in the JSON contract.
#[derive(Debug, Serialize)]
pub(crate) struct SmokeView<'a> {
    base_url: &'a str,
    elapsed_seconds: Option<f64>,
    checks: Vec<SmokeCheckView<'a>>,
}

/// `smoke.checks[]`; `last_status` and `last_latency_seconds` are `null` when nothing
/// answered.
#[derive(Debug, Serialize)]
struct SmokeCheckView<'a> {
    name: &'a str,
    verdict: &'static str,
    attempts: u32,
    last_status: Option<u16>,
    last_latency_seconds: Option<f64>,
    detail: &'a str,
}

impl<'a> SmokeView<'a> {
    pub(crate) fn of(s: &'a SmokeSection) -> Self {
        SmokeView {
            base_url: &s.base_url,
            elapsed_seconds: finite(s.elapsed_seconds),
            checks: s.checks.iter().map(SmokeCheckView::of).collect(),
        }
    }
}

impl<'a> SmokeCheckView<'a> {
    fn of(c: &'a SmokeCheckRow) -> Self {
        SmokeCheckView {
            name: &c.name,
            verdict: c.verdict.key(),
            attempts: c.attempts,
            last_status: c.last_status,
            last_latency_seconds: c.last_latency_seconds.and_then(finite),
            detail: &c.detail,
        }
    }
}
