//! TQ-03: suite time (measured wall time when shipgate ran the suite, else the reports' time)
//! and the slowest single test.

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

/// The `n` slowest tests across all runs (each id once, at its slowest), slowest first.
pub(crate) fn slowest(ev: &TestEvidence, n: usize) -> Vec<SlowTest> {
    let mut best: HashMap<&str, f64> = HashMap::new();
    let single_run = ev.runs.len() == 1;
    let mut candidates: Vec<(&str, f64)> = Vec::new();
    for run in &ev.runs {
        for t in &run.tests {
            if single_run {
                candidates.push((t.id.as_str(), t.duration_seconds));
            } else {
                let e = best.entry(t.id.as_str()).or_insert(0.0);
                if t.duration_seconds > *e {
                    *e = t.duration_seconds;
                }
            }
        }
    }
    if !single_run {
        candidates = best.into_iter().collect();
    }
    let cmp = |a: &(&str, f64), b: &(&str, f64)| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0));
    if candidates.len() > n && n > 0 {
        candidates.select_nth_unstable_by(n - 1, cmp);
        candidates.truncate(n);
    }
    candidates.sort_by(cmp);
    candidates.truncate(n);
    candidates
        .into_iter()
        .map(|(id, seconds)| SlowTest {
            id: id.to_string(),
            seconds,
        })
        .collect()
}
