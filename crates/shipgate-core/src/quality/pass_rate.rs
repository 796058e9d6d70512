//! TQ-02: passed / (passed + failed + errored) of the worst run; skips excluded.

use super::{capped_first, inconclusive, judged, spec, TestEvidence, TestGates};
use crate::{GateResult, Measured, Outcome, OutcomeCounts, TestRun};

/// `counts` holds each run's outcome counts, in the order of `ev.runs` (counted once by the
/// caller: a pass over every test of a large run is not free).
pub(crate) fn pass_rate(
    ev: &TestEvidence,
    gates: &TestGates,
    counts: &[OutcomeCounts],
) -> GateResult {
    let s = spec("pass_rate");
    if ev.runs.is_empty() {
        return GateResult::not_evaluated(
            s.id,
            s.name,
            "no test report given (--junit, --run or `shipgate tests run`)",
        );
    }
    let mut worst: Option<(f64, &TestRun, OutcomeCounts)> = None;
    for (run, &c) in ev.runs.iter().zip(counts) {
        let executed = c.passed + c.failed + c.errored;
        if executed == 0 {
            return inconclusive(
                &s,
                &gates.pass_rate,
                format!(
                    "`{}` executed no tests ({} skipped): nothing measured is not a pass",
                    run.label, c.skipped
                ),
                run.sources.clone(),
            );
        }
        let rate = c.passed as f64 / executed as f64;
        if worst.is_none_or(|(w, _, _)| rate < w) {
            worst = Some((rate, run, c));
        }
    }
    let Some((rate, run, c)) = worst else {
        return GateResult::not_evaluated(s.id, s.name, "no runs");
    };
    // the first failing tests in report order; how many there are is already counted
    let failing = run
        .tests
        .iter()
        .filter(|t| matches!(t.outcome, Outcome::Failed | Outcome::Errored))
        .map(|t| t.id);
    let failing_total = usize::try_from(c.failed + c.errored).unwrap_or(usize::MAX);
    let which = if ev.runs.len() > 1 {
        format!("worst run `{}`: ", run.label)
    } else {
        String::new()
    };
    let message = format!(
        "{which}{} of {} executed tests passed ({} failed, {} errored, {} skipped not counted)",
        c.passed,
        c.passed + c.failed + c.errored,
        c.failed,
        c.errored,
        c.skipped
    );
    let mut evidence = capped_first(failing, failing_total);
    evidence.extend(run.sources.iter().map(|p| format!("from {p}")).take(3));
    judged(
        &s,
        &gates.pass_rate,
        Measured::ratio(rate),
        message,
        evidence,
    )
}
