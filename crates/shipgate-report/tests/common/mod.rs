//! Reports built by hand for the reporter tests, worded as the quality gates word them.

#![allow(dead_code)]

use shipgate_core::{
    CoverageTotals, GateResult, Measured, OutcomeCounts, Report, SlowTest, TestRunSummary,
    TestsSection, Verdict,
};

pub fn gate(
    id: &str,
    name: &str,
    verdict: Verdict,
    threshold: &str,
    measured: Option<Measured>,
    message: &str,
    evidence: &[&str],
) -> GateResult {
    GateResult {
        id: id.to_string(),
        name: name.to_string(),
        verdict,
        threshold: Some(threshold.to_string()),
        measured,
        message: message.to_string(),
        evidence: evidence.iter().map(|e| e.to_string()).collect(),
    }
}

pub fn run(
    label: &str,
    shuffled: bool,
    [unique, passed, failed, errored, skipped, flaky]: [u64; 6],
    seconds: f64,
    measured: bool,
) -> TestRunSummary {
    TestRunSummary {
        label: label.to_string(),
        shuffled,
        counts: OutcomeCounts {
            unique,
            passed,
            failed,
            errored,
            skipped,
            flaky,
        },
        duration_seconds: seconds,
        measured,
    }
}

pub fn slow(id: &str, seconds: f64) -> SlowTest {
    SlowTest {
        id: id.to_string(),
        seconds,
    }
}

