//! TQ-04: flaky tests — passed on retry within a run, or different final outcomes across
//! the in-order runs.

use std::collections::{BTreeSet, HashMap};

use super::{capped, judged, spec, TestEvidence, TestGates};
use crate::{GateResult, Measured, Outcome, OutcomeCounts};

/// Flaky test ids, sorted. `counts` holds each run's outcome counts, in the order of
/// `ev.runs`: runs without a flaky test are not searched for one.
pub(crate) fn flaky_ids(ev: &TestEvidence, counts: &[OutcomeCounts]) -> Vec<String> {
    let mut flaky: BTreeSet<&str> = BTreeSet::new();
    for (run, c) in ev.runs.iter().zip(counts) {
        if c.flaky > 0 {
            flaky.extend(run.tests.iter().filter(|t| t.flaky).map(|t| t.id));
        }
    }
    if ev.in_order_runs().count() > 1 {
        // first executed outcome per id, then any disagreement among in-order runs
        let mut seen: HashMap<&str, bool> = HashMap::new();
        for run in ev.in_order_runs() {
            for t in run.tests.iter().filter(|t| t.outcome != Outcome::Skipped) {
                let failed = t.outcome.is_failure();
                match seen.get(t.id) {
                    Some(prev) if *prev != failed => {
                        flaky.insert(t.id);
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(t.id, failed);
                    }
                }
            }
        }
    }
    flaky.into_iter().map(str::to_string).collect()
}

pub(crate) fn flaky(ev: &TestEvidence, gates: &TestGates, flaky: &[String]) -> GateResult {
    let s = spec("flaky");
    if ev.runs.is_empty() {
        return GateResult::not_evaluated(s.id, s.name, "no test report given");
    }
    let in_order = ev.in_order_runs().count();
    let basis = if in_order > 1 {
        format!("retries within each run and outcomes across {in_order} in-order runs")
    } else {
        "retries within the run (give several runs with --run, or `shipgate tests run --runs N`, to compare outcomes across runs)".to_string()
    };
    let message = format!("{} flaky test(s), judged from {basis}", flaky.len());
    let mut evidence = capped(flaky);
    for note in ev.flip_rates.iter().take(5) {
        evidence.push(format!(
            "history: {} flip rate {:.0}% over {} runs",
            note.id,
            note.rate * 100.0,
            note.observations
        ));
    }
    judged(
        &s,
        &gates.flaky,
        Measured::count(flaky.len() as u64),
        message,
        evidence,
    )
}
