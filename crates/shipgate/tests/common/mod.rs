//! Helpers for running the real `shipgate` binary in a scratch folder.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run shipgate in `dir` with a clean, deterministic environment plus `env`.
pub fn shipgate(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shipgate"));
    cmd.args(args).current_dir(dir);
    for k in [
        "GITHUB_ACTIONS",
        "GITHUB_STEP_SUMMARY",
        "GITHUB_HEAD_REF",
        "GITHUB_REF_NAME",
        "GITHUB_SHA",
        "CI_COMMIT_REF_NAME",
        "CI_COMMIT_SHA",
        "SHIPGATE_CONFIG",
        "SHIPGATE_LOG",
        "BUILDKITE_BRANCH",
        "CIRCLE_BRANCH",
        "GIT_BRANCH",
        "GIT_COMMIT",
    ] {
        cmd.env_remove(k);
    }
    cmd.env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out: Output = cmd.output().expect("run shipgate");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

/// A scratch folder holding a copy of the shipped example.
pub fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("examples/demo"), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join(".shipgate"));
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

pub fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&p, text).expect("write");
    p
}

/// A pytest-style JUnit report: (classname, name, outcome, seconds) with outcome one of
/// pass, fail, error, skip.
pub fn junit(cases: &[(&str, &str, &str, f64)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<testsuites><testsuite name=\"pytest\">\n",
    );
    for (class, name, outcome, secs) in cases {
        let body = match *outcome {
            "fail" => "<failure message=\"assert 1 == 2\">AssertionError</failure>",
            "error" => "<error message=\"fixture failed\">boom</error>",
            "skip" => "<skipped message=\"not today\"/>",
            _ => "",
        };
        s.push_str(&format!(
            "  <testcase classname=\"{class}\" name=\"{name}\" time=\"{secs}\">{body}</testcase>\n"
        ));
    }
    s.push_str("</testsuite></testsuites>\n");
    s
}

pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        )
    })
}
