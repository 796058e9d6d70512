//! The test-quality gates over hand-built evidence: each case is one a careless gate gets wrong.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use shipgate_core::quality::{evaluate, PatchEvidence, PreviousCoverage, TestEvidence, TestGates};
use shipgate_core::{
    CoverageFormat, CoverageReport, FileCoverage, GateResult, Outcome, Report, TestFacts,
    TestRecord, TestRun, Verdict,
};

/// A test as the cases below build and change it (the run stores its tests compactly).
#[derive(Debug, Clone)]
struct Rec {
    id: String,
    outcome: Outcome,
    attempts: u32,
    flaky: bool,
    duration_seconds: f64,
}

fn t(id: &str, outcome: Outcome) -> Rec {
    Rec {
        id: id.into(),
        outcome,
        attempts: 1,
        flaky: false,
        duration_seconds: 0.5,
    }
}

fn run(label: &str, shuffled: bool, tests: Vec<Rec>) -> TestRun {
    TestRun {
        label: label.into(),
        shuffled,
        reported_seconds: tests.iter().map(|t| t.duration_seconds).sum(),
        tests: tests
            .iter()
            .map(|t| {
                TestRecord::new(
                    &t.id,
                    TestFacts {
                        outcome: t.outcome,
                        attempts: t.attempts,
                        flaky: t.flaky,
                        duration_seconds: t.duration_seconds,
                    },
                )
            })
            .collect(),
        wall_seconds: None,
        timed_tests: 1,
        sources: vec![format!("{label}.xml")],
    }
}

fn passing(n: usize) -> Vec<Rec> {
    (0..n)
        .map(|i| t(&format!("suite::test_{i}"), Outcome::Passed))
        .collect()
}

fn gate<'a>(r: &'a Report, name: &str) -> &'a GateResult {
    r.gates
        .iter()
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("no gate {name}"))
}

fn ev(runs: Vec<TestRun>) -> TestEvidence {
    TestEvidence {
        runs,
        ..TestEvidence::default()
    }
}

#[test]
fn all_gates_reported_in_order_and_missing_evidence_is_not_a_pass() {
    let r = evaluate(
        &ev(vec![run("run 1", false, passing(50))]),
        &TestGates::default(),
    );
    let names: Vec<&str> = r.gates.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "order_dependent",
            "pass_rate",
            "suite_duration",
            "test_duration",
            "flaky",
            "line_coverage",
            "branch_coverage",
            "patch_coverage",
            "coverage_drop"
        ]
    );
    assert_eq!(gate(&r, "order_dependent").verdict, Verdict::NotEvaluated);
    assert!(gate(&r, "order_dependent")
        .evidence
        .iter()
        .any(|e| e.contains("--shuffled-run")));
    assert_eq!(gate(&r, "line_coverage").verdict, Verdict::NotEvaluated);
    assert_eq!(gate(&r, "pass_rate").verdict, Verdict::Pass);
    assert_eq!(r.verdict, Verdict::Pass);
}

#[test]
fn nothing_at_all_is_inconclusive() {
    let r = evaluate(&TestEvidence::default(), &TestGates::default());
    assert!(r.gates.iter().all(|g| g.verdict == Verdict::NotEvaluated));
    assert_eq!(r.verdict, Verdict::Inconclusive);
}

#[test]
fn pass_rate_excludes_skips_and_uses_the_worst_run() {
    let mut a = passing(98);
    a.push(t("suite::bad", Outcome::Failed));
    a.push(t("suite::skip", Outcome::Skipped));
    a.push(t("suite::skip2", Outcome::Skipped));
    // 98 / 99 = 98.99% (skips excluded) passes >= 98%
    let r = evaluate(
        &ev(vec![run("run 1", false, a.clone())]),
        &TestGates::default(),
    );
    let g = gate(&r, "pass_rate");
    assert_eq!(g.verdict, Verdict::Pass, "{g:?}");
    assert!((g.measured.unwrap().value - 98.0 / 99.0).abs() < 1e-12);
    // a second run with errors is worse and decides
    let mut b = passing(90);
    b.extend((0..10).map(|i| t(&format!("suite::err_{i}"), Outcome::Errored)));
    let r = evaluate(
        &ev(vec![run("run 1", false, a), run("run 2", false, b)]),
        &TestGates::default(),
    );
    let g = gate(&r, "pass_rate");
    assert_eq!(g.verdict, Verdict::Fail);
    assert!(g.message.contains("run 2"), "{}", g.message);
    assert!(g.evidence.iter().any(|e| e == "suite::err_0"));
    assert_eq!(r.verdict, Verdict::Fail);
}

