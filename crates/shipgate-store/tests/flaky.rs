//! Flip rates from recorded runs.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{record, run, O};
use shipgate_core::Outcome;
use shipgate_store::{FlipRate, Store};

fn store(dir: &tempfile::TempDir) -> Store {
    Store::open(&dir.path().join("history.db")).unwrap()
}

fn by_id<'a>(rates: &'a [FlipRate], id: &str) -> &'a FlipRate {
    rates
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("{id} missing from {rates:?}"))
}

#[test]
fn pass_fail_pass_over_three_invocations_is_two_flips() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    for (at, o) in [(10, O::P), (20, O::F), (30, O::P)] {
        record(
            &mut s,
            at,
            Some("main"),
            &[run("r", false, &[("t", o), ("stable", O::P)])],
            None,
        );
    }
    let rates = s.flip_rates(10).unwrap();
    let t = by_id(&rates, "t");
    assert_eq!(
        (t.observations, t.flips, t.failures, t.flaky_runs),
        (3, 2, 1, 0)
    );
    assert_eq!(t.rate, 1.0);
    assert_eq!(t.last_outcome, Outcome::Passed);
    let stable = by_id(&rates, "stable");
    assert_eq!(
        (stable.observations, stable.flips, stable.rate),
        (3, 0, 0.0)
    );
    assert_eq!(rates[0].id, "t", "highest rate first");
}

#[test]
fn observations_are_ordered_by_recorded_time_not_insertion_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    // Chronologically: pass(10), pass(20), fail(30), fail(40) = 1 flip. In insertion order
    // it would be pass, fail, pass, fail = 3 flips.
    for (at, o) in [(10, O::P), (30, O::F), (20, O::P), (40, O::F)] {
        record(&mut s, at, None, &[run("r", false, &[("t", o)])], None);
    }
    let t = s.flip_rates(10).unwrap().remove(0);
    assert_eq!((t.observations, t.flips), (4, 1));
    assert_eq!(t.last_outcome, Outcome::Failed);
}

#[test]
fn every_run_of_an_invocation_counts_in_order_and_shuffled_alike() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let runs = [
        run("run 1", false, &[("t", O::P)]),
        run("shuffled run 2", true, &[("t", O::F)]),
        run("shuffled run 3", true, &[("t", O::F)]),
    ];
    record(&mut s, 10, None, &runs, None);
    let t = s.flip_rates(10).unwrap().remove(0);
    assert_eq!(
        (t.observations, t.flips, t.last_outcome),
        (3, 1, Outcome::Failed)
    );
    assert_eq!(t.rate, 0.5);
}

#[test]
fn skipped_outcomes_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    for (at, o) in [(10, O::F), (20, O::S), (30, O::F), (40, O::S)] {
        record(
            &mut s,
            at,
            None,
            &[run(
                "r",
                false,
                &[("t", o), ("once", if at == 10 { O::P } else { O::S })],
            )],
            None,
        );
    }
    let rates = s.flip_rates(10).unwrap();
    assert_eq!(
        rates.len(),
        1,
        "a test executed in only one run is not reported: {rates:?}"
    );
    let t = &rates[0];
    assert_eq!(
        (t.id.as_str(), t.observations, t.flips, t.failures),
        ("t", 2, 0, 2)
    );
    assert_eq!(
        t.last_outcome,
        Outcome::Failed,
        "a skip is never the last outcome"
    );
}

#[test]
fn a_flaky_run_counts_as_a_flip() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    for (at, o) in [(10, O::P), (20, O::Flaky), (30, O::P)] {
        record(&mut s, at, None, &[run("r", false, &[("t", o)])], None);
    }
    let t = s.flip_rates(10).unwrap().remove(0);
    assert_eq!(
        (t.observations, t.flips, t.flaky_runs, t.failures),
        (3, 1, 1, 0)
    );
    assert!((t.rate - 1.0 / 3.0).abs() < 1e-12, "{}", t.rate);
}

