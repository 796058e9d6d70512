//! `shipgate docs check` end to end over the fixture repositories in `fixtures/docs/`: one
//! per finding kind, each with near-misses that must not be reported. Every fixture's
//! findings must equal its `expected.txt` exactly; then snapshots of every output format,
//! the exit codes, config errors and `shipgate check` with a `docs:` section.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;
mod live;

use std::path::Path;
use std::process::Command;

use common::{copy_dir, repo, shipgate, write};
use live::{demo, free_port, DemoOptions};

/// A scratch copy of `fixtures/docs/NAME`; `unknown-commit` becomes a git repository whose
/// one commit (of `seed.txt`, fixed author and dates) has a known hash.
fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("fixtures/docs").join(name), dir.path());
    if name == "unknown-commit" {
        git(dir.path(), &["init", "-q"]);
        git(dir.path(), &["add", "seed.txt"]);
        git(dir.path(), &["commit", "-q", "-m", "seed"]);
        let head = git(dir.path(), &["rev-parse", "HEAD"]);
        assert_eq!(head.trim(), "998a9063f096e3b1959d50f7050c3ab0c4c25bc7");
    }
    dir
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "fixture")
        .env("GIT_AUTHOR_EMAIL", "fixture@example.com")
        .env("GIT_COMMITTER_NAME", "fixture")
        .env("GIT_COMMITTER_EMAIL", "fixture@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The findings of `docs check --format json`, in the precision `expected.txt` asks for.
fn check_fixture(name: &str) {
    let dir = fixture(name);
    let r = shipgate(dir.path(), &["docs", "check", "--format", "json"], &[]);
    let report: serde_json::Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {}\n{}", r.stdout, r.stderr));
    let expected = std::fs::read_to_string(dir.path().join("expected.txt")).expect("expected.txt");
    let expected: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
    let findings = report["findings"].as_array().expect("findings[]");
    let mut actual: Vec<String> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let kind = f["kind"].as_str().unwrap();
        let file = f["file"].as_str().unwrap();
        // compare in the precision the expectation is written in
        let precision = expected.get(i).map_or(2, |e| {
            e.split_once(' ')
                .map_or(0, |(_, at)| at.matches(':').count())
        });
        let at = match (precision, &f["line"], &f["column"]) {
            (0, _, _) | (_, serde_json::Value::Null, _) => file.to_string(),
            (1, line, _) => format!("{file}:{line}"),
            (_, line, column) => format!("{file}:{line}:{column}"),
        };
        actual.push(format!("{kind} {at}"));
    }
    assert_eq!(
        actual,
        expected,
        "{name}: findings differ\n{}\nstderr: {}",
        serde_json::to_string_pretty(&report["findings"]).unwrap(),
        r.stderr
    );
    assert_eq!(
        r.code,
        if expected.is_empty() { 0 } else { 1 },
        "{name}: exit code"
    );
    for f in findings {
        assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()), "{f}");
    }
}

#[test]
fn broken_link() {
    check_fixture("broken-link");
}

#[test]
fn missing_anchor() {
    check_fixture("missing-anchor");
}

#[test]
fn unknown_command() {
    check_fixture("unknown-command");
}

#[test]
fn invalid_command() {
    check_fixture("invalid-command");
}

#[test]
fn unknown_env() {
    check_fixture("unknown-env");
}

#[test]
fn diagram_drift() {
    check_fixture("diagram-drift");
}

#[test]
fn unknown_endpoint() {
    check_fixture("unknown-endpoint");
}

#[test]
fn unknown_id() {
    check_fixture("unknown-id");
}

#[test]
fn unknown_commit() {
    check_fixture("unknown-commit");
}

#[test]
fn missing_path() {
    check_fixture("missing-path");
}

#[test]
fn mermaid_syntax() {
    check_fixture("mermaid-syntax");
}

#[test]
fn requirement() {
    check_fixture("requirement");
}

