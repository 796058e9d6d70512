//! Recording invocations: what is stored, and that a failed record writes nothing.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{count, counts, cov, record, report, run, O};
use rusqlite::Connection;
use shipgate_core::{Report, Verdict};
use shipgate_store::{RunRecord, Store, StoreError};

#[test]
fn a_record_stores_the_invocation_runs_outcomes_and_gate_results() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    let mut store = Store::open(&path).unwrap();
    let mut shuffled = run(
        "shuffled run 2",
        true,
        &[("m::b", O::F), ("m::a", O::Flaky), ("m::c", O::S)],
    );
    shuffled.wall_seconds = Some(3.5);
    let runs = [
        run("run 1", false, &[("m::a", O::P), ("m::b", O::E)]),
        shuffled,
    ];
    let report = report();
    let id = store
        .record(&RunRecord {
            commit: Some("abc123".into()),
            branch: Some("main".into()),
            recorded_at: 1_700_000_000,
            command: "tests run".into(),
            runs: &runs,
            coverage: Some(cov(200, 150)),
            report: &report,
        })
        .unwrap();

    let conn = Connection::open(&path).unwrap();
    let inv: (i64, i64, String, String, String, String, i64, i64, i64, i64) = conn
        .query_row(
            "SELECT id, recorded_at, commit_id, branch, command, verdict, lines_valid, lines_covered,
                    branches_valid, branches_covered FROM invocations",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?)),
        )
        .unwrap();
    assert_eq!(
        inv,
        (
            id,
            1_700_000_000,
            "abc123".into(),
            "main".into(),
            "tests run".into(),
            "fail".into(),
            200,
            150,
            10,
            5
        )
    );

    let mut stmt = conn
        .prepare(
            "SELECT position, label, shuffled, duration_seconds, measured, unique_tests, passed, failed,
                    errored, skipped, flaky FROM runs WHERE invocation_id = ?1 ORDER BY position",
        )
        .unwrap();
    type RunRow = (i64, String, bool, f64, bool, i64, i64, i64, i64, i64, i64);
    let rows: Vec<RunRow> = stmt
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        vec![
            (0, "run 1".into(), false, 12.5, false, 2, 1, 0, 1, 0, 0),
            (
                1,
                "shuffled run 2".into(),
                true,
                3.5,
                true,
                3,
                1,
                1,
                0,
                1,
                1
            ),
        ]
    );

    // Test ids are stored once however many runs mention them.
    assert_eq!(count(&path, "tests"), 3);
    let mut stmt = conn
        .prepare(
            "SELECT r.position, t.name, o.outcome, o.attempts, o.flaky, o.duration_seconds
             FROM outcomes o JOIN runs r ON r.id = o.run_id JOIN tests t ON t.id = o.test_id
             ORDER BY r.position, t.name",
        )
        .unwrap();
    let outcomes: Vec<(i64, String, String, i64, bool, f64)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        outcomes,
        vec![
            (0, "m::a".into(), "passed".into(), 1, false, 0.25),
            (0, "m::b".into(), "errored".into(), 1, false, 0.25),
            (1, "m::a".into(), "passed".into(), 2, true, 0.25),
            (1, "m::b".into(), "failed".into(), 1, false, 0.25),
            (1, "m::c".into(), "skipped".into(), 1, false, 0.25),
        ]
    );

    let mut stmt = conn
        .prepare(
            "SELECT position, gate_id, name, verdict, threshold, measured_value, measured_unit, message
             FROM gate_results WHERE invocation_id = ?1 ORDER BY position",
        )
        .unwrap();
    type GateRow = (
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<f64>,
        Option<String>,
        String,
    );
    let gates: Vec<GateRow> = stmt
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(gates.len(), 2);
    assert_eq!(
        gates[0],
        (
            0,
            "TQ-02".into(),
            "pass_rate".into(),
            "fail".into(),
            Some(">= 98%".into()),
            Some(0.975),
            Some("ratio".into()),
            "pass_rate is fail".into()
        )
    );
    assert_eq!(gates[1].3, "pass");
    let evidence: Vec<String> = conn
        .prepare(
            "SELECT e.item FROM gate_evidence e JOIN gate_results g ON g.id = e.gate_result_id
             WHERE g.position = 0 ORDER BY e.position",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(evidence, ["reports/a.xml", "reports/b.xml"]);
}

#[test]
fn a_gate_that_was_not_evaluated_stores_nulls_and_no_coverage_is_null() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    let mut store = Store::open(&path).unwrap();
    let report = Report::new(vec![shipgate_core::GateResult::not_evaluated(
        "TQ-01",
        "order_dependent",
        "no shuffled run",
    )]);
    store
        .record(&RunRecord {
            commit: None,
            branch: None,
            recorded_at: 5,
            command: "check".into(),
            runs: &[],
            coverage: None,
            report: &report,
        })
        .unwrap();
    let conn = Connection::open(&path).unwrap();
    let (verdict, lines, branch): (String, Option<i64>, Option<String>) = conn
        .query_row(
            "SELECT verdict, lines_valid, branch FROM invocations",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(report.verdict, Verdict::Inconclusive);
    assert_eq!(
        (verdict.as_str(), lines, branch),
        ("inconclusive", None, None)
    );
    let (v, threshold, value, unit): (String, Option<String>, Option<f64>, Option<String>) = conn
        .query_row(
            "SELECT verdict, threshold, measured_value, measured_unit FROM gate_results",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (v.as_str(), threshold, value, unit),
        ("not_evaluated", None, None, None)
    );
}

#[test]
fn test_ids_are_shared_across_invocations_and_ids_increase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    let mut store = Store::open(&path).unwrap();
    let a = record(
        &mut store,
        10,
        Some("main"),
        &[run("r", false, &[("x", O::P), ("y", O::P)])],
        None,
    );
    let b = record(
        &mut store,
        20,
        Some("main"),
        &[run("r", false, &[("y", O::F), ("z", O::P)])],
        None,
    );
    assert!(b > a);
    assert_eq!(count(&path, "tests"), 3);
    assert_eq!(count(&path, "outcomes"), 4);
}

#[test]
fn a_record_that_fails_midway_leaves_no_partial_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    let mut store = Store::open(&path).unwrap();
    record(
        &mut store,
        10,
        Some("main"),
        &[run("r", false, &[("old", O::P)])],
        Some(cov(10, 9)),
    );
    let before = counts(&path);

    // The first run and new test names are written before the second run's duplicate id
    // violates the (run, test) key; all of it must be rolled back.
    let runs = [
        run("run 1", false, &[("new::a", O::P), ("new::b", O::P)]),
        run("run 2", false, &[("new::c", O::P), ("new::c", O::F)]),
    ];
    let report = report();
    let err = store
        .record(&RunRecord {
            commit: None,
            branch: Some("main".into()),
            recorded_at: 20,
            command: "tests".into(),
            runs: &runs,
            coverage: Some(cov(10, 1)),
            report: &report,
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Record { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains(&path.display().to_string()) && msg.contains("nothing was written"),
        "{msg}"
    );

    assert_eq!(counts(&path), before, "partial rows were left behind");
    assert_eq!(
        store.last_coverage("main").unwrap().unwrap().recorded_at,
        10
    );

    // The store is still usable after the failure.
    record(
        &mut store,
        30,
        Some("main"),
        &[run("r", false, &[("new::a", O::P)])],
        None,
    );
    assert_eq!(count(&path, "invocations"), 2);
    assert_eq!(count(&path, "tests"), 2);
}
