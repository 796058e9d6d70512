//! TQ-02: passed / (passed + failed + errored) of the worst run; skips excluded.

use super::{capped, inconclusive, judged, spec, TestEvidence, TestGates};
use crate::{GateResult, Measured, Outcome};

pub(crate) fn pass_rate(ev: &TestEvidence, gates: &TestGates) -> GateResult {
    let s = spec("pass_rate");
    if ev.runs.is_empty() {
        return GateResult::not_evaluated(
            s.id,
            s.name,
            "no test report given (--junit, --run or `shipgate tests run`)",
        );
    }
    let mut worst: Option<(f64, usize)> = None;
    for (i, run) in ev.runs.iter().enumerate() {
        let c = run.counts();
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
        if worst.is_none_or(|(w, _)| rate < w) {
            worst = Some((rate, i));
        }
    }
    let Some((rate, i)) = worst else {
        return GateResult::not_evaluated(s.id, s.name, "no runs");
    };
    let run = &ev.runs[i];
    let c = run.counts();
    let failing: Vec<String> = run
        .tests
        .iter()
        .filter(|t| matches!(t.outcome, Outcome::Failed | Outcome::Errored))
        .map(|t| t.id.clone())
        .collect();
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
    let mut evidence = capped(&failing);
    evidence.extend(run.sources.iter().map(|p| format!("from {p}")).take(3));
    judged(
        &s,
        &gates.pass_rate,
        Measured::ratio(rate),
        message,
        evidence,
    )
}
