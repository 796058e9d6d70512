//! The `shipgate tests` and `shipgate check` commands end to end: verdicts, exit codes and
//! every output format, over the shipped example and hand-made reports.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

mod common;

use common::{demo_copy, json, junit, shipgate, write};

#[test]
fn shipped_example_passes_and_prints_the_table() {
    let dir = demo_copy();
    let r = shipgate(dir.path(), &["check"], &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    insta::assert_snapshot!("example_check_human", r.stdout);
    assert!(
        r.stderr.is_empty() || !r.stderr.contains("error"),
        "{}",
        r.stderr
    );
}

fn failing_case(dir: &std::path::Path) {
    write(
        dir,
        "reports/run1.xml",
        &junit(&[
            ("tests.test_api", "test_create", "pass", 0.2),
            ("tests.test_api", "test_refund", "fail", 1.5),
            ("tests.test_api", "test_slow_report", "pass", 42.0),
            ("tests.test_db", "test_migrate", "error", 0.1),
            ("tests.test_db", "test_backup", "skip", 0.0),
            ("tests.test_db", "test_order", "pass", 0.3),
        ]),
    );
    write(
        dir,
        "reports/shuffled.xml",
        &junit(&[
            ("tests.test_api", "test_create", "pass", 0.2),
            ("tests.test_api", "test_refund", "fail", 1.4),
            ("tests.test_api", "test_slow_report", "pass", 41.0),
            ("tests.test_db", "test_migrate", "error", 0.1),
            ("tests.test_db", "test_backup", "skip", 0.0),
            ("tests.test_db", "test_order", "fail", 0.3),
        ]),
    );
    write(
        dir,
        "lcov.info",
        "TN:\nSF:src/app.py\nDA:1,1\nDA:2,0\nDA:3,0\nDA:4,0\nDA:5,0\nBRDA:2,0,0,1\nBRDA:2,0,1,-\nend_of_record\n",
    );
}

const FAILING_ARGS: [&str; 7] = [
    "tests",
    "--junit",
    "reports/run1.xml",
    "--shuffled-run",
    "reports/shuffled.xml",
    "--coverage",
    "lcov.info",
];

#[test]
fn failing_gates_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    failing_case(dir.path());
    for format in ["human", "json", "junit", "markdown"] {
        let mut args = FAILING_ARGS.to_vec();
        args.extend(["--format", format]);
        let r = shipgate(dir.path(), &args, &[]);
        assert_eq!(r.code, 1, "{format}: {}\n{}", r.stdout, r.stderr);
        insta::assert_snapshot!(format!("failing_{format}"), r.stdout);
    }
    // nothing recorded: no config and no --store
    assert!(!dir.path().join(".shipgate").exists());
}

#[test]
fn failing_json_carries_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    failing_case(dir.path());
    let mut args = FAILING_ARGS.to_vec();
    args.extend(["--format", "json"]);
    let v = json(&shipgate(dir.path(), &args, &[]));
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["verdict"], "fail");
    let gate = |name: &str| {
        v["gates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(gate("pass_rate")["verdict"], "fail");
    assert_eq!(gate("pass_rate")["id"], "TQ-02");
    assert_eq!(gate("pass_rate")["threshold"], ">= 98%");
    // worst run is the shuffled one: 2 of 5 executed passed
    assert_eq!(gate("pass_rate")["value"], 0.4);
    assert_eq!(gate("order_dependent")["verdict"], "fail");
    assert_eq!(
        v["tests"]["order_dependent"],
        serde_json::json!(["tests.test_db::test_order"])
    );
    assert_eq!(gate("test_duration")["verdict"], "fail");
    assert_eq!(
        v["tests"]["slowest"][0]["id"],
        "tests.test_api::test_slow_report"
    );
    assert_eq!(v["tests"]["slowest"][0]["seconds"], 42.0);
    let run0 = &v["tests"]["runs"][0];
    assert_eq!(
        (
            run0["unique"].as_u64(),
            run0["passed"].as_u64(),
            run0["failed"].as_u64(),
            run0["errored"].as_u64(),
            run0["skipped"].as_u64()
        ),
        (Some(6), Some(3), Some(1), Some(1), Some(1))
    );
    assert_eq!(run0["shuffled"], false);
    assert_eq!(v["tests"]["runs"][1]["shuffled"], true);
    assert_eq!(v["coverage"]["lines_valid"], 5);
    assert_eq!(v["coverage"]["lines_covered"], 1);
    assert_eq!(v["coverage"]["branches_valid"], 2);
    assert_eq!(v["coverage"]["branches_covered"], 1);
    assert_eq!(gate("line_coverage")["verdict"], "fail", "20% < 25%");
    assert_eq!(gate("coverage_drop")["verdict"], "not_evaluated");
}

#[test]
fn thresholds_from_flags_win() {
    let dir = tempfile::tempdir().unwrap();
    failing_case(dir.path());
    let r = shipgate(
        dir.path(),
        &[
            "tests",
            "--junit",
            "reports/run1.xml",
            "--pass-rate",
            ">= 50%",
            "--test-duration",
            "< 1m",
            "--format",
            "json",
        ],
        &[],
    );
    let v = json(&r);
    let verdict = |name: &str| {
        v["gates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == name)
            .unwrap()["verdict"]
            .clone()
    };
    assert_eq!(verdict("pass_rate"), "pass", "3 of 5 = 60% >= 50%");
    assert_eq!(verdict("test_duration"), "pass");
    assert_eq!(r.code, 0);
}

#[test]
fn coverage_alone_evaluates_only_coverage() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lcov.info",
        "SF:a.rs\nDA:1,1\nDA:2,1\nDA:3,0\nend_of_record\n",
    );
    let r = shipgate(
        dir.path(),
        &["tests", "--coverage", "lcov.info", "--format", "json"],
        &[],
    );
    let v = json(&r);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for g in v["gates"].as_array().unwrap() {
        let expected = if g["name"] == "line_coverage" {
            "pass"
        } else {
            "not_evaluated"
        };
        assert_eq!(g["verdict"], expected, "{g}");
    }
    assert!(v.get("tests").is_none());
}

