//! `shipgate rollout` end to end: the real binary, a real nginx in front of two
//! `shipgate-demo` instances (stable and canary), shell scripts as the exec target, the
//! history store in a scratch folder.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

mod common;
mod live;
mod rollout_setup;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{json, shipgate, write};
use rollout_setup::{
    finish, log, setup, setup_with, start_long, start_plan, start_to_end, upstream,
};
use shipgate_demo::DemoOptions;

#[test]
fn a_good_release_is_promoted_and_the_next_one_returns_to_it() {
    let s = setup(true);
    let d = s.dir.path();
    let r = start_to_end(d, &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v = json(&r);
    assert_eq!(v["outcome"], "promoted");
    assert_eq!(v["stable"], "v1");
    assert_eq!(log(d), "backup\nstart v2\npromote v2\n");
    // settled: all traffic on the stable servers (which run v2 now)
    let up = upstream(d);
    assert!(up.contains(&s.stable) && !up.contains(&s.canary), "{up}");
    let timeline: Vec<String> = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            format!(
                "{}: {}",
                t["what"].as_str().unwrap(),
                t["result"].as_str().unwrap()
            )
        })
        .filter(|t| !t.ends_with("begun"))
        .collect();
    assert!(
        timeline.contains(&"sending 20% of the traffic to the canary: succeeded".to_string()),
        "{timeline:?}"
    );

    // the next rollout needs no --stable: it returns to v2, the last promoted
    let r = shipgate(
        d,
        &["rollout", "start", "--version", "v3", "--format", "json"],
        &[],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(json(&r)["stable"], "v2");
    let history = shipgate(d, &["history", "deployments", "--format", "json"], &[]);
    let all: serde_json::Value = serde_json::from_str(&history.stdout).unwrap();
    assert_eq!(all[0]["outcome"], "promoted");
    assert_eq!(all[1]["version"], "v3");
    assert_eq!(all[1]["stable"], "v2");
}

