//! The `shipgate-demo` binary: flags, the `listening on` line, serving and stopping.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

#[path = "api/client.rs"]
mod client;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use serde_json::json;

const BIN: &str = env!("CARGO_BIN_EXE_shipgate-demo");

/// Kills the child if a test fails before it is stopped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary with `args` and waits for its `listening on http://ADDR` line.
fn start(args: &[&str]) -> (SocketAddr, Running) {
    let mut running = Running(
        Command::new(BIN)
            .args(args)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stderr = BufReader::new(running.0.stderr.take().unwrap());
    let mut seen = Vec::new();
    let mut lines = stderr.lines();
    while let Some(line) = lines.next() {
        let line = line.unwrap();
        if let Some(addr) = line.strip_prefix("listening on http://") {
            let addr = addr.trim().parse().unwrap();
            // Keep draining stderr so later log lines never hit a closed pipe.
            std::thread::spawn(move || lines.for_each(drop));
            return (addr, running);
        }
        seen.push(line);
    }
    panic!("no `listening on` line; stderr was:\n{}", seen.join("\n"));
}

#[test]
fn serves_on_the_announced_port_until_killed() {
    let (addr, mut running) = start(&["--listen", "127.0.0.1:0", "--version", "v9"]);
    assert_ne!(addr.port(), 0);
    let live = client::get(addr, "/health/live");
    assert_eq!(live.status, 200);
    assert_eq!(live.json(), json!({ "status": "alive" }));
    assert_eq!(
        client::get(addr, "/api/work").json(),
        json!({ "ok": true, "version": "v9" })
    );
    running.0.kill().unwrap();
    running.0.wait().unwrap();
}

#[test]
fn flags_reach_the_server() {
    let (addr, _running) = start(&[
        "--listen",
        "127.0.0.1:0",
        "--version",
        "v2",
        "--ready",
        "false",
        "--error-rate",
        "1",
        "--prometheus-fault",
        "error-status",
        "--seed",
        "1",
    ]);
    assert_eq!(client::get(addr, "/health/ready").status, 503);
    assert_eq!(client::get(addr, "/api/work").status, 500);
    assert_eq!(
        client::get(addr, "/api/v1/query?query=up").json()["status"],
        "error"
    );
}

#[cfg(unix)]
#[test]
fn sigterm_stops_it_cleanly() {
    let (addr, mut running) = start(&["--listen", "127.0.0.1:0", "--version", "v1"]);
    assert_eq!(client::get(addr, "/health/live").status, 200);
    let killed = Command::new("kill")
        .args(["-TERM", &running.0.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = running.0.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_flags_exit_2_with_a_reason() {
    let cases: [(&[&str], &str); 5] = [
        (&["--version", "v1"], "--listen"),
        (&["--listen", "nowhere", "--version", "v1"], "--listen"),
        (
            &[
                "--listen",
                "127.0.0.1:0",
                "--version",
                "v1",
                "--error-rate",
                "1.5",
            ],
            "between 0 and 1",
        ),
        (
            &[
                "--listen",
                "127.0.0.1:0",
                "--version",
                "v1",
                "--ready",
                "maybe",
            ],
            "--ready",
        ),
        (
            &[
                "--listen",
                "127.0.0.1:0",
                "--version",
                "v1",
                "--prometheus-fault",
                "boom",
            ],
            "error-status",
        ),
    ];
    for (args, needle) in cases {
        let (code, _, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

#[test]
fn help_lists_the_endpoints_and_faults() {
    let (code, stdout, _) = run(&["--help"]);
    assert_eq!(code, 0);
    for needle in [
        "/health/ready",
        "/api/work",
        "/metrics",
        "--error-rate",
        "http500",
        "listening on",
    ] {
        assert!(stdout.contains(needle), "{needle} missing from:\n{stdout}");
    }
}

#[test]
fn a_taken_port_exits_1() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, _, stderr) = run(&["--listen", &addr, "--version", "v1"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("cannot listen on"), "{stderr}");
}
