//! TQ-05: line, branch and patch coverage, and the drop against the last recorded value.

use super::{inconclusive, judged, patch_totals, spec, TestEvidence, TestGates};
use crate::{CoverageTotals, GateResult, Measured};

const NO_COVERAGE: &str = "no coverage report given (--coverage GLOB)";

pub(crate) fn line_coverage(
    ev: &TestEvidence,
    totals: Option<CoverageTotals>,
    gates: &TestGates,
) -> GateResult {
    let s = spec("line_coverage");
    let (Some(cov), Some(t)) = (&ev.coverage, totals) else {
        return GateResult::not_evaluated(s.id, s.name, NO_COVERAGE);
    };
    match t.line_ratio() {
        None => inconclusive(
            &s,
            &gates.line_coverage,
            "the coverage report has no executable lines".into(),
            cov.sources.clone(),
        ),
        Some(r) => judged(
            &s,
            &gates.line_coverage,
            Measured::ratio(r),
            format!("{} of {} lines covered", t.lines_covered, t.lines_valid),
            cov.sources.clone(),
        ),
    }
}

pub(crate) fn branch_coverage(
    ev: &TestEvidence,
    totals: Option<CoverageTotals>,
    gates: &TestGates,
) -> GateResult {
    let s = spec("branch_coverage");
    let Some(cond) = &gates.branch_coverage else {
        return GateResult::not_evaluated(
            s.id,
            s.name,
            "not configured (set tests.gates.branch_coverage or --branch-coverage)",
        );
    };
    let (Some(cov), Some(t)) = (&ev.coverage, totals) else {
        return GateResult::not_evaluated(s.id, s.name, NO_COVERAGE);
    };
    match t.branch_ratio() {
        None => inconclusive(
            &s,
            cond,
            "the coverage report has no branch data (measure branches, e.g. `coverage run --branch`)".into(),
            cov.sources.clone(),
        ),
        Some(r) => judged(
            &s,
            cond,
            Measured::ratio(r),
            format!("{} of {} branches covered", t.branches_covered, t.branches_valid),
            cov.sources.clone(),
        ),
    }
}

pub(crate) fn patch_coverage(ev: &TestEvidence, gates: &TestGates) -> GateResult {
    let s = spec("patch_coverage");
    let Some(patch) = &ev.patch else {
        return GateResult::not_evaluated(s.id, s.name, "no git base given (--base REF)");
    };
    let Some(cov) = &ev.coverage else {
        return inconclusive(
            &s,
            &gates.patch_coverage,
            format!("--base {} given but no coverage report", patch.base),
            Vec::new(),
        );
    };
    let t = patch_totals(cov, patch);
    if t.lines_valid == 0 {
        return GateResult::not_evaluated(
            s.id,
            s.name,
            format!("no executable line changed since {} ({} changed file(s), {} known to the coverage report)", patch.base, patch.changed.len(), t.files_matched),
        );
    }
    judged(
        &s,
        &gates.patch_coverage,
        Measured::ratio(t.lines_covered as f64 / t.lines_valid as f64),
        format!(
            "{} of {} changed executable lines covered since {}",
            t.lines_covered, t.lines_valid, patch.base
        ),
        Vec::new(),
    )
}

pub(crate) fn coverage_drop(
    totals: Option<CoverageTotals>,
    ev: &TestEvidence,
    gates: &TestGates,
) -> GateResult {
    let s = spec("coverage_drop");
    let Some(prev) = &ev.previous_coverage else {
        return GateResult::not_evaluated(
            s.id,
            s.name,
            "no earlier coverage recorded on this branch in the history store",
        );
    };
    let Some(now) = totals.and_then(|t| t.line_ratio()) else {
        return GateResult::not_evaluated(s.id, s.name, NO_COVERAGE);
    };
    let drop = prev.line_ratio - now;
    let at = prev
        .commit
        .as_deref()
        .map(|c| format!(" at {}", c.chars().take(12).collect::<String>()))
        .unwrap_or_default();
    judged(
        &s,
        &gates.coverage_drop,
        Measured::ratio(drop),
        format!(
            "line coverage {:.2}% now, {:.2}% last recorded on `{}`{at}",
            now * 100.0,
            prev.line_ratio * 100.0,
            prev.branch
        ),
        Vec::new(),
    )
}
