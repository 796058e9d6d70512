//! Coverage history queries.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{cov, record, run, O};
use shipgate_store::Store;

/// main@100 (50), main@300 (70), feature@400 (90), main@500 without coverage, then — recorded
/// last but dated earliest — main@50 (10). Returns the store and the invocation ids in that order.
fn history(dir: &tempfile::TempDir) -> (Store, [i64; 5]) {
    let mut store = Store::open(&dir.path().join("history.db")).unwrap();
    let r = [run("r", false, &[("a", O::P)])];
    let ids = [
        record(&mut store, 100, Some("main"), &r, Some(cov(100, 50))),
        record(&mut store, 300, Some("main"), &r, Some(cov(100, 70))),
        record(&mut store, 400, Some("feature"), &r, Some(cov(100, 90))),
        record(&mut store, 500, Some("main"), &r, None),
        record(&mut store, 50, Some("main"), &r, Some(cov(100, 10))),
    ];
    (store, ids)
}

#[test]
fn last_coverage_is_the_latest_with_coverage_on_that_branch() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = history(&dir);
    let last = store.last_coverage("main").unwrap().unwrap();
    // Not feature's newer 90%, not main@500 (no coverage), not main@50 (recorded last, dated earlier).
    assert_eq!(last.invocation_id, ids[1]);
    assert_eq!(last.recorded_at, 300);
    assert_eq!(last.totals, cov(100, 70));
    assert_eq!(last.branch.as_deref(), Some("main"));
    assert_eq!(last.commit.as_deref(), Some("c300"));

    assert_eq!(
        store.last_coverage("feature").unwrap().unwrap().totals,
        cov(100, 90)
    );
    assert_eq!(store.last_coverage("other").unwrap(), None);
}

#[test]
fn last_coverage_ignores_invocations_without_a_branch() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("history.db")).unwrap();
    record(&mut store, 100, None, &[], Some(cov(10, 10)));
    assert_eq!(store.last_coverage("").unwrap(), None);
    assert_eq!(store.last_coverage("main").unwrap(), None);
}

#[test]
fn same_timestamp_ties_go_to_the_later_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("history.db")).unwrap();
    record(&mut store, 100, Some("main"), &[], Some(cov(10, 1)));
    let later = record(&mut store, 100, Some("main"), &[], Some(cov(10, 2)));
    assert_eq!(
        store.last_coverage("main").unwrap().unwrap().invocation_id,
        later
    );
}

#[test]
fn the_trend_is_most_recent_first_limited_and_filtered() {
    let dir = tempfile::tempdir().unwrap();
    let (store, ids) = history(&dir);
    let ids_of = |points: Vec<shipgate_store::CoveragePoint>| {
        points.iter().map(|p| p.invocation_id).collect::<Vec<_>>()
    };

    assert_eq!(
        ids_of(store.coverage_trend(None, 10).unwrap()),
        [ids[2], ids[1], ids[0], ids[4]]
    );
    assert_eq!(
        ids_of(store.coverage_trend(None, 2).unwrap()),
        [ids[2], ids[1]]
    );
    assert_eq!(
        ids_of(store.coverage_trend(Some("main"), 10).unwrap()),
        [ids[1], ids[0], ids[4]]
    );
    assert_eq!(
        ids_of(store.coverage_trend(Some("main"), 1).unwrap()),
        [ids[1]]
    );
    assert_eq!(
        ids_of(store.coverage_trend(Some("nope"), 10).unwrap()),
        Vec::<i64>::new()
    );
    assert!(store.coverage_trend(None, 0).unwrap().is_empty());
    assert_eq!(store.coverage_trend(None, usize::MAX).unwrap().len(), 4);

    let trend = store.coverage_trend(Some("main"), 10).unwrap();
    assert_eq!(
        trend
            .iter()
            .map(|p| p.totals.lines_covered)
            .collect::<Vec<_>>(),
        [70, 50, 10]
    );
}

#[test]
fn an_empty_store_has_no_coverage_history() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("history.db")).unwrap();
    assert_eq!(store.last_coverage("main").unwrap(), None);
    assert!(store.coverage_trend(None, 5).unwrap().is_empty());
}