#[test]
fn zero_executed_tests_is_inconclusive_not_pass() {
    let r = evaluate(
        &ev(vec![run("run 1", false, vec![t("a::b", Outcome::Skipped)])]),
        &TestGates::default(),
    );
    assert_eq!(gate(&r, "pass_rate").verdict, Verdict::Inconclusive);
    assert_eq!(r.verdict, Verdict::Inconclusive);
    let r = evaluate(
        &ev(vec![run("empty", false, vec![])]),
        &TestGates::default(),
    );
    assert_eq!(gate(&r, "pass_rate").verdict, Verdict::Inconclusive);
}

#[test]
fn flaky_from_retries_and_from_disagreeing_in_order_runs() {
    let mut a = passing(10);
    a[0].flaky = true;
    a[0].attempts = 2;
    let mut b = passing(10);
    b[3].outcome = Outcome::Failed;
    let mut c = passing(10);
    c[5].outcome = Outcome::Skipped; // a skip is not a flip
    let r = evaluate(
        &ev(vec![
            run("r1", false, a),
            run("r2", false, b),
            run("r3", false, c),
        ]),
        &TestGates::default(),
    );
    let tests = r.tests.as_ref().unwrap();
    assert_eq!(tests.flaky, ["suite::test_0", "suite::test_3"]);
    let g = gate(&r, "flaky");
    assert_eq!(g.verdict, Verdict::Fail);
    assert_eq!(g.measured.unwrap().value, 2.0);
    assert_eq!(tests.runs[0].counts.flaky, 1);
    assert_eq!(
        tests.runs[0].counts.passed, 10,
        "flaky tests count as passed"
    );
}

#[test]
fn a_shuffled_run_with_a_different_outcome_is_order_dependence_not_flakiness() {
    let ordered = passing(5);
    let mut shuffled = passing(5);
    shuffled[2].outcome = Outcome::Failed;
    let r = evaluate(
        &ev(vec![
            run("ordered", false, ordered),
            run("shuffled", true, shuffled),
        ]),
        &TestGates::default(),
    );
    let g = gate(&r, "order_dependent");
    assert_eq!(g.verdict, Verdict::Fail);
    assert_eq!(r.tests.as_ref().unwrap().order_dependent, ["suite::test_2"]);
    assert!(r.tests.as_ref().unwrap().flaky.is_empty());
}

#[test]
fn order_dependence_must_be_consistent() {
    // fails in one of two in-order runs: that is flakiness, not order dependence
    let o1 = passing(3);
    let mut o2 = passing(3);
    o2[1].outcome = Outcome::Failed;
    let mut s1 = passing(3);
    s1[1].outcome = Outcome::Failed;
    let r = evaluate(
        &ev(vec![
            run("o1", false, o1),
            run("o2", false, o2),
            run("s1", true, s1),
        ]),
        &TestGates::default(),
    );
    assert_eq!(gate(&r, "order_dependent").verdict, Verdict::Pass);
    assert_eq!(r.tests.as_ref().unwrap().flaky, ["suite::test_1"]);
    // the reverse direction: fails in order, passes shuffled
    let mut o = passing(3);
    o[0].outcome = Outcome::Errored;
    let r = evaluate(
        &ev(vec![run("o", false, o), run("s", true, passing(3))]),
        &TestGates::default(),
    );
    assert_eq!(r.tests.as_ref().unwrap().order_dependent, ["suite::test_0"]);
}

#[test]
fn only_shuffled_runs_cannot_judge_order() {
    let r = evaluate(&ev(vec![run("s", true, passing(3))]), &TestGates::default());
    let g = gate(&r, "order_dependent");
    assert_eq!(g.verdict, Verdict::NotEvaluated);
    assert!(g.message.contains("no in-order run"));
}

#[test]
fn durations_prefer_wall_time_and_list_the_slowest() {
    let mut tests = passing(20);
    for (i, t) in tests.iter_mut().enumerate() {
        t.duration_seconds = i as f64;
    }
    tests[7].duration_seconds = 45.0;
    let mut r1 = run("r1", false, tests);
    r1.wall_seconds = Some(4000.0);
    let r = evaluate(&ev(vec![r1]), &TestGates::default());
    let suite = gate(&r, "suite_duration");
    assert_eq!(
        suite.verdict,
        Verdict::Fail,
        "4000s wall time exceeds 60m even though reports say less"
    );
    assert!(suite.message.contains("measured wall time"));
    let slow = gate(&r, "test_duration");
    assert_eq!(slow.verdict, Verdict::Fail);
    assert_eq!(slow.evidence.len(), 1);
    assert!(slow.evidence[0].starts_with("suite::test_7 took 45.00s"));
    let slowest = &r.tests.as_ref().unwrap().slowest;
    assert_eq!(slowest.len(), 10);
    assert_eq!(slowest[0].id, "suite::test_7");
    assert_eq!(slowest[1].id, "suite::test_19");
    assert!(slowest.windows(2).all(|w| w[0].seconds >= w[1].seconds));
}