/// The suggestions users act on: the nearest truth line, the right relative link.
#[test]
fn findings_suggest_the_nearest_good_alternative() {
    let dir = fixture("unknown-command");
    let r = shipgate(dir.path(), &["docs", "check", "--format", "json"], &[]);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let first = &report["findings"][0];
    assert_eq!(
        first["suggestion"],
        "kubectl rollout status deployment/${{ env.APP }} --timeout=10m -n production",
        "{first:#}"
    );
    let dir = fixture("broken-link");
    let r = shipgate(dir.path(), &["docs", "check", "--format", "json"], &[]);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["findings"][0]["suggestion"], "install/setup.md");
}

/// Runs, durations and absolute paths never appear, so every format can be snapshotted.
#[test]
fn every_format_of_a_failing_check() {
    let dir = fixture("unknown-command");
    for format in ["human", "json", "markdown", "sarif", "junit"] {
        let r = shipgate(dir.path(), &["docs", "check", "--format", format], &[]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        insta::assert_snapshot!(format!("docs_unknown_command_{format}"), r.stdout);
    }
}

#[test]
fn a_clean_tree_passes_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "shipgate.yaml",
        "docs:\n  include: [\"*.md\"]\n  commits: false\n",
    );
    write(
        dir.path(),
        "README.md",
        "# Title\n\n## Usage\n\nSee [usage](#usage) and [guide](guide.md#setup).\n",
    );
    write(dir.path(), "guide.md", "# Guide\n\n## Setup\n");
    let r = shipgate(dir.path(), &["docs", "check"], &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    insta::assert_snapshot!("docs_clean_human", r.stdout);
}

#[test]
fn config_errors_exit_2_and_missing_truth_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "README.md", "# Title\n");
    write(
        dir.path(),
        "shipgate.yaml",
        "docs:\n  include: [\"*.md\"]\n  commits: false\n  ids:\n    - pattern: \"TQ-[0-9\"\n      truth: [\"*.md\"]\n",
    );
    let r = shipgate(dir.path(), &["docs", "check", "--format", "json"], &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("shipgate.yaml:5:16"), "{}", r.stderr);
    assert!(r.stdout.is_empty());

    write(
        dir.path(),
        "shipgate.yaml",
        "docs:\n  include: [\"*.md\"]\n  commits: false\n  env:\n    truth: [\"src/**/*.py\"]\n",
    );
    let r = shipgate(dir.path(), &["docs", "check"], &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("src/**/*.py"), "{}", r.stderr);

    write(
        dir.path(),
        "shipgate.yaml",
        "docs:\n  include: [\"docs/*.md\"]\n",
    );
    let r = shipgate(dir.path(), &["docs", "check"], &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("docs/*.md"), "{}", r.stderr);

    // a malformed workflow is a finding at its line (the pipeline it describes cannot run);
    // the check still reports, and fails
    write(
        dir.path(),
        "shipgate.yaml",
        "docs:\n  include: [\"*.md\"]\n  commits: false\n  commands:\n    tools: [kubectl]\n    truth: [\"ci.yml\"]\n",
    );
    write(
        dir.path(),
        "ci.yml",
        "jobs:\n  a:\n    steps:\n      - run: [unclosed\n",
    );
    let r = shipgate(dir.path(), &["docs", "check", "--format", "json"], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON report");
    let findings = report["findings"].as_array().expect("findings[]");
    assert!(
        findings.iter().any(|f| f["file"] == "ci.yml"
            && f["kind"] == "unknown-command"
            && f["line"].as_u64().is_some()),
        "{}",
        r.stdout
    );

    // a document that is not UTF-8 text is named
    write(
        dir.path(),
        "shipgate.yaml",
        "docs:\n  include: [\"*.md\"]\n  commits: false\n",
    );
    std::fs::write(dir.path().join("latin1.md"), b"caf\xe9\n").unwrap();
    let r = shipgate(dir.path(), &["docs", "check"], &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("latin1.md"), "{}", r.stderr);
    std::fs::remove_file(dir.path().join("latin1.md")).unwrap();

    write(
        dir.path(),
        "shipgate.yaml",
        "tests:\n  junit: [\"*.xml\"]\n",
    );
    let r = shipgate(dir.path(), &["docs", "check"], &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("no `docs:` section"), "{}", r.stderr);
}