pub fn ids(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// Every gate passes; two runs (in order and shuffled) and coverage.
pub fn all_pass() -> Report {
    let mut report = Report::new(vec![
        gate(
            "TQ-01",
            "order_dependent",
            Verdict::Pass,
            "== 0",
            Some(Measured::count(0)),
            "0 test(s) pass in one order and fail in the other, consistently across 1 in-order and 1 shuffled run(s)",
            &[],
        ),
        gate(
            "TQ-02",
            "pass_rate",
            Verdict::Pass,
            ">= 98%",
            Some(Measured::ratio(1.0)),
            "worst run `run 1`: 240 of 240 executed tests passed (0 failed, 0 errored, 2 skipped not counted)",
            &["from reports/run-1.xml"],
        ),
        gate(
            "TQ-03",
            "suite_duration",
            Verdict::Pass,
            "< 60m",
            Some(Measured::seconds(74.5)),
            "the slowest run took 1m 15s (wall time measured by shipgate)",
            &[],
        ),
        gate(
            "TQ-03",
            "test_duration",
            Verdict::Pass,
            "< 30s",
            Some(Measured::seconds(4.25)),
            "slowest test `tests/test_db.py::test_migrations` took 4.25s",
            &[],
        ),
        gate("TQ-04", "flaky", Verdict::Pass, "== 0", Some(Measured::count(0)), "0 flaky test(s), judged from retries within runs and 2 same-order run(s)", &[]),
        gate(
            "TQ-05",
            "line_coverage",
            Verdict::Pass,
            ">= 25%",
            Some(Measured::ratio(0.812)),
            "812 of 1000 lines covered",
            &["from coverage.xml (cobertura)"],
        ),
    ]);
    report.tests = Some(TestsSection {
        runs: vec![
            run("run 1", false, [242, 240, 0, 0, 2, 0], 74.5, true),
            run("run 2", true, [242, 240, 0, 0, 2, 0], 71.0, true),
        ],
        flaky: vec![],
        order_dependent: vec![],
        slowest: vec![
            slow("tests/test_db.py::test_migrations", 4.25),
            slow("tests/test_api.py::test_upload_large_file", 2.5),
            slow("tests/test_api.py::test_login", 0.031),
        ],
    });
    report.coverage = Some(CoverageTotals {
        lines_valid: 1000,
        lines_covered: 812,
        branches_valid: 200,
        branches_covered: 121,
    });
    report
}

/// TQ-02 fails, TQ-04 finds flaky tests, TQ-01 was not evaluated (no shuffled run).
pub fn failing() -> Report {
    let mut report = Report::new(vec![
        GateResult {
            evidence: ids(&[
                "enable it with --shuffled-run GLOB (a run made with the tests in random order)",
                "or let shipgate run the suite: shipgate tests run --runs 2 --shuffle-arg=-p --shuffle-arg=randomly --shuffle-arg=--randomly-seed={seed} -- pytest --junitxml={junit}",
            ]),
            ..GateResult::not_evaluated("TQ-01", "order_dependent", "not evaluated: no shuffled run given")
        },
        gate(
            "TQ-02",
            "pass_rate",
            Verdict::Fail,
            ">= 98%",
            Some(Measured::ratio(0.975)),
            "39 of 40 executed tests passed (1 failed, 0 errored, 3 skipped not counted)",
            &["tests.test_api::test_refund_rounding", "from reports/junit.xml"],
        ),
        gate(
            "TQ-03",
            "suite_duration",
            Verdict::Pass,
            "< 60m",
            Some(Measured::seconds(12.3)),
            "the slowest run took 12.30s (from the reports' times)",
            &[],
        ),
        gate(
            "TQ-03",
            "test_duration",
            Verdict::Pass,
            "< 30s",
            Some(Measured::seconds(3.2)),
            "slowest test `tests.test_db::test_migrations` took 3.20s",
            &[],
        ),
        gate(
            "TQ-04",
            "flaky",
            Verdict::Fail,
            "== 0",
            Some(Measured::count(2)),
            "2 flaky test(s), judged from retries within runs",
            &["tests.test_api::test_retry_on_timeout", "tests.test_cache::test_expiry"],
        ),
        gate(
            "TQ-05",
            "line_coverage",
            Verdict::Pass,
            ">= 25%",
            Some(Measured::ratio(0.4)),
            "400 of 1000 lines covered",
            &["from coverage.xml (cobertura)"],
        ),
    ]);
    let slowest = (0..12)
        .map(|i| {
            slow(
                &format!("tests.test_slow::test_case_{i:02}"),
                3.2 - f64::from(i) * 0.25,
            )
        })
        .collect();
    report.tests = Some(TestsSection {
        runs: vec![run(
            "reports/junit.xml",
            false,
            [43, 39, 1, 0, 3, 2],
            12.3,
            false,
        )],
        flaky: ids(&[
            "tests.test_api::test_retry_on_timeout",
            "tests.test_cache::test_expiry",
        ]),
        order_dependent: vec![],
        slowest,
    });
    report.coverage = Some(CoverageTotals {
        lines_valid: 1000,
        lines_covered: 400,
        branches_valid: 0,
        branches_covered: 0,
    });
    report
}

/// The only report executed no tests: TQ-02 is inconclusive, the rest not evaluated.
pub fn inconclusive_zero_tests() -> Report {
    let mut report = Report::new(vec![
        GateResult::not_evaluated(
            "TQ-01",
            "order_dependent",
            "not evaluated: no shuffled run given",
        ),
        GateResult {
            id: "TQ-02".to_string(),
            name: "pass_rate".to_string(),
            verdict: Verdict::Inconclusive,
            threshold: Some(">= 98%".to_string()),
            measured: None,
            message:
                "`reports/junit.xml` executed no tests (3 skipped): nothing measured is not a pass"
                    .to_string(),
            evidence: ids(&["reports/junit.xml"]),
        },
        GateResult::not_evaluated(
            "TQ-05",
            "line_coverage",
            "no coverage report given (--coverage)",
        ),
    ]);
    report.tests = Some(TestsSection {
        runs: vec![run(
            "reports/junit.xml",
            false,
            [3, 0, 0, 0, 3, 0],
            0.0,
            false,
        )],
        flaky: vec![],
        order_dependent: vec![],
        slowest: vec![],
    });
    report
}

/// No gates at all: nothing measured, which is never a pass.
pub fn empty() -> Report {
    Report::new(vec![])
}

/// The four reports every format is snapshotted for.
pub fn all() -> [(&'static str, Report); 4] {
    [
        ("all_pass", all_pass()),
        ("failing", failing()),
        ("inconclusive_zero_tests", inconclusive_zero_tests()),
        ("empty", empty()),
    ]
}
