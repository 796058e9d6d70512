//! The test-quality gates TQ-01..TQ-05, evaluated purely from runs, coverage and history.

mod coverage_gates;
mod determinism;
mod evaluate;
mod evidence;
mod independence;
mod pass_rate;
mod patch;
mod performance;
mod thresholds;

pub use evaluate::evaluate;
pub use evidence::{FlipRateNote, PatchEvidence, PreviousCoverage, TestEvidence};
pub use patch::{patch_totals, PatchTotals};
pub use thresholds::{GateSpec, SetGateError, TestGates};

use crate::{Condition, GateResult, Measured, Verdict};

/// How many ids a gate lists in its evidence before summarising the rest.
pub(crate) const EVIDENCE_LIMIT: usize = 10;

/// A gate result for a measured value checked against a condition.
pub(crate) fn judged(
    spec: &GateSpec,
    cond: &Condition,
    measured: Measured,
    message: String,
    evidence: Vec<String>,
) -> GateResult {
    let verdict = if !measured.value.is_finite() {
        Verdict::Inconclusive
    } else if cond.holds(measured) {
        Verdict::Pass
    } else {
        Verdict::Fail
    };
    GateResult {
        id: spec.id.to_string(),
        name: spec.name.to_string(),
        verdict,
        threshold: Some(crate::condition::display_threshold(cond, spec.unit)),
        measured: Some(measured),
        message,
        evidence,
    }
}

/// A gate that was asked for but has nothing to measure: fail-closed.
pub(crate) fn inconclusive(
    spec: &GateSpec,
    cond: &Condition,
    message: String,
    evidence: Vec<String>,
) -> GateResult {
    GateResult {
        id: spec.id.to_string(),
        name: spec.name.to_string(),
        verdict: Verdict::Inconclusive,
        threshold: Some(crate::condition::display_threshold(cond, spec.unit)),
        measured: None,
        message,
        evidence,
    }
}

pub(crate) fn spec(name: &str) -> GateSpec {
    GateSpec::by_name(name).unwrap_or(GateSpec::ALL[0])
}

/// `ids` capped at [`EVIDENCE_LIMIT`], with a closing "… and N more".
pub(crate) fn capped(ids: &[String]) -> Vec<String> {
    capped_first(ids.iter().map(String::as_str), ids.len())
}

/// The first [`EVIDENCE_LIMIT`] of `ids`, which holds `total` ids in all, with a closing
/// "… and N more". Only the ids shown are read and copied: a run of a million tests may have
/// thousands of failures, and listing them all only to show ten would cost more than the gate.
pub(crate) fn capped_first<'a>(ids: impl Iterator<Item = &'a str>, total: usize) -> Vec<String> {
    let mut out: Vec<String> = ids.take(EVIDENCE_LIMIT).map(str::to_string).collect();
    if total > EVIDENCE_LIMIT {
        out.push(format!("… and {} more", total - EVIDENCE_LIMIT));
    }
    out
}
