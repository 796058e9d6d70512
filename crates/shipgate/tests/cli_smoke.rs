//! `shipgate smoke` and `shipgate check` (tests + smoke) end to end: the real binary against
//! real demo service instances on loopback.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;
mod live;

use common::{json, shipgate, write};
use live::{demo, free_port, http, DemoOptions};

fn gate<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["gates"]
        .as_array()
        .and_then(|g| g.iter().find(|g| g["id"] == id))
        .unwrap_or_else(|| panic!("no gate {id} in {report:#}"))
}

fn smoke_config(base_url: &str, wait: &str) -> String {
    format!(
        r#"smoke:
  base_url: "{base_url}"
  wait: {wait}
  checks:
    - name: ready
      request: {{ method: GET, path: /health/ready, headers: {{ X-Probe: smoke }} }}
      expect: {{ status: [200], json: {{ "/status": "healthy" }}, max_latency: 2s }}
    - name: create order
      request: {{ method: POST, path: /api/orders, json: {{ sku: test }} }}
      expect: {{ status: [200, 201], body_contains: "id", headers: {{ content-type: "application/json" }} }}
"#
    )
}

/// Ports, times and durations vary between runs.
fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:[port]");
    s.add_filter(r"\b\d+(\.\d+)?(ms|s)\b", "[time]");
    // column padding follows the width of the (varying) values
    s.add_filter(r" {2,}", "  ");
    s.add_filter(r"-{2,}", "--");
    s
}

#[test]
fn healthy_service_passes_and_base_url_flag_wins() {
    let (addr, _demo) = demo(DemoOptions::default());
    let dir = tempfile::tempdir().unwrap();
    // The configured URL has nothing listening: the flag must replace it.
    let dead = format!("http://127.0.0.1:{}", free_port());
    write(
        dir.path(),
        "shipgate.yaml",
        &smoke_config(&dead, "{ timeout: 5s, interval: 500ms }"),
    );
    let base = format!("http://{addr}");
    let run = shipgate(dir.path(), &["smoke", "--base-url", &base], &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    settings().bind(|| insta::assert_snapshot!("smoke_healthy_human", run.stdout));
    assert!(
        run.stderr.contains("shipgate: smoke: 2 checks against"),
        "{}",
        run.stderr
    );

    let run = shipgate(
        dir.path(),
        &["smoke", "--base-url", &base, "--format", "json"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["verdict"], "pass");
    assert_eq!(gate(&report, "SMOKE-ready")["verdict"], "pass");
    assert_eq!(gate(&report, "SMOKE-create order")["verdict"], "pass");
    assert!(report["smoke"].is_object(), "{report:#}");
}

#[test]
fn not_ready_until_the_deadline_fails() {
    let (addr, _demo) = demo(DemoOptions {
        ready: false,
        ..DemoOptions::default()
    });
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "shipgate.yaml",
        &smoke_config(
            &format!("http://{addr}"),
            "{ timeout: 2s, interval: 500ms }",
        ),
    );
    let started = std::time::Instant::now();
    let run = shipgate(dir.path(), &["smoke", "--format", "json"], &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(started.elapsed().as_secs_f64() < 10.0);
    let report = json(&run);
    assert_eq!(report["verdict"], "fail");
    let ready = gate(&report, "SMOKE-ready");
    assert_eq!(ready["verdict"], "fail");
    let text = ready.to_string();
    assert!(text.contains("503"), "{text}");
    // polled, not tried once
    assert!(
        run.stderr.contains("shipgate: smoke: waiting for"),
        "{}",
        run.stderr
    );
    assert_eq!(gate(&report, "SMOKE-create order")["verdict"], "pass");
}

#[test]
fn nothing_listening_fails_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{}", free_port());
    write(
        dir.path(),
        "shipgate.yaml",
        &smoke_config(&url, "{ timeout: 1s, interval: 300ms }"),
    );
    let run = shipgate(dir.path(), &["smoke"], &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("FAIL"), "{}", run.stdout);
    assert!(
        run.stdout.to_lowercase().contains("connect"),
        "the failure names the connection problem:\n{}",
        run.stdout
    );
}

#[test]
fn login_capture_and_bearer_never_print_a_secret() {
    // Two demos with the same seed hand out the same token sequence: logging in once on the
    // twin tells the test which token the smoke run's login will capture.
    let seed = 4242;
    let (addr, _demo) = demo(DemoOptions {
        seed: Some(seed),
        ..DemoOptions::default()
    });
    let (twin, _twin) = demo(DemoOptions {
        seed: Some(seed),
        ..DemoOptions::default()
    });
    let login = r#"{"user":"ci","password":"pw"}"#;
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let (status, body) =
            http(&twin.to_string(), "POST", "/auth/login", Some(login)).expect("twin login");
        assert_eq!(status, 200);
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        tokens.push(v["access_token"].as_str().unwrap().to_string());
    }
    let env_token = "env-s3cret-smoke-token";
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "shipgate.yaml",
        &format!(
            r#"smoke:
  base_url: "http://{addr}"
  wait: {{ timeout: 1s, interval: 300ms }}
  auth: {{ bearer_env: SMOKE_TOKEN }}
  checks:
    - name: login
      request: {{ method: POST, path: /auth/login, json: {{ user: ci, password: pw }} }}
      expect: {{ status: [200] }}
      capture: {{ token: /access_token }}
    - name: me
      request: {{ path: /api/me, headers: {{ Authorization: "Bearer ${{token}}" }} }}
      expect: {{ status: [200], json: {{ "/user": "ci" }} }}
    - name: bait captured
      request: {{ path: /api/me, headers: {{ Authorization: "Bearer ${{token}}" }} }}
      expect: {{ body_contains: "${{token}}" }}
    - name: bait env
      request: {{ path: "/health/live?t=${{SMOKE_TOKEN}}" }}
      expect: {{ body_contains: "${{SMOKE_TOKEN}}" }}
"#
        ),
    );
    let summary = dir.path().join("summary.md");
    let summary_text = summary.to_string_lossy().into_owned();
    let env = [
        ("SMOKE_TOKEN", env_token),
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_STEP_SUMMARY", summary_text.as_str()),
    ];
    for (format, token) in [("human", &tokens[0]), ("json", &tokens[1])] {
        let run = shipgate(dir.path(), &["smoke", "--format", format], &env);
        assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
        let summary = std::fs::read_to_string(&summary).unwrap_or_default();
        for (stream, text) in [
            ("stdout", &run.stdout),
            ("stderr", &run.stderr),
            ("step summary", &summary),
        ] {
            assert!(
                !text.contains(token.as_str()),
                "captured token in {stream}:\n{text}"
            );
            assert!(!text.contains(env_token), "env token in {stream}:\n{text}");
        }
        assert!(run.stdout.contains("***"), "{}", run.stdout);
        if format == "json" {
            let report = json(&run);
            assert_eq!(gate(&report, "SMOKE-login")["verdict"], "pass");
            assert_eq!(gate(&report, "SMOKE-me")["verdict"], "pass");
            assert_eq!(gate(&report, "SMOKE-bait captured")["verdict"], "fail");
            assert_eq!(gate(&report, "SMOKE-bait env")["verdict"], "fail");
        }
    }
}

