//! `shipgate tests run`: the suite really runs (a real pytest over the shipped example, and
//! small commands that misbehave), without a shell, with wall time measured.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

mod common;

use common::{demo_copy, json, shipgate};

fn python() -> &'static str {
    "python3"
}

#[test]
fn runs_pytest_in_order_then_shuffled() {
    let dir = demo_copy();
    let r = shipgate(
        dir.path(),
        &[
            "tests",
            "run",
            "--runs",
            "2",
            "--seed",
            "7",
            "--format",
            "json",
            "--shuffle-arg=-p",
            "--shuffle-arg=randomly",
            "--shuffle-arg=--randomly-seed={seed}",
            "--",
            python(),
            "-m",
            "pytest",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "-q",
            "--junitxml={junit}",
            "tests",
        ],
        &[],
    );
    let v = json(&r);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let runs = v["tests"]["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["label"], "run 1");
    assert_eq!(runs[1]["label"], "run 2 (shuffled, seed 7)");
    assert_eq!(runs[1]["shuffled"], true);
    assert_eq!(runs[0]["measured"], true, "wall time measured");
    assert_eq!(runs[0]["unique"], 13);
    assert_eq!(runs[0]["passed"], 12);
    assert_eq!(runs[0]["skipped"], 1);
    let order = v["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "order_dependent")
        .unwrap()
        .clone();
    assert_eq!(order["verdict"], "pass");
    // pytest's own output went to stderr, not into the JSON
    assert!(r.stderr.contains("passed"), "{}", r.stderr);
    assert!(r.stderr.contains("run 2/2 (shuffled, seed 7)"));
}

#[test]
fn a_command_that_cannot_start_is_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let r = shipgate(
        dir.path(),
        &[
            "tests",
            "run",
            "--",
            "no-such-test-runner-xyz",
            "--junit={junit}",
        ],
        &[],
    );
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("no-such-test-runner-xyz"), "{}", r.stderr);
}

#[test]
fn no_report_written_is_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let r = shipgate(
        dir.path(),
        &[
            "tests",
            "run",
            "--",
            python(),
            "-c",
            "import sys; sys.exit(4)",
            "{junit}",
        ],
        &[],
    );
    assert_eq!(r.code, 3);
    assert!(
        r.stderr
            .contains("exited with status 4 and wrote no JUnit report"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_failing_command_with_a_clean_report_fails_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    // writes a passing report, then crashes: `pytest | tee` would have called this green
    let script = "import sys\nopen(sys.argv[1], 'w').write('<testsuite><testcase classname=\"c\" name=\"t\" time=\"0.1\"/></testsuite>')\nsys.exit(2)";
    let r = shipgate(
        dir.path(),
        &[
            "tests",
            "run",
            "--format",
            "json",
            "--",
            python(),
            "-c",
            script,
            "{junit}",
        ],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r);
    let g = v["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "suite_exit_status")
        .unwrap()
        .clone();
    assert_eq!(g["verdict"], "fail");
}

#[test]
fn the_command_runs_without_a_shell() {
    let dir = tempfile::tempdir().unwrap();
    // a shell would expand $HOME and run the `; touch` part
    let script = "import sys\nopen(sys.argv[1], 'w').write('<testsuite><testcase classname=\"c\" name=\"t\" time=\"0.1\"/></testsuite>')\nassert sys.argv[2] == '$HOME; touch pwned', sys.argv[2]";
    let r = shipgate(
        dir.path(),
        &[
            "tests",
            "run",
            "--",
            python(),
            "-c",
            script,
            "{junit}",
            "$HOME; touch pwned",
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!dir.path().join("pwned").exists());
}

#[test]
fn junit_dir_keeps_the_reports() {
    let dir = tempfile::tempdir().unwrap();
    let script = "import sys\nopen(sys.argv[1], 'w').write('<testsuite><testcase classname=\"c\" name=\"t\" time=\"0.1\"/></testsuite>')";
    let r = shipgate(
        dir.path(),
        &[
            "tests",
            "run",
            "--runs",
            "2",
            "--junit-dir",
            "out",
            "--",
            python(),
            "-c",
            script,
            "{junit}",
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.path().join("out/run-1.xml").is_file());
    assert!(dir.path().join("out/run-2.xml").is_file());
    assert!(r.stderr.contains("repeats in order"));
}