#[test]
fn a_canary_that_is_not_ready_is_removed_before_any_traffic_moves() {
    let s = setup(false);
    let d = s.dir.path();
    let before = upstream(d);
    let r = start_to_end(d, &[]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let v = json(&r);
    assert_eq!(v["outcome"], "rolled_back");
    assert!(v["failure"].as_str().unwrap().contains("not ready"), "{v}");
    assert_eq!(log(d), "backup\nstart v2\nstop v2\n");
    assert_eq!(upstream(d), before, "traffic never moved");
    // the incident report says what failed, and the step summary gets it in CI
    let report = std::fs::read_to_string(v["incident_report"].as_str().unwrap()).unwrap();
    assert!(
        report.starts_with("# Rollout of web v2: rolled back"),
        "{report}"
    );
    assert!(report.contains("not ready"), "{report}");
    assert!(r.stderr.contains("incident report: "), "{}", r.stderr);
}

#[test]
fn a_failed_backup_changes_nothing_and_runs_no_rollback() {
    let s = setup(true);
    let d = s.dir.path();
    let summary = d.join("step-summary.md");
    let r = shipgate(
        d,
        &[
            "rollout",
            "start",
            "--version",
            "v2",
            "--stable",
            "v1",
            "--format",
            "json",
        ],
        &[
            ("BACKUP_EXIT", "2"),
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
        ],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(json(&r)["outcome"], "stopped");
    assert_eq!(log(d), "backup\n");
    let step = std::fs::read_to_string(&summary).unwrap();
    assert!(step.contains("# Rollout of web v2: stopped"), "{step}");
    assert!(step.contains("Traffic never moved"), "{step}");
    assert!(
        step.contains(
            "| 1 | backup | failed: hook backup: \\`./backup.sh\\` exited with status 2 | - |"
        ),
        "{step}"
    );
}

#[test]
fn a_second_start_is_refused_and_an_abort_from_another_process_rolls_back() {
    let s = setup(true);
    let d = s.dir.path();
    let running = start_long(d);
    let second = shipgate(d, &["rollout", "start", "--version", "v3"], &[]);
    assert_eq!(second.code, 2, "{}", second.stderr);
    assert!(second.stderr.contains("still active"), "{}", second.stderr);
    let aborted_at = Instant::now();
    let abort = shipgate(d, &["rollout", "abort", "--reason", "error budget"], &[]);
    assert_eq!(abort.code, 0, "{}", abort.stderr);
    let (code, v, stderr) = finish(running);
    assert!(aborted_at.elapsed() < Duration::from_secs(10));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(v["outcome"], "rolled_back");
    assert!(
        v["failure"]
            .as_str()
            .unwrap()
            .contains("aborted: error budget"),
        "{v}"
    );
    // the long plan has no hook
    assert_eq!(log(d), "start v2\nstop v2\n");
    let up = upstream(d);
    assert!(!up.contains(&s.canary), "traffic is back on stable: {up}");
    // nothing is active any more: a new rollout may start, an approval has nothing to approve
    let approve = shipgate(d, &["rollout", "approve"], &[]);
    assert_eq!(approve.code, 2, "{}", approve.stderr);
    let _ = &s.nginx;
}

#[test]
fn sigterm_mid_pause_rolls_back_and_exits_1_with_the_report() {
    let s = setup(true);
    let d = s.dir.path();
    let running = start_long(d);
    let pid = running.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let (code, v, stderr) = finish(running);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(v["outcome"], "rolled_back");
    assert!(v["failure"].as_str().unwrap().contains("SIGTERM"), "{v}");
    assert!(!upstream(d).contains(&s.canary));
    let status = shipgate(d, &["rollout", "status", "--format", "json"], &[]);
    assert_eq!(json(&status)["outcome"], "rolled_back");
}

#[test]
fn a_canary_failing_one_request_in_ten_is_rolled_back_by_the_metric_analysis() {
    // Prometheus scrapes both instances; steady traffic goes through nginx
    let bad = DemoOptions {
        version: "v2".into(),
        error_rate: 0.1,
        seed: Some(7),
        ..DemoOptions::default()
    };
    // the instances exist before Prometheus is told where they are: the config is written
    // with a stand-in URL, then given Prometheus' own
    let s = setup_with(bad, Some("http://127.0.0.1:1"));
    let d = s.dir.path();
    let targets: Vec<std::net::SocketAddr> = [&s.stable, &s.canary]
        .iter()
        .map(|a| a.parse().unwrap())
        .collect();
    let prometheus = live::Prometheus::start(&targets);
    let config = std::fs::read_to_string(d.join("shipgate.yaml"))
        .unwrap()
        .replace("http://127.0.0.1:1", &prometheus.url());
    std::fs::write(d.join("shipgate.yaml"), config).unwrap();
    let nginx: std::net::SocketAddr = format!("127.0.0.1:{}", s.nginx.port()).parse().unwrap();
    let _traffic = live::Traffic::start(&[nginx], 100);
    let started = Instant::now();
    let r = start_plan(d, "long");
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let v = json(&r);
    assert_eq!(v["outcome"], "rolled_back");
    let failure = v["failure"].as_str().unwrap();
    assert!(failure.contains("canary_error_ratio"), "{failure}");
    assert!(failure.contains("does not satisfy < 0.05"), "{failure}");
    // progress on stderr: the wait, and every round with what it measured
    assert!(
        r.stderr.contains("shipgate: rollout: pausing for "),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("shipgate: rollout: analysis after ")
            && r.stderr.contains("(needs < 0.05)")
            && r.stderr.contains(": failed (canary_error_ratio "),
        "{}",
        r.stderr
    );
    // well inside the 60 s pause: the analysis ran during it, not once after it
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(log(d), "start v2\nstop v2\n");
    assert!(!upstream(d).contains(&s.canary));
    // the measured value is shown next to its condition, in the JSON and the incident report
    let round = &v["analysis"];
    assert_eq!(round["result"], "failed", "{round}");
    let check = &round["checks"][0];
    assert_eq!(check["name"], "canary_error_ratio");
    assert_eq!(check["condition"], "< 0.05");
    assert_eq!(check["result"], "failed");
    let measured = check["value"].as_f64().unwrap();
    assert!(measured >= 0.05, "{check}");
    let report = std::fs::read_to_string(v["incident_report"].as_str().unwrap()).unwrap();
    assert!(report.contains("## Analysis"), "{report}");
    assert!(
        report.contains(&format!(
            "| canary\\_error\\_ratio | \\< 0.05 | {} | failed | 1 / 0 |",
            check["measured"].as_str().unwrap()
        )),
        "{report}"
    );
    assert!(
        !report.contains("## Hooks"),
        "the plan has no hooks: {report}"
    );
}

/// `kill -9` of shipgate (and everything it started) while each kind of action runs, then
/// `resume` in a new process: the rollout ends promoted, once, with nothing deployed twice
/// except the action that was cut (which the target's idempotent scripts take again).
#[test]
fn killed_with_sigkill_during_any_action_and_resumed_it_is_promoted_once() {
    use std::os::unix::process::CommandExt;
    for hang_at in ["backup", "start", "test", "promote", "notify"] {
        let s = setup(true);
        let d = s.dir.path();
        // every command of the rollout goes through one script that can hang on request
        let script = |name: &str, body: &str| {
            let path = write(d, name, &format!("#!/bin/sh\n{body}\n"));
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        };
        script(
            "step.sh",
            "echo \"$@\" >> deploy.log\nif [ \"$1\" = \"$HANG_AT\" ]; then touch hanging; sleep 60; fi",
        );
        script("deploy.sh", "exec ./step.sh \"$@\"");
        script("backup.sh", "exec ./step.sh backup");
        let test = s.nginx.argv(&["-t", "-q"]);
        script(
            "nginx-test.sh",
            &format!("./step.sh test && exec {}", test.join(" ")),
        );
        script("notify.sh", "exec ./step.sh notify \"$@\"");
        let config = std::fs::read_to_string(d.join("shipgate.yaml")).unwrap();
        let quoted_test = test
            .iter()
            .map(|a| format!("{a:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let config = config
            .replace(&format!("test: [{quoted_test}]"), "test: [\"./nginx-test.sh\"]")
            .replace(
                "  plans:",
                "  notify:\n    - { on: [promoted], run: [\"./notify.sh\", \"{{outcome}}\"] }\n  plans:",
            );
        std::fs::write(d.join("shipgate.yaml"), config).unwrap();

        let mut first = Command::new(env!("CARGO_BIN_EXE_shipgate"))
            .args(["rollout", "start", "--version", "v2", "--stable", "v1"])
            .current_dir(d)
            .env("HANG_AT", hang_at)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        let start = Instant::now();
        while !d.join("hanging").exists() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "never reached {hang_at}: {}",
                log(d)
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // the whole group at once, as a runner that dies takes its job with it
        Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{}", first.id())])
            .status()
            .unwrap();
        let _ = first.wait();
        std::fs::remove_file(d.join("hanging")).unwrap();

        let resumed = shipgate(d, &["rollout", "resume", "--format", "json"], &[]);
        assert_eq!(
            resumed.code, 0,
            "killed at {hang_at}: {}\n{}",
            resumed.stdout, resumed.stderr
        );
        let v = json(&resumed);
        assert_eq!(v["outcome"], "promoted", "killed at {hang_at}");
        let promotions = v["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["what"] == "promoting the canary" && t["result"] == "succeeded")
            .count();
        assert_eq!(promotions, 1, "killed at {hang_at}: {v}");
        let log = log(d);
        let count = |line: &str| log.lines().filter(|l| *l == line).count();
        let cut = |name: &str| usize::from(hang_at == name);
        assert_eq!(
            count("start v2"),
            1 + cut("start"),
            "killed at {hang_at}: {log}"
        );
        assert_eq!(
            count("promote v2"),
            1 + cut("promote"),
            "killed at {hang_at}: {log}"
        );
        assert_eq!(count("stop v2"), 0, "killed at {hang_at}: {log}");
        let history = shipgate(d, &["history", "deployments", "--format", "json"], &[]);
        let all: serde_json::Value = serde_json::from_str(&history.stdout).unwrap();
        assert_eq!(all.as_array().unwrap().len(), 1, "killed at {hang_at}");
    }
}