#[test]
fn missing_section_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "shipgate.yaml", "store: .shipgate/h.db\n");
    let run = shipgate(dir.path(), &["smoke"], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("smoke:"), "{}", run.stderr);
    let run = shipgate(dir.path(), &["metrics"], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = shipgate(dir.path(), &["analyze"], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn check_runs_tests_and_smoke_into_one_report() {
    let (addr, _demo) = demo(DemoOptions::default());
    let (sick, _sick) = demo(DemoOptions {
        ready: false,
        ..DemoOptions::default()
    });
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "reports/junit.xml",
        &common::junit(&[("t", "a", "pass", 0.1), ("t", "b", "pass", 0.2)]),
    );
    let config = |url: &str| {
        format!(
            "tests:\n  junit: [\"reports/junit.xml\"]\n{}",
            smoke_config(url, "{ timeout: 1s, interval: 300ms }")
        )
    };
    write(
        dir.path(),
        "shipgate.yaml",
        &config(&format!("http://{addr}")),
    );
    let run = shipgate(dir.path(), &["check", "--format", "json"], &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = json(&run);
    assert_eq!(report["verdict"], "pass");
    assert_eq!(gate(&report, "TQ-02")["verdict"], "pass");
    assert_eq!(gate(&report, "SMOKE-ready")["verdict"], "pass");
    assert!(
        report["tests"].is_object() && report["smoke"].is_object(),
        "{report:#}"
    );

    // The tests still pass; the smoke section fails the combined verdict.
    write(
        dir.path(),
        "shipgate.yaml",
        &config(&format!("http://{sick}")),
    );
    let run = shipgate(dir.path(), &["check", "--format", "json"], &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let report = json(&run);
    assert_eq!(report["verdict"], "fail");
    assert_eq!(gate(&report, "TQ-02")["verdict"], "pass");
    assert_eq!(gate(&report, "SMOKE-ready")["verdict"], "fail");
}

#[test]
fn tls_verify_off_is_warned_on_stderr_and_in_every_report() {
    let (addr, _demo) = demo(DemoOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let config = smoke_config(&format!("http://{addr}"), "{ timeout: 5s, interval: 1s }")
        .replace("smoke:\n", "smoke:\n  tls_verify: false\n");
    write(dir.path(), "shipgate.yaml", &config);
    let r = shipgate(dir.path(), &["smoke", "--format", "json"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("TLS certificate verification is off"),
        "{}",
        r.stderr
    );
    let report = json(&r);
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{report:#}");
    assert!(warnings[0].as_str().unwrap().contains("tls_verify: false"));
    for format in ["human", "markdown"] {
        let r = shipgate(dir.path(), &["smoke", "--format", format], &[]);
        assert!(
            r.stdout.contains("verification is off"),
            "{format}:\n{}",
            r.stdout
        );
    }
}