#[test]
fn check_runs_the_docs_section_with_the_others() {
    let dir = fixture("missing-anchor");
    let r = shipgate(dir.path(), &["check", "--format", "json"], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["verdict"], "fail");
    let links = report["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "DG-01")
        .expect("DG-01 gate");
    assert_eq!(links["verdict"], "fail");
    assert_eq!(report["findings"].as_array().unwrap().len(), 3);
}

/// `links.external: true` fetches every http(s) link once, against the real demo service:
/// a page that answers passes, a 404 and a closed port are broken links saying why.
#[test]
fn external_links_are_fetched_when_asked() {
    let (addr, _demo) = demo(DemoOptions::default());
    let closed = free_port();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "README.md",
        &format!(
            "# Links\n\n[live](http://{addr}/health/live#status) and [again](http://{addr}/health/live)\n\n\
             [gone](http://{addr}/no-such-page) [down](http://127.0.0.1:{closed}/)\n"
        ),
    );
    write(
        dir.path(),
        "shipgate.yaml",
        "docs:\n  include: [README.md]\n  commits: false\n  links: { external: true }\n",
    );
    let r = shipgate(dir.path(), &["docs", "check", "--format", "json"], &[]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let got: Vec<(u64, u64, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (5, 1));
    assert!(got[0].2.contains("404 Not Found"), "{}", got[0].2);
    assert_eq!(
        (got[1].0, got[1].1),
        (5, addr.to_string().len() as u64 + 30)
    );
    assert!(got[1].2.contains("could not connect"), "{}", got[1].2);
    assert!(
        r.stderr.contains("checking 3 external links"),
        "{}",
        r.stderr
    );

    // off by default: the same document passes without the network
    write(
        dir.path(),
        "shipgate.yaml",
        "docs:\n  include: [README.md]\n  commits: false\n",
    );
    let r = shipgate(dir.path(), &["docs", "check"], &[]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

/// One wrong path in four places reads as one finding in the human and Markdown output, with
/// its places; JSON keeps one finding per place. Each gate says what it verified.
#[test]
fn a_finding_repeated_across_documents_is_shown_once_with_its_places() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "shipgate.yaml",
        "docs:\n  include: [\"docs/*.md\"]\n  commits: false\n  paths: true\n",
    );
    write(dir.path(), "scripts/release.sh", "#!/bin/sh\n");
    write(
        dir.path(),
        "docs/a.md",
        "# A\n\nRun `scripts/deploy.sh`, then `scripts/release.sh`.\n\nAgain: `scripts/deploy.sh`.\n",
    );
    write(dir.path(), "docs/b.md", "# B\n\nRun `scripts/deploy.sh`.\n");
    write(
        dir.path(),
        "docs/c.md",
        "# C\n\nRun `scripts/deploy.sh` and read [A](a.md).\n\nSee `etc/shipgate.yml`.\n",
    );
    let r = shipgate(dir.path(), &["docs", "check", "--format", "json"], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let deploy = findings
        .iter()
        .filter(|f| f["message"].as_str().unwrap().contains("scripts/deploy.sh"))
        .count();
    assert_eq!((findings.len(), deploy), (5, 4), "{findings:#?}");
    for format in ["human", "markdown"] {
        let r = shipgate(dir.path(), &["docs", "check", "--format", format], &[]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        insta::assert_snapshot!(format!("docs_repeated_{format}"), r.stdout);
    }
}
