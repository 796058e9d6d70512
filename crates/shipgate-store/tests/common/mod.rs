//! Builders shared by the store's integration tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;

use rusqlite::Connection;
use shipgate_core::{
    CoverageTotals, GateResult, Measured, Outcome, Report, TestRecord, TestRun, Verdict,
};
use shipgate_store::{RunRecord, Store};

/// A test outcome: plain pass/fail/error/skip, or a pass on retry.
#[derive(Clone, Copy)]
pub enum O {
    P,
    F,
    E,
    S,
    Flaky,
}

pub fn test(id: &str, o: O) -> TestRecord<'_> {
    let (outcome, flaky, attempts) = match o {
        O::P => (Outcome::Passed, false, 1),
        O::F => (Outcome::Failed, false, 1),
        O::E => (Outcome::Errored, false, 1),
        O::S => (Outcome::Skipped, false, 1),
        O::Flaky => (Outcome::Passed, true, 2),
    };
    TestRecord {
        id,
        outcome,
        attempts,
        flaky,
        duration_seconds: 0.25,
    }
}

pub fn run(label: &str, shuffled: bool, tests: &[(&str, O)]) -> TestRun {
    TestRun {
        label: label.to_string(),
        shuffled,
        tests: tests.iter().map(|(id, o)| test(id, *o)).collect(),
        reported_seconds: 12.5,
        wall_seconds: None,
        timed_tests: 1,
        sources: vec!["report.xml".to_string()],
    }
}

pub fn gate(id: &str, name: &str, verdict: Verdict) -> GateResult {
    GateResult {
        id: id.to_string(),
        name: name.to_string(),
        verdict,
        threshold: Some(">= 98%".to_string()),
        measured: Some(Measured::ratio(0.975)),
        message: format!("{name} is {verdict}"),
        evidence: vec!["reports/a.xml".to_string(), "reports/b.xml".to_string()],
    }
}

pub fn report() -> Report {
    Report::new(vec![
        gate("TQ-02", "pass_rate", Verdict::Fail),
        gate("TQ-04", "flaky", Verdict::Pass),
    ])
}

pub fn cov(lines_valid: u64, lines_covered: u64) -> CoverageTotals {
    CoverageTotals {
        lines_valid,
        lines_covered,
        branches_valid: 10,
        branches_covered: 5,
    }
}

/// Record an invocation with the given runs and coverage; returns its id.
pub fn record(
    store: &mut Store,
    recorded_at: i64,
    branch: Option<&str>,
    runs: &[TestRun],
    coverage: Option<CoverageTotals>,
) -> i64 {
    let report = report();
    store
        .record(&RunRecord {
            commit: Some(format!("c{recorded_at}")),
            branch: branch.map(str::to_string),
            recorded_at,
            command: "tests".to_string(),
            runs,
            coverage,
            report: &report,
        })
        .unwrap()
}

/// Row count of a table, read through a separate connection.
pub fn count(path: &Path, table: &str) -> i64 {
    let conn = Connection::open(path).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

pub const TABLES: [&str; 6] = [
    "invocations",
    "runs",
    "tests",
    "outcomes",
    "gate_results",
    "gate_evidence",
];

pub fn counts(path: &Path) -> Vec<i64> {
    TABLES.iter().map(|t| count(path, t)).collect()
}
