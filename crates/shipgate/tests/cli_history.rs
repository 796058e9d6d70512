//! Recording history and reading it back: coverage drop, flip rates, patch coverage from git.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

mod common;

use std::path::Path;
use std::process::Command;

use common::{demo_copy, json, junit, shipgate, write};

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git")
        .status
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn config_in_use_records_history_and_detects_a_coverage_drop() {
    let dir = demo_copy();
    let env = [
        ("GITHUB_REF_NAME", "main"),
        ("GITHUB_SHA", "1111111111111111111111111111111111111111"),
    ];
    let r = shipgate(dir.path(), &["check", "--format", "json"], &env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.path().join(".shipgate/history.db").is_file());
    // the next commit loses coverage: lcov with 50% of lines
    write(
        dir.path(),
        "drop.info",
        "SF:inventory/stock.py\nDA:1,1\nDA:2,0\nend_of_record\n",
    );
    let r = shipgate(
        dir.path(),
        &[
            "tests",
            "--coverage",
            "drop.info",
            "--line-coverage",
            ">= 10%",
            "--format",
            "json",
        ],
        &[
            ("GITHUB_REF_NAME", "main"),
            ("GITHUB_SHA", "2222222222222222222222222222222222222222"),
        ],
    );
    let v = json(&r);
    let drop = v["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "coverage_drop")
        .unwrap()
        .clone();
    assert_eq!(drop["verdict"], "fail", "{drop}");
    assert!(
        (drop["value"].as_f64().unwrap() - 0.475).abs() < 1e-9,
        "97.5% -> 50%: {drop}"
    );
    assert!(drop["message"].as_str().unwrap().contains("111111111111"));
    assert_eq!(r.code, 1);
    // another branch has no history yet: not evaluated
    let r = shipgate(
        dir.path(),
        &["tests", "--coverage", "drop.info", "--format", "json"],
        &[("GITHUB_REF_NAME", "feature/x")],
    );
    let v = json(&r);
    let drop = v["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "coverage_drop")
        .unwrap()
        .clone();
    assert_eq!(drop["verdict"], "not_evaluated");

    let r = shipgate(
        dir.path(),
        &["history", "coverage", "--format", "json"],
        &[],
    );
    assert_eq!(r.code, 0);
    let v = json(&r);
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    assert_eq!(points[0]["branch"], "feature/x", "most recent first");
    let r = shipgate(
        dir.path(),
        &["history", "coverage", "--branch", "main"],
        &[],
    );
    assert!(
        r.stdout.contains("97.50%") && r.stdout.contains("50.00%"),
        "{}",
        r.stdout
    );
}

#[test]
fn flip_rates_accumulate_across_recorded_runs() {
    let dir = tempfile::tempdir().unwrap();
    for (i, outcome) in ["pass", "fail", "pass", "pass"].iter().enumerate() {
        write(
            dir.path(),
            "r.xml",
            &junit(&[
                ("t", "test_flappy", outcome, 0.1),
                ("t", "test_steady", "pass", 0.1),
            ]),
        );
        let r = shipgate(
            dir.path(),
            &["tests", "--junit", "r.xml", "--store", "h.db"],
            &[],
        );
        assert_eq!(
            r.code,
            if *outcome == "fail" { 1 } else { 0 },
            "run {i}: {}",
            r.stderr
        );
    }
    let r = shipgate(
        dir.path(),
        &["history", "flaky", "--store", "h.db", "--format", "json"],
        &[],
    );
    let v = json(&r);
    let tests = v["tests"].as_array().unwrap();
    assert_eq!(tests[0]["id"], "t::test_flappy");
    assert_eq!(tests[0]["flips"], 2);
    assert_eq!(tests[0]["observations"], 4);
    // the current run's TQ-04 evidence shows the history
    let r = shipgate(
        dir.path(),
        &[
            "tests", "--junit", "r.xml", "--store", "h.db", "--format", "json",
        ],
        &[],
    );
    let v = json(&r);
    let flaky = v["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "flaky")
        .unwrap()
        .clone();
    assert!(
        flaky["evidence"]
            .to_string()
            .contains("history: t::test_flappy flip rate"),
        "{flaky}"
    );
}

#[test]
fn history_without_a_store_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let r = shipgate(dir.path(), &["history", "flaky"], &[]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("no history recorded yet"));
    assert!(
        !dir.path().join(".shipgate").exists(),
        "reading history creates nothing"
    );
}

#[test]
fn history_of_a_store_named_with_store_that_does_not_exist_is_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["flaky", "coverage"] {
        let r = shipgate(
            dir.path(),
            &["history", command, "--store", "missing.db"],
            &[],
        );
        assert_eq!(r.code, 3, "{command}: {}", r.stderr);
        assert!(r.stderr.contains("missing.db"), "{}", r.stderr);
        assert!(
            !r.stderr.contains("no history recorded yet"),
            "{}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
    assert!(
        !dir.path().join("missing.db").exists(),
        "reading history creates nothing"
    );
    // named with --store, even where the config's default would be: it must exist
    common::write(dir.path(), "shipgate.yaml", "tests: { junit: [r.xml] }\n");
    let default = dir.path().join(".shipgate/history.db");
    let r = shipgate(
        dir.path(),
        &["history", "flaky", "--store", default.to_str().unwrap()],
        &[],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("history.db"), "{}", r.stderr);
}

#[test]
fn patch_coverage_from_git() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "src/app.py", "a = 1\nb = 2\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "base"]);
    git(d, &["checkout", "-qb", "feature"]);
    write(d, "src/app.py", "a = 1\nb = 2\nc = 3\nd = 4\n");
    git(d, &["commit", "-qam", "more"]);
    // lines 3 and 4 changed; only line 3 covered
    write(
        d,
        "cov.info",
        "SF:/ci/build/src/app.py\nDA:1,1\nDA:2,1\nDA:3,1\nDA:4,0\nend_of_record\n",
    );
    let r = shipgate(
        d,
        &[
            "tests",
            "--coverage",
            "cov.info",
            "--base",
            "main",
            "--format",
            "json",
        ],
        &[],
    );
    let v = json(&r);
    let patch = v["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "patch_coverage")
        .unwrap()
        .clone();
    assert_eq!(patch["verdict"], "fail", "{patch}");
    assert_eq!(patch["value"], 0.5);
    assert_eq!(r.code, 1);
    let r = shipgate(
        d,
        &[
            "tests",
            "--coverage",
            "cov.info",
            "--base",
            "main",
            "--patch-coverage",
            ">= 50%",
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    let r = shipgate(
        d,
        &[
            "tests",
            "--coverage",
            "cov.info",
            "--base",
            "no-such-branch",
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("no-such-branch"));
}

#[test]
fn a_check_that_ends_in_exit_3_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.xml", &junit(&[("t", "a", "passed", 0.1)]));
    // the docs section cannot run (its glob matches nothing): exit 3, after the tests section
    write(
        dir.path(),
        "shipgate.yaml",
        "tests:\n  junit: [\"r.xml\"]\ndocs:\n  include: [\"docs/*.md\"]\n",
    );
    let r = shipgate(dir.path(), &["check", "--format", "json"], &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(json(&r)["verdict"], "error");
    assert!(
        !dir.path().join(".shipgate/history.db").exists(),
        "an exit-3 check was recorded"
    );
    // the same check without the broken section is recorded
    write(
        dir.path(),
        "shipgate.yaml",
        "tests:\n  junit: [\"r.xml\"]\n",
    );
    let r = shipgate(dir.path(), &["check"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.path().join(".shipgate/history.db").is_file());
}
