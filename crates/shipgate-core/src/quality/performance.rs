//! TQ-03: suite time (measured wall time when shipgate ran the suite, else the reports' time)
//! and the slowest single test.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::{inconclusive, judged, spec, TestEvidence, TestGates};
use crate::{format_seconds, GateResult, Measured, SlowTest};

pub(crate) fn suite_duration(ev: &TestEvidence, gates: &TestGates) -> GateResult {
    let s = spec("suite_duration");
    let Some(run) = ev
        .runs
        .iter()
        .max_by(|a, b| a.suite_seconds().total_cmp(&b.suite_seconds()))
    else {
        return GateResult::not_evaluated(s.id, s.name, "no test report given");
    };
    if run.wall_seconds.is_none() && run.reported_seconds <= 0.0 && run.timed_tests == 0 {
        return inconclusive(
            &s,
            &gates.suite_duration,
            format!("`{}` carries no timing data", run.label),
            run.sources.clone(),
        );
    }
    let how = if run.wall_seconds.is_some() {
        "measured wall time"
    } else {
        "time reported in the JUnit files"
    };
    let which = if ev.runs.len() > 1 {
        format!("slowest run `{}`: ", run.label)
    } else {
        String::new()
    };
    judged(
        &s,
        &gates.suite_duration,
        Measured::seconds(run.suite_seconds()),
        format!("{which}{} ({how})", format_seconds(run.suite_seconds())),
        Vec::new(),
    )
}

pub(crate) fn test_duration(
    ev: &TestEvidence,
    gates: &TestGates,
    slowest: &[SlowTest],
) -> GateResult {
    let s = spec("test_duration");
    if ev.runs.is_empty() {
        return GateResult::not_evaluated(s.id, s.name, "no test report given");
    }
    let Some(top) = slowest.first() else {
        return inconclusive(
            &s,
            &gates.test_duration,
            "the reports contain no tests".to_string(),
            Vec::new(),
        );
    };
    if ev.runs.iter().all(|r| r.timed_tests == 0) {
        return inconclusive(
            &s,
            &gates.test_duration,
            "the reports carry no per-test times".to_string(),
            Vec::new(),
        );
    }
    let limit = gates.test_duration.threshold();
    let over: Vec<String> = slowest
        .iter()
        .filter(|t| !gates.test_duration.holds(Measured::seconds(t.seconds)))
        .map(|t| {
            format!(
                "{} took {} (limit {})",
                t.id,
                format_seconds(t.seconds),
                format_seconds(limit)
            )
        })
        .collect();
    let message = format!(
        "slowest test `{}` took {}",
        top.id,
        format_seconds(top.seconds)
    );
    judged(
        &s,
        &gates.test_duration,
        Measured::seconds(top.seconds),
        message,
        over,
    )
}

/// The `n` slowest tests across all runs (each id once, at its slowest), slowest first; ties
/// in time are broken by id.
pub(crate) fn slowest(ev: &TestEvidence, n: usize) -> Vec<SlowTest> {
    let mut top = Slowest::new(n);
    if let [run] = ev.runs.as_slice() {
        // ids are unique within a run: no need to merge anything
        for t in &run.tests {
            top.offer(t.id, t.duration_seconds);
        }
    } else {
        let mut best: HashMap<&str, f64> = HashMap::new();
        for run in &ev.runs {
            for t in &run.tests {
                let e = best.entry(t.id).or_insert(0.0);
                if t.duration_seconds > *e {
                    *e = t.duration_seconds;
                }
            }
        }
        for (id, seconds) in best {
            top.offer(id, seconds);
        }
    }
    top.kept
        .into_iter()
        .map(|(id, seconds)| SlowTest {
            id: id.to_string(),
            seconds,
        })
        .collect()
}

/// The `n` slowest of the (distinct) tests offered so far, kept in order while they are offered.
///
/// One pass with a short list, instead of collecting every test to select from: for a run of a
/// million tests that saves a large allocation and a selection over it, and almost every test
/// is turned away after one comparison of its time with the slowest list's last.
struct Slowest<'a> {
    n: usize,
    /// Slowest first; at most `n` entries.
    kept: Vec<(&'a str, f64)>,
}

impl<'a> Slowest<'a> {
    fn new(n: usize) -> Self {
        Slowest {
            n,
            kept: Vec::with_capacity(n.saturating_add(1).min(1024)),
        }
    }

    /// Slower first; equal times by id, so that the list does not depend on the order tests
    /// are offered in.
    fn order(a: &(&str, f64), b: &(&str, f64)) -> Ordering {
        b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0))
    }

    fn offer(&mut self, id: &'a str, seconds: f64) {
        let test = (id, seconds);
        if self.kept.len() >= self.n
            && self
                .kept
                .last()
                .is_none_or(|last| Self::order(&test, last) != Ordering::Less)
        {
            return;
        }
        let at = self
            .kept
            .partition_point(|kept| Self::order(kept, &test) == Ordering::Less);
        self.kept.insert(at, test);
        self.kept.truncate(self.n);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

    use proptest::prelude::*;

    use super::Slowest;

    proptest! {
        /// The running selection keeps exactly what sorting every test would put first.
        #[test]
        fn slowest_is_the_head_of_a_full_sort(
            times in proptest::collection::vec(0u8..6, 0..60),
            n in 0usize..12,
        ) {
            // few distinct times, so that ties (broken by id) are common
            let ids: Vec<String> = (0..times.len()).map(|i| format!("t{}", (i * 7919) % 101)).collect();
            let mut unique: Vec<(&str, f64)> = Vec::new();
            for (id, &t) in ids.iter().zip(&times) {
                if !unique.iter().any(|(u, _)| *u == id.as_str()) {
                    unique.push((id.as_str(), f64::from(t) / 4.0));
                }
            }
            let mut top = Slowest::new(n);
            for &(id, seconds) in &unique {
                top.offer(id, seconds);
            }
            let mut sorted = unique.clone();
            sorted.sort_by(Slowest::order);
            sorted.truncate(n);
            prop_assert_eq!(top.kept, sorted);
        }
    }
}
