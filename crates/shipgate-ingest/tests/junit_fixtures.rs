//! Fixture tests over `fixtures/junit/`: real reports from real tools and hand-written edge
//! cases (see `fixtures/junit/README.md`), one expected result per file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::path::{Path, PathBuf};

use shipgate_core::{Outcome, OutcomeCounts, TestRecord, TestRun};
use shipgate_ingest::{read_junit_run, RunBuilder};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/junit")
        .join(rel)
}

fn run(rels: &[&str]) -> TestRun {
    let paths: Vec<PathBuf> = rels.iter().map(|r| fixture(r)).collect();
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    match read_junit_run("run 1", false, &refs) {
        Ok(run) => run,
        Err(e) => panic!("{rels:?}: {e}"),
    }
}

fn counts(
    unique: u64,
    passed: u64,
    failed: u64,
    errored: u64,
    skipped: u64,
    flaky: u64,
) -> OutcomeCounts {
    OutcomeCounts {
        unique,
        passed,
        failed,
        errored,
        skipped,
        flaky,
    }
}

fn test<'a>(run: &'a TestRun, id: &str) -> TestRecord<'a> {
    run.tests
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no test {id:?} in {:?}", ids(run)))
}

fn ids(run: &TestRun) -> Vec<&str> {
    run.tests.iter().map(|t| t.id).collect()
}

