//! TQ-01: order dependence — tests that consistently pass in the in-order run(s) and fail in
//! the shuffled run(s), or the reverse.

use std::collections::{BTreeSet, HashMap};

use super::{capped, judged, spec, TestEvidence, TestGates};
use crate::{GateResult, Measured, Outcome};

#[derive(Default, Clone, Copy)]
struct Tally {
    passed: u32,
    failed: u32,
}

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed | Outcome::Errored => self.failed += 1,
            Outcome::Skipped => {}
        }
    }
    fn all_pass(self) -> bool {
        self.passed > 0 && self.failed == 0
    }
    fn all_fail(self) -> bool {
        self.failed > 0 && self.passed == 0
    }
}

/// Order-dependent test ids, sorted; `None` when there is no shuffled or no in-order run.
pub(crate) fn order_dependent_ids(ev: &TestEvidence, flaky: &[String]) -> Option<Vec<String>> {
    if ev.shuffled_runs().next().is_none() || ev.in_order_runs().next().is_none() {
        return None;
    }
    let flaky: BTreeSet<&str> = flaky.iter().map(String::as_str).collect();
    let mut tallies: HashMap<&str, (Tally, Tally)> = HashMap::new();
    for run in &ev.runs {
        for t in &run.tests {
            let e = tallies.entry(t.id).or_default();
            if run.shuffled {
                e.1.add(t.outcome)
            } else {
                e.0.add(t.outcome)
            }
        }
    }
    let mut ids: Vec<String> = tallies
        .into_iter()
        .filter(|(id, (ordered, shuffled))| {
            !flaky.contains(id)
                && ((ordered.all_pass() && shuffled.all_fail())
                    || (ordered.all_fail() && shuffled.all_pass()))
        })
        .map(|(id, _)| id.to_string())
        .collect();
    ids.sort();
    Some(ids)
}

pub(crate) fn order_dependent(
    ev: &TestEvidence,
    gates: &TestGates,
    ids: Option<&[String]>,
) -> GateResult {
    let s = spec("order_dependent");
    let Some(ids) = ids else {
        let why = if ev.shuffled_runs().next().is_none() {
            "no shuffled run given"
        } else {
            "no in-order run to compare the shuffled runs with"
        };
        return GateResult {
            evidence: vec![
                "enable it with --shuffled-run GLOB (a run made with the tests in random order)".to_string(),
                "or let shipgate run the suite: shipgate tests run --runs 2 --shuffle-arg=-p --shuffle-arg=randomly --shuffle-arg=--randomly-seed={seed} -- pytest --junitxml={junit}".to_string(),
            ],
            ..GateResult::not_evaluated(s.id, s.name, format!("not evaluated: {why}"))
        };
    };
    let (o, sh) = (ev.in_order_runs().count(), ev.shuffled_runs().count());
    let message = format!(
        "{} test(s) pass in one order and fail in the other, consistently across {o} in-order and {sh} shuffled run(s)",
        ids.len()
    );
    judged(
        &s,
        &gates.order_dependent,
        Measured::count(ids.len() as u64),
        message,
        capped(ids),
    )
}