#[test]
fn the_window_keeps_only_the_most_recent_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    // Old history flips a lot; the last three runs are stable failures.
    for (at, o) in [
        (10, O::P),
        (20, O::F),
        (30, O::P),
        (40, O::F),
        (50, O::F),
        (60, O::E),
    ] {
        record(&mut s, at, None, &[run("r", false, &[("t", o)])], None);
    }
    let t = s.flip_rates(3).unwrap().remove(0);
    assert_eq!(
        (t.observations, t.flips, t.failures, t.rate),
        (3, 0, 3, 0.0)
    );
    assert_eq!(t.last_outcome, Outcome::Errored);

    let t = s.flip_rates(4).unwrap().remove(0);
    assert_eq!((t.observations, t.flips), (4, 1), "p(30) f(40) f(50) e(60)");
    let t = s.flip_rates(100).unwrap().remove(0);
    assert_eq!((t.observations, t.flips), (6, 3), "p f p f f e");

    assert!(
        s.flip_rates(1).unwrap().is_empty(),
        "one run: nobody has two observations"
    );
    assert!(s.flip_rates(0).unwrap().is_empty());
}

#[test]
fn the_window_counts_runs_not_invocations() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    record(&mut s, 10, None, &[run("r", false, &[("t", O::F)])], None);
    // One invocation with two runs: a window of 2 covers exactly these, latest position last.
    record(
        &mut s,
        20,
        None,
        &[
            run("r1", false, &[("t", O::P)]),
            run("r2", true, &[("t", O::P)]),
        ],
        None,
    );
    let t = s.flip_rates(2).unwrap().remove(0);
    assert_eq!((t.observations, t.flips), (2, 0));
    let t = s.flip_rates(3).unwrap().remove(0);
    assert_eq!((t.observations, t.flips), (3, 1));
}

#[test]
fn results_are_sorted_by_rate_then_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let history = [
        [("b", O::P), ("a", O::P), ("z", O::P), ("m", O::P)],
        [("b", O::F), ("a", O::F), ("z", O::P), ("m", O::F)],
        [("b", O::F), ("a", O::F), ("z", O::P), ("m", O::P)],
    ];
    for (i, tests) in history.iter().enumerate() {
        record(&mut s, i as i64, None, &[run("r", false, tests)], None);
    }
    let rates = s.flip_rates(10).unwrap();
    let order: Vec<(&str, f64)> = rates.iter().map(|r| (r.id.as_str(), r.rate)).collect();
    assert_eq!(order, [("m", 1.0), ("a", 0.5), ("b", 0.5), ("z", 0.0)]);
}

#[test]
fn an_empty_store_has_no_flip_rates() {
    let dir = tempfile::tempdir().unwrap();
    assert!(store(&dir).flip_rates(50).unwrap().is_empty());
}

#[test]
fn tests_far_apart_in_the_id_space_get_their_own_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    // Forty test names, so "first" and "last" end up with distant row ids.
    let many: Vec<String> = (0..40).map(|i| format!("mid::{i:02}")).collect();
    let first_run: Vec<(&str, O)> = std::iter::once(("first", O::P))
        .chain(many.iter().map(|m| (m.as_str(), O::P)))
        .chain(std::iter::once(("last", O::P)))
        .collect();
    record(&mut s, 1, None, &[run("r", false, &first_run)], None);
    record(
        &mut s,
        2,
        None,
        &[run("r", false, &[("last", O::F), ("first", O::P)])],
        None,
    );
    let rates = s.flip_rates(10).unwrap();
    assert_eq!(rates.len(), 2, "{rates:?}");
    assert_eq!((rates[0].id.as_str(), rates[0].flips), ("last", 1));
    assert_eq!((rates[1].id.as_str(), rates[1].flips), ("first", 0));

    // With only the dense middle in the window, the range-scan path names them all.
    record(&mut s, 3, None, &[run("r", false, &first_run[1..41])], None);
    let rates = s.flip_rates(2).unwrap();
    assert_eq!(rates.len(), 0, "run 2 lacks the middle tests: {rates:?}");
    record(&mut s, 4, None, &[run("r", false, &first_run[1..41])], None);
    let rates = s.flip_rates(2).unwrap();
    let ids: Vec<&str> = rates.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, many.iter().map(String::as_str).collect::<Vec<_>>());
}
