//! Signals: a cancelled CI job (SIGTERM), Ctrl-C (SIGINT) and a second signal, against the
//! real binary and a real child process tree.
//!
//! Waits poll for what the binary writes (a pid file, a line on stderr) with a bounded
//! deadline; nothing sleeps a fixed time.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::write;

const DEADLINE: Duration = Duration::from_secs(30);

/// A running shipgate with stdout and stderr going to files in `dir`.
struct Running {
    child: Child,
    dir: PathBuf,
}

impl Running {
    fn start(dir: &Path, program: &str, args: &[&str]) -> Running {
        let out = std::fs::File::create(dir.join("stdout")).unwrap();
        let err = std::fs::File::create(dir.join("stderr")).unwrap();
        let tmp = dir.join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let child = Command::new(program)
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env("TMPDIR", &tmp)
            .env_remove("GITHUB_ACTIONS")
            .env_remove("SHIPGATE_CONFIG")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap();
        Running {
            child,
            dir: dir.to_path_buf(),
        }
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(self.dir.join("stderr")).unwrap_or_default()
    }

    fn stdout(&self) -> String {
        std::fs::read_to_string(self.dir.join("stdout")).unwrap_or_default()
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Wait for the exit; returns the code and how long it took.
    fn wait(&mut self) -> (i32, Duration) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status.code().unwrap_or(-1), start.elapsed());
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("shipgate did not exit\nstderr:\n{}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Poll until `ready` holds (bounded).
fn until(what: &str, run: &Running, ready: impl Fn() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < DEADLINE,
            "timed out waiting for {what}\nstderr:\n{}",
            run.stderr()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether a process is gone (a zombie waiting for a reaper counts as gone).
fn gone(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
    }
}

/// A test suite that starts a worker in its own process group, writes both pids and waits
/// for the worker; `trap` lets a test make it ignore SIGTERM.
fn suite_args(dir: &Path, trap: &str) -> Vec<String> {
    let script = format!(
        "{trap} echo $$ > '{d}/suite.pid'; sleep 300 & echo $! > '{d}/worker.pid'; wait",
        d = dir.display()
    );
    [
        "tests", "run", "--format", "json", "--", "sh", "-c", &script, "sh", "{junit}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn start_suite(dir: &Path, trap: &str) -> Running {
    let args = suite_args(dir, trap);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = Running::start(dir, env!("CARGO_BIN_EXE_shipgate"), &refs);
    until("the suite's worker", &run, || {
        dir.join("worker.pid").exists()
    });
    run
}

fn pid(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name))
        .unwrap()
        .trim()
        .to_string()
}

fn assert_inconclusive_report(stdout: &str, signal: &str) {
    let json: serde_json::Value = serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}"));
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["verdict"], "inconclusive", "{json:#}");
    let gates = json["gates"].as_array().unwrap();
    assert!(!gates.is_empty(), "{json:#}");
    for g in gates {
        assert_eq!(g["verdict"], "inconclusive", "{g:#}");
        let message = g["message"].as_str().unwrap();
        assert!(message.contains(signal), "{message}");
    }
}

#[test]
fn sigterm_stops_the_suite_group_prints_the_report_and_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut run = start_suite(dir.path(), "");
    let worker = pid(dir.path(), "worker.pid");
    let suite = pid(dir.path(), "suite.pid");
    run.signal("TERM");
    let (code, _) = run.wait();
    assert_eq!(code, 143, "{}", run.stderr());
    assert_inconclusive_report(&run.stdout(), "SIGTERM");
    assert!(
        run.stderr().contains("SIGTERM: stopping"),
        "{}",
        run.stderr()
    );
    assert!(gone(&suite), "the suite's shell outlived shipgate");
    assert!(gone(&worker), "the suite's worker was orphaned");
    let left: Vec<_> = std::fs::read_dir(dir.path().join("tmp"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}

#[test]
fn a_second_signal_exits_at_once_killing_a_suite_that_ignores_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut run = start_suite(dir.path(), "trap '' TERM;");
    let worker = pid(dir.path(), "worker.pid");
    run.signal("TERM");
    until("the first signal to be seen", &run, || {
        run.stderr().contains("SIGTERM: stopping")
    });
    run.signal("INT");
    let (code, took) = run.wait();
    assert_eq!(code, 143, "the first signal's code\n{}", run.stderr());
    assert!(
        took < Duration::from_secs(4),
        "the second signal waited {took:?}, as long as the grace period"
    );
    assert!(
        run.stderr().contains("SIGINT again: exiting now"),
        "{}",
        run.stderr()
    );
    until("the worker to be killed", &run, || gone(&worker));
    let left = std::fs::read_dir(dir.path().join("tmp")).unwrap().count();
    assert_eq!(left, 0, "temporary files left behind");
}

#[test]
fn an_inherited_ignored_sigint_is_reset() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "-c".to_string(),
        "trap '' INT; exec \"$0\" \"$@\"".to_string(),
        env!("CARGO_BIN_EXE_shipgate").to_string(),
    ];
    args.extend(suite_args(dir.path(), ""));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut run = Running::start(dir.path(), "sh", &refs);
    until("the suite's worker", &run, || {
        dir.path().join("worker.pid").exists()
    });
    let worker = pid(dir.path(), "worker.pid");
    run.signal("INT");
    let (code, _) = run.wait();
    assert_eq!(code, 130, "{}", run.stderr());
    assert_inconclusive_report(&run.stdout(), "SIGINT");
    until("the worker to be killed", &run, || gone(&worker));
}

#[test]
fn sigint_during_smoke_polling_reports_every_check_inconclusive() {
    let dir = tempfile::tempdir().unwrap();
    // nothing listens on port 9 of loopback: the checks fail until the 5-minute deadline
    write(
        dir.path(),
        "shipgate.yaml",
        "smoke:\n  base_url: http://127.0.0.1:9\n  wait: { timeout: 5m, interval: 1s }\n  checks:\n    - name: ready\n      request: { path: /health/ready }\n    - name: home\n      request: { path: / }\n",
    );
    let mut run = Running::start(
        dir.path(),
        env!("CARGO_BIN_EXE_shipgate"),
        &["smoke", "--format", "json"],
    );
    until("polling to start", &run, || {
        run.stderr().contains("smoke: 2 checks")
    });
    run.signal("INT");
    let (code, _) = run.wait();
    assert_eq!(code, 130, "{}", run.stderr());
    assert_inconclusive_report(&run.stdout(), "SIGINT");
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    let names: Vec<&str> = json["gates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ready", "home"]);
}