/// (outcome, attempts, flaky) of one test.
fn state(run: &TestRun, id: &str) -> (Outcome, u32, bool) {
    let t = test(run, id);
    (t.outcome, t.attempts, t.flaky)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn pytest_rerunfailures() {
    let r = run(&["pytest/pytest-reruns.xml"]);
    assert_eq!(r.counts(), counts(8, 5, 1, 1, 1, 1));
    assert_eq!(
        state(&r, "test_sample::test_flaky_once"),
        (Outcome::Passed, 2, true)
    );
    assert_eq!(
        state(&r, "test_sample::test_always_fails"),
        (Outcome::Failed, 3, false)
    );
    assert_eq!(
        state(&r, "test_sample::test_errors_in_setup"),
        (Outcome::Errored, 3, false)
    );
    assert_eq!(
        state(&r, "test_sample::test_skipped"),
        (Outcome::Skipped, 1, false)
    );
    assert_eq!(
        state(&r, "test_sample.TestGroup::test_param[2]"),
        (Outcome::Passed, 1, false)
    );
    assert_eq!(
        ids(&r)[..3],
        [
            "test_sample::test_passes",
            "test_sample::test_flaky_once",
            "test_sample::test_always_fails"
        ]
    );
    assert!(close(r.reported_seconds, 0.117));
    assert_eq!(r.sources.len(), 1);
    assert!(r.sources[0].ends_with("pytest-reruns.xml"));
}

#[test]
fn pytest_randomly_order_is_kept() {
    let r = run(&["pytest/pytest-randomly.xml"]);
    assert_eq!(r.counts(), counts(8, 4, 2, 1, 1, 0));
    assert_eq!(ids(&r)[0], "test_sample.TestGroup::test_method");
    assert_eq!(
        state(&r, "test_sample::test_flaky_once"),
        (Outcome::Failed, 1, false)
    );
    assert!(close(r.reported_seconds, 0.128));
}

#[test]
fn jest_junit() {
    let r = run(&["jest/jest-junit.xml"]);
    assert_eq!(r.counts(), counts(6, 4, 1, 0, 1, 0));
    assert_eq!(
        test(&r, "math subtracts wrongly::math subtracts wrongly").outcome,
        Outcome::Failed
    );
    assert_eq!(
        test(&r, "math skipped for now::math skipped for now").outcome,
        Outcome::Skipped
    );
    // jest-junit writes `test.todo` as a test case without a marker.
    assert_eq!(
        test(&r, "math write this later::math write this later").outcome,
        Outcome::Passed
    );
    let escaped = "strings & \"quotes\" it's <escaped>";
    assert_eq!(
        test(&r, &format!("{escaped}::{escaped}")).outcome,
        Outcome::Passed
    );
    assert_eq!(test(&r, " top level:: top level").outcome, Outcome::Passed);
    assert!(close(r.reported_seconds, 1.174));
}

#[test]
fn nextest_retries() {
    let r = run(&["nextest/nextest-retries.xml"]);
    assert_eq!(r.counts(), counts(3, 2, 1, 0, 0, 1));
    assert_eq!(
        state(&r, "sample::tests::adds"),
        (Outcome::Passed, 1, false)
    );
    assert_eq!(
        state(&r, "sample::tests::flaky_first_attempt"),
        (Outcome::Passed, 2, true)
    );
    assert_eq!(
        state(&r, "sample::tests::always_fails"),
        (Outcome::Failed, 3, false)
    );
    // The failed first attempt (its own `time`) was the longest.
    assert!(close(
        test(&r, "sample::tests::flaky_first_attempt").duration_seconds,
        0.275
    ));
    assert!(close(r.reported_seconds, 0.682));
}

#[test]
fn surefire_flaky_and_rerun() {
    let r = run(&["handwritten/surefire-reruns.xml"]);
    assert_eq!(r.counts(), counts(5, 3, 1, 1, 0, 2));
    assert_eq!(
        state(&r, "com.example.CartTest::addsItem"),
        (Outcome::Passed, 1, false)
    );
    assert_eq!(
        state(&r, "com.example.CartTest::appliesDiscount"),
        (Outcome::Passed, 2, true)
    );
    assert_eq!(
        state(&r, "com.example.CartTest::talksToDatabase"),
        (Outcome::Passed, 3, true)
    );
    assert_eq!(
        state(&r, "com.example.CartTest::checksOut"),
        (Outcome::Failed, 3, false)
    );
    assert_eq!(
        state(&r, "com.example.CartTest::loadsConfig"),
        (Outcome::Errored, 2, false)
    );
    assert!(close(r.reported_seconds, 4.2));
}

#[test]
fn gotestsum_rerun_fails() {
    let r = run(&["handwritten/gotestsum-rerun-fails.xml"]);
    assert_eq!(r.counts(), counts(4, 2, 1, 0, 1, 1));
    assert_eq!(
        state(&r, "example.com/shop/cart::TestRetryable"),
        (Outcome::Passed, 2, true)
    );
    assert_eq!(
        state(&r, "example.com/shop/cart::TestBroken"),
        (Outcome::Failed, 3, false)
    );
    assert_eq!(
        state(&r, "example.com/shop/cart::TestSkipped"),
        (Outcome::Skipped, 1, false)
    );
    assert!(close(
        test(&r, "example.com/shop/cart::TestRetryable").duration_seconds,
        0.45
    ));
    assert!(close(r.reported_seconds, 2.345));
}

#[test]
fn gradle_retry() {
    let r = run(&["handwritten/gradle-retry.xml"]);
    assert_eq!(r.counts(), counts(3, 2, 0, 0, 1, 1));
    assert_eq!(
        state(&r, "org.example.PaymentTest::refund()"),
        (Outcome::Passed, 2, true)
    );
    assert!(close(
        test(&r, "org.example.PaymentTest::refund()").duration_seconds,
        1.1
    ));
    assert_eq!(
        ids(&r),
        [
            "org.example.PaymentTest::refund()",
            "org.example.PaymentTest::charge()",
            "org.example.PaymentTest::legacy()"
        ]
    );
    assert!(close(r.reported_seconds, 2.5));
}

#[test]
fn nested_suites_three_deep() {
    let r = run(&["handwritten/nested-suites.xml"]);
    assert_eq!(r.counts(), counts(6, 3, 1, 1, 1, 0));
    assert_eq!(
        ids(&r),
        [
            "deep::innermost_pass",
            "deep::innermost_fail",
            "mid::middle_skip",
            "top::outer_error",
            "no_classname",
            "missing_classname"
        ]
    );
    // level1 claims 3.0; "second" has no time, so its test cases count (0.25 + 0.25).
    assert!(close(r.reported_seconds, 3.5));
}

#[test]
fn suite_attributes_that_lie_are_ignored() {
    let r = run(&["handwritten/lying-attributes.xml"]);
    assert_eq!(r.counts(), counts(3, 1, 1, 1, 0, 0));
    assert_eq!(test(&r, "liar::c").outcome, Outcome::Errored);
    assert!(close(r.reported_seconds, 12.5));
}

#[test]
fn all_time_formats() {
    let r = run(&["handwritten/time-formats.xml"]);
    let secs = |name: &str| test(&r, &format!("t::{name}")).duration_seconds;
    assert!(close(secs("plain"), 1.5));
    assert!(close(secs("thousands"), 1234.5));
    assert!(close(secs("decimal_comma"), 0.03));
    assert!(close(secs("scientific"), 1e-7));
    assert!(close(secs("ambiguous_thousands"), 1234.0));
    for zero in ["missing", "empty", "garbage", "negative", "nan"] {
        assert_eq!(secs(zero), 0.0, "{zero}");
    }
    assert!(r.tests.iter().all(|t| t.duration_seconds.is_finite()));
    assert!(close(
        r.reported_seconds,
        1.5 + 1234.5 + 0.03 + 1e-7 + 1234.0
    ));
}

#[test]
fn escapes_unescaped_and_bom_accepted() {
    let r = run(&["handwritten/escapes-and-bom.xml"]);
    assert_eq!(r.counts().unique, 2);
    assert_eq!(r.tests.get(0).unwrap().id, "a&b::it's <fine> \"ok\"");
}

#[test]
fn zero_tests_is_not_an_error() {
    let r = run(&["handwritten/zero-tests.xml"]);
    assert_eq!(r.counts(), OutcomeCounts::default());
    assert_eq!(r.sources.len(), 1);
    assert!(close(r.reported_seconds, 0.001));
}

#[test]
fn files_of_one_run_are_attempts_of_the_same_tests() {
    let r = run(&["handwritten/shard-1.xml", "handwritten/shard-2.xml"]);
    assert_eq!(r.counts(), counts(3, 2, 0, 0, 1, 1));
    assert_eq!(
        ids(&r),
        ["svc::retried_across_files", "svc::stable", "svc::only_here"]
    );
    assert_eq!(
        state(&r, "svc::retried_across_files"),
        (Outcome::Passed, 2, true)
    );
    assert!(close(
        test(&r, "svc::retried_across_files").duration_seconds,
        0.7
    ));
    assert!(close(r.reported_seconds, 5.0));
    assert_eq!(r.sources.len(), 2);
    assert_eq!(
        (r.label.as_str(), r.shuffled, r.wall_seconds),
        ("run 1", false, None)
    );
}

#[test]
fn large_system_out_is_streamed_past() {
    let r = run(&["handwritten/large-system-out.xml"]);
    assert_eq!(r.counts(), counts(2, 1, 1, 0, 0, 0));
    assert_eq!(ids(&r), ["noisy::before", "noisy::after"]);
}

#[test]
fn builder_reads_streams_and_files_alike() {
    let path = fixture("handwritten/surefire-reruns.xml");
    let bytes = std::fs::read(&path).unwrap();
    let mut b = RunBuilder::new("shuffled run 2", true);
    b.add_reader(&bytes[..], "from-memory.xml").unwrap();
    let from_reader = b.finish();
    let from_file = run(&["handwritten/surefire-reruns.xml"]);
    assert_eq!(from_reader.tests, from_file.tests);
    assert_eq!(from_reader.sources, ["from-memory.xml"]);
    assert!(from_reader.shuffled);
}

/// Reports that give times (even zero ones) are told apart from reports that give none, and
/// a file that fails to parse does not count its times.
#[test]
fn counts_test_cases_that_carry_a_time() {
    let mut b = shipgate_ingest::RunBuilder::new("r", false);
    let doc = br#"<testsuite><testcase name="a" time="0"/><testcase name="b" time="0.5"/><testcase name="c"/><testcase name="d" time="soon"/></testsuite>"#;
    b.add_reader(&doc[..], "a.xml").unwrap();
    assert!(b
        .add_reader(
            &br#"<testsuite><testcase name="x" time="1"/>"#[..],
            "broken.xml"
        )
        .is_err());
    let run = b.finish();
    assert_eq!(run.timed_tests, 2);
    assert_eq!(run.tests.len(), 4);
}
