//! The scratch folder of the `shipgate rollout` end-to-end tests: a config, shell scripts as
//! the exec target, a real nginx in front of two `shipgate-demo` instances (stable and
//! canary), the history store; and the helpers those tests share.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{json, shipgate, write};
use shipgate_demo::nginx::Nginx;
use shipgate_demo::{spawn, DemoHandle, DemoOptions};

pub struct Setup {
    pub dir: tempfile::TempDir,
    pub _stable: DemoHandle,
    pub _canary: DemoHandle,
    pub nginx: Nginx,
    pub stable: String,
    pub canary: String,
}

/// A scratch folder with a config, the target's scripts, nginx and two demo instances;
/// `canary_ready`: whether the canary answers its readiness probe.
pub fn setup(canary_ready: bool) -> Setup {
    setup_with(
        DemoOptions {
            version: "v2".into(),
            ready: canary_ready,
            ..DemoOptions::default()
        },
        None,
    )
}

/// The same with this canary; with `prometheus` (its URL), the rollout's analysis also runs
/// the metric check `canary_error_ratio` (`< 5%` of the canary's requests fail).
pub fn setup_with(canary_opts: DemoOptions, prometheus: Option<&str>) -> Setup {
    let stable = DemoOptions {
        version: "v1".into(),
        ..DemoOptions::default()
    };
    setup_pair(stable, canary_opts, prometheus)
}

/// The same with this stable instance too.
pub fn setup_pair(
    stable_opts: DemoOptions,
    canary_opts: DemoOptions,
    prometheus: Option<&str>,
) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (stable_addr, stable) = spawn(stable_opts).unwrap();
    let (canary_addr, canary) = spawn(canary_opts).unwrap();
    let (s, c) = (stable_addr.to_string(), canary_addr.to_string());
    std::fs::write(
        d.join("upstream.conf"),
        format!("upstream web {{\n    server {s};\n}}\n"),
    )
    .unwrap();
    let nginx = Nginx::start(d, &d.join("upstream.conf")).unwrap();
    script(d, "deploy.sh", "echo \"$@\" >> deploy.log");
    script(
        d,
        "backup.sh",
        "echo backup >> deploy.log; exit ${BACKUP_EXIT:-0}",
    );
    write(
        d,
        "shipgate.yaml",
        &format!(
            r#"store: history.db
{prometheus}smoke:
  base_url: "http://{s}"
  wait: {{ timeout: 2s, interval: 200ms }}
  checks:
    - {{ name: ready, request: {{ path: /health/ready }} }}
rollout:
  service: web
  target:
    exec:
      deploy: ["./deploy.sh", "start", "{{{{version}}}}"]
      promote: ["./deploy.sh", "promote", "{{{{version}}}}"]
      rollback: ["./deploy.sh", "stop", "{{{{version}}}}"]
      timeout: 20s
  traffic:
    nginx:
      upstream_file: upstream.conf
      upstream: web
      stable: ["{s}"]
      canary: ["{c}"]
      test: [{test}]
      reload: [{reload}]
  analysis:
    interval: 1s
    initial_delay: {delay}
    smoke: {{ base_url: "http://{c}" }}
{analysis_metrics}
  steps:
    - hook: {{ name: backup, run: ["./backup.sh"] }}
    - weight: 20
    - pause: 1s
    - weight: 100
  plans:
    long: [ {{ weight: 20 }}, {{ pause: 60s }}, {{ weight: 100 }} ]
"#,
            test = quoted(&nginx.argv(&["-t", "-q"])),
            reload = quoted(&nginx.argv(&["-s", "reload"])),
            prometheus = prometheus.map_or(String::new(), |url| format!(
                "prometheus: {{ url: \"{url}\" }}\nmetrics:\n  checks:\n    - name: canary_error_ratio\n      query: '{CANARY_ERRORS}'\n      condition: \"< 0.05\"\n"
            )),
            analysis_metrics = if prometheus.is_some() { "    metrics: [canary_error_ratio]\n" } else { "" },
            // Prometheus needs a few scrapes of the canary's traffic before the rate exists
            delay = if prometheus.is_some() { "8s" } else { "0s" },
        ),
    );
    Setup {
        dir,
        _stable: stable,
        _canary: canary,
        nginx,
        stable: s,
        canary: c,
    }
}