#[test]
fn no_timing_data_is_inconclusive() {
    let mut tests = passing(3);
    tests.iter_mut().for_each(|t| t.duration_seconds = 0.0);
    let mut untimed = run("r", false, tests.clone());
    untimed.timed_tests = 0;
    let r = evaluate(&ev(vec![untimed]), &TestGates::default());
    assert_eq!(gate(&r, "suite_duration").verdict, Verdict::Inconclusive);
    assert_eq!(gate(&r, "test_duration").verdict, Verdict::Inconclusive);
    // tests whose reports say they took no time (fast tests, rounded) are data, not its absence
    let r = evaluate(&ev(vec![run("r", false, tests)]), &TestGates::default());
    assert_eq!(gate(&r, "test_duration").verdict, Verdict::Pass);
}

fn coverage(lines: &[(u32, u64)], branches: &[(u32, (u32, u32))]) -> CoverageReport {
    let mut c = CoverageReport::new(CoverageFormat::Cobertura, "coverage.xml");
    let f = FileCoverage::from_unsorted("src/app.py", lines.to_vec(), branches.to_vec());
    c.add_file(f);
    c
}

#[test]
fn coverage_gates() {
    let cov = coverage(&[(1, 1), (2, 0), (3, 0), (4, 0)], &[(1, (2, 1))]);
    let mut gates = TestGates::default();
    gates.set("branch_coverage", ">= 60%").unwrap();
    let e = TestEvidence {
        coverage: Some(cov),
        ..TestEvidence::default()
    };
    let r = evaluate(&e, &gates);
    assert_eq!(
        gate(&r, "line_coverage").verdict,
        Verdict::Pass,
        "25% meets >= 25%"
    );
    assert_eq!(
        gate(&r, "branch_coverage").verdict,
        Verdict::Fail,
        "50% < 60%"
    );
    assert_eq!(gate(&r, "pass_rate").verdict, Verdict::NotEvaluated);
    assert_eq!(r.verdict, Verdict::Fail);
    assert_eq!(r.coverage.unwrap().lines_valid, 4);
    assert!(r.tests.is_none());
}

#[test]
fn empty_coverage_is_inconclusive() {
    let e = TestEvidence {
        coverage: Some(coverage(&[], &[])),
        ..TestEvidence::default()
    };
    let mut gates = TestGates::default();
    gates.set("branch_coverage", ">= 1%").unwrap();
    let r = evaluate(&e, &gates);
    assert_eq!(gate(&r, "line_coverage").verdict, Verdict::Inconclusive);
    assert_eq!(gate(&r, "branch_coverage").verdict, Verdict::Inconclusive);
}

#[test]
fn patch_coverage_and_drop() {
    let cov = coverage(&[(1, 1), (2, 0), (3, 1), (4, 1)], &[]);
    let mut patch = PatchEvidence {
        base: "origin/main".into(),
        ..PatchEvidence::default()
    };
    patch
        .changed
        .insert("src/app.py".into(), [1, 2].into_iter().collect());
    let e = TestEvidence {
        coverage: Some(cov.clone()),
        patch: Some(patch.clone()),
        previous_coverage: Some(PreviousCoverage {
            line_ratio: 0.80,
            branch: "main".into(),
            commit: Some("abc".into()),
        }),
        ..TestEvidence::default()
    };
    let r = evaluate(&e, &TestGates::default());
    let p = gate(&r, "patch_coverage");
    assert_eq!(
        p.verdict,
        Verdict::Fail,
        "1 of 2 changed lines is 50% < 80%"
    );
    assert!(p.message.contains("1 of 2"));
    // 75% now vs 80% before: a 5-point drop > 1%
    let d = gate(&r, "coverage_drop");
    assert_eq!(d.verdict, Verdict::Fail);
    assert!((d.measured.unwrap().value - 0.05).abs() < 1e-12);
    // a change that touches no executable line is not evaluated, not passed
    patch.changed.clear();
    patch
        .changed
        .insert("docs/guide.md".into(), [1].into_iter().collect());
    let e = TestEvidence {
        coverage: Some(cov),
        patch: Some(patch),
        ..TestEvidence::default()
    };
    let r = evaluate(&e, &TestGates::default());
    assert_eq!(gate(&r, "patch_coverage").verdict, Verdict::NotEvaluated);
}

#[test]
fn patch_without_coverage_is_inconclusive() {
    let e = TestEvidence {
        patch: Some(PatchEvidence {
            base: "main".into(),
            ..PatchEvidence::default()
        }),
        ..TestEvidence::default()
    };
    let r = evaluate(&e, &TestGates::default());
    assert_eq!(gate(&r, "patch_coverage").verdict, Verdict::Inconclusive);
    assert_eq!(r.verdict, Verdict::Inconclusive);
}