#[test]
fn zero_tests_is_inconclusive_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.xml", "<testsuites></testsuites>");
    let r = shipgate(
        dir.path(),
        &["tests", "--junit", "empty.xml", "--format", "json"],
        &[],
    );
    assert_eq!(r.code, 1);
    let v = json(&r);
    assert_eq!(v["verdict"], "inconclusive");
}

#[test]
fn flaky_retries_fail_tq04() {
    let dir = tempfile::tempdir().unwrap();
    // pytest-rerunfailures style: the same test twice, failing then passing
    write(
        dir.path(),
        "r.xml",
        &junit(&[
            ("t", "test_net", "fail", 0.1),
            ("t", "test_net", "pass", 0.1),
            ("t", "test_ok", "pass", 0.1),
        ]),
    );
    let r = shipgate(
        dir.path(),
        &["tests", "--junit", "r.xml", "--format", "json"],
        &[],
    );
    let v = json(&r);
    assert_eq!(r.code, 1);
    assert_eq!(v["tests"]["flaky"], serde_json::json!(["t::test_net"]));
    assert_eq!(v["tests"]["runs"][0]["passed"], 2);
    assert_eq!(v["tests"]["runs"][0]["unique"], 2);
}

#[test]
fn no_color_means_no_escape_codes() {
    let dir = demo_copy();
    let r = shipgate(dir.path(), &["check"], &[("NO_COLOR", "1")]);
    assert!(!r.stdout.contains('\u{1b}'));
}

#[test]
fn github_actions_gets_a_step_summary_and_annotations() {
    let dir = tempfile::tempdir().unwrap();
    failing_case(dir.path());
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "# earlier step\n").unwrap();
    let mut args = FAILING_ARGS.to_vec();
    args.extend(["--format", "json"]);
    let r = shipgate(
        dir.path(),
        &args,
        &[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
        ],
    );
    assert_eq!(r.code, 1);
    json(&r); // stdout stays pure JSON
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with("# earlier step\n"),
        "appended, not overwritten"
    );
    assert!(
        text.contains("| Gate | Threshold | Actual | Status |"),
        "{text}"
    );
    assert!(
        r.stderr.contains("::error title=TQ-02 pass_rate::"),
        "{}",
        r.stderr
    );
}

#[test]
fn help_teaches() {
    let dir = tempfile::tempdir().unwrap();
    let r = shipgate(dir.path(), &["tests", "--help"], &[]);
    assert_eq!(r.code, 0);
    for needle in [
        "--junit",
        "--shuffled-run",
        "--coverage",
        "--base",
        "--pass-rate",
        "Examples:",
    ] {
        assert!(r.stdout.contains(needle), "missing {needle}");
    }
    let r = shipgate(dir.path(), &["tests", "run", "--help"], &[]);
    for needle in [
        "{junit}",
        "{seed}",
        "pytest",
        "jest",
        "go test",
        "cargo test",
    ] {
        assert!(r.stdout.contains(needle), "missing {needle}");
    }
    let r = shipgate(dir.path(), &["--help"], &[]);
    assert!(r.stdout.contains("Exit codes:"));
}