/// The canary's share of failed `/api/work` requests over the last few seconds.
pub const CANARY_ERRORS: &str = r#"(sum(rate(http_requests_total{code=~"5..", path="/api/work", version="{{version}}"}[4s])) or vector(0)) / sum(rate(http_requests_total{path="/api/work", version="{{version}}"}[4s]))"#;

/// An argv as the items of a YAML flow list.
pub fn quoted(argv: &[String]) -> String {
    argv.iter()
        .map(|a| format!("{a:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An executable shell script `name` in `d`.
pub fn script(d: &Path, name: &str, body: &str) {
    let path = write(d, name, &format!("#!/bin/sh\n{body}\n"));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Replace `from` (which must be there) with `to` in the scratch folder's config.
pub fn edit_config(d: &Path, from: &str, to: &str) {
    let path = d.join("shipgate.yaml");
    let config = std::fs::read_to_string(&path).unwrap();
    assert!(
        config.contains(from),
        "`{from}` is not in the config:\n{config}"
    );
    std::fs::write(&path, config.replacen(from, to, 1)).unwrap();
}

/// Add the plan `name` (its steps as a YAML flow list) to `rollout.plans`.
pub fn add_plan(d: &Path, name: &str, steps: &str) {
    edit_config(d, "  plans:\n", &format!("  plans:\n    {name}: {steps}\n"));
}

pub fn log(d: &Path) -> String {
    std::fs::read_to_string(d.join("deploy.log")).unwrap_or_default()
}

pub fn upstream(d: &Path) -> String {
    std::fs::read_to_string(d.join("upstream.conf")).unwrap()
}

/// `shipgate rollout status --format json`.
pub fn status(d: &Path) -> serde_json::Value {
    let r = shipgate(d, &["rollout", "status", "--format", "json"], &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    json(&r)
}

/// The timeline entry `what: result` of a rollout summary, if it is there: its time.
pub fn at_ms(summary: &serde_json::Value, what: &str, result: &str) -> Option<u64> {
    summary["timeline"]
        .as_array()?
        .iter()
        .find(|t| t["what"] == what && t["result"] == result)
        .and_then(|t| t["at_ms"].as_u64())
}

/// Wait until `ready` holds, or panic naming `what` after `limit`.
pub fn wait_until(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `shipgate rollout start --version v2 --stable v1 --format json`.
const START: [&str; 8] = [
    "rollout",
    "start",
    "--version",
    "v2",
    "--stable",
    "v1",
    "--format",
    "json",
];

/// [`START`] with `extra` arguments, to its end.
pub fn start_to_end(d: &Path, extra: &[&str]) -> crate::common::Run {
    let args: Vec<&str> = START.iter().chain(extra).copied().collect();
    shipgate(d, &args, &[])
}

/// [`START`] with `--plan <plan>`, to its end.
pub fn start_plan(d: &Path, plan: &str) -> crate::common::Run {
    start_to_end(d, &["--plan", plan])
}

/// [`START`] with `extra` arguments, in the background.
pub fn start_background(d: &Path, extra: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(START)
        .args(extra)
        .current_dir(d)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Start a long rollout in the background; returns once its canary has 20%.
pub fn start_long(d: &Path) -> std::process::Child {
    let child = start_background(d, &["--plan", "long"]);
    wait_until(
        "the canary never got traffic",
        Duration::from_secs(30),
        || upstream(d).contains("weight="),
    );
    child
}

/// Wait for a background rollout: (exit code, its JSON summary, its stderr).
pub fn finish(child: std::process::Child) -> (i32, serde_json::Value, String) {
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let v = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    (out.status.code().unwrap_or(-1), v, stderr)
}
