//! The smoke runner against the real demo service on loopback.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::time::{Duration, Instant};

use serde_json::json;
use shipgate_core::Verdict;
use shipgate_demo::{spawn, DemoHandle, DemoOptions};
use shipgate_http::smoke::{
    run_smoke, CheckSpec, SmokeAuth, SmokeFinish, SmokeOutcome, SmokeSpec, WaitSpec,
};
use url::Url;

fn demo(opts: DemoOptions) -> (Url, DemoHandle) {
    let (addr, handle) = spawn(opts).unwrap_or_else(|e| panic!("demo did not start: {e}"));
    let url = Url::parse(&format!("http://{addr}")).unwrap_or_else(|e| panic!("{e}"));
    (url, handle)
}

fn spec(base: Url, checks: Vec<CheckSpec>, timeout_ms: u64, interval_ms: u64) -> SmokeSpec {
    let mut spec = SmokeSpec::new(base, checks);
    spec.wait = WaitSpec {
        timeout: Duration::from_millis(timeout_ms),
        interval: Duration::from_millis(interval_ms),
    };
    spec.request_timeout = Duration::from_secs(2);
    spec
}

fn ready_check() -> CheckSpec {
    let mut c = CheckSpec::get("ready", "/health/ready");
    c.request.headers.push(("X-Probe".into(), "smoke".into()));
    c.expect.status = vec![200];
    c.expect.json.push(("/status".into(), json!("healthy")));
    c.expect.max_latency = Some(Duration::from_secs(2));
    c
}

async fn run(spec: &SmokeSpec) -> SmokeOutcome {
    run_smoke(spec)
        .await
        .unwrap_or_else(|e| panic!("smoke run failed to start: {e}"))
}

/// Every string of the outcome and its report rows, for leak checks.
fn all_text(outcome: &SmokeOutcome) -> String {
    let mut text = serde_json::to_string(outcome).unwrap_or_default();
    for g in outcome.gate_results() {
        text.push_str(&serde_json::to_string(&g).unwrap_or_default());
    }
    text.push_str(&format!("{outcome:?}"));
    text
}

#[tokio::test]
async fn a_healthy_service_passes() {
    let (base, _demo) = demo(DemoOptions::default());
    let mut live = CheckSpec::get("live", "/health/live");
    live.expect.json.push(("/status".into(), json!("alive")));
    let mut order = CheckSpec::get("create order", "/api/orders");
    order.request.method = "POST".into();
    order.request.json = Some(json!({"sku": "test"}));
    order.expect.status = vec![200, 201];
    order.expect.body_contains = Some("id".into());
    order
        .expect
        .headers
        .push(("content-type".into(), "application/json".into()));
    let outcome = run(&spec(base, vec![ready_check(), live, order], 5_000, 500)).await;
    assert_eq!(outcome.verdict, Verdict::Pass, "{outcome:#?}");
    assert_eq!(outcome.finish, SmokeFinish::AllPassed);
    for check in &outcome.checks {
        assert_eq!(check.attempts, 1, "{check:?}");
        assert!(check.failures.is_empty());
    }
    assert_eq!(outcome.checks[2].last_status, Some(201));
    let rows = outcome.gate_results();
    assert_eq!(rows[0].id, "SMOKE-ready");
    assert!(
        rows[0].message.starts_with("passed on attempt 1 (200 in "),
        "{}",
        rows[0].message
    );
}

#[tokio::test]
async fn a_service_that_is_not_ready_fails_at_the_deadline() {
    let (base, _demo) = demo(DemoOptions {
        ready: false,
        ..DemoOptions::default()
    });
    let started = Instant::now();
    let outcome = run(&spec(base, vec![ready_check()], 2_000, 500)).await;
    let took = started.elapsed();
    assert_eq!(outcome.verdict, Verdict::Fail);
    assert_eq!(outcome.finish, SmokeFinish::DeadlineReached);
    let check = &outcome.checks[0];
    // Attempts at 0, 0.5, 1.0, 1.5 s; the one due at 2.0 s is past the deadline.
    assert_eq!(check.attempts, 4, "{check:?}");
    assert!(
        took >= Duration::from_millis(1_500) && took < Duration::from_millis(3_000),
        "{took:?}"
    );
    assert_eq!(check.last_status, Some(503));
    let row = &outcome.gate_results()[0];
    assert_eq!(row.verdict, Verdict::Fail);
    let evidence = row.evidence.join("\n");
    assert!(evidence.contains("→ 503 in"), "{evidence}");
    assert!(
        evidence.contains(r#"status 503 is not 200; body: {"status":"unhealthy"}"#),
        "{evidence}"
    );
    assert!(
        evidence.contains(r#"`/status` is "unhealthy", expected "healthy""#),
        "{evidence}"
    );
    assert!(
        row.message
            .starts_with("failed after 4 attempts: status 503"),
        "{}",
        row.message
    );
}

#[tokio::test]
async fn nothing_listening_fails_with_connection_refused() {
    // Bind a port, then free it: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    let base = Url::parse(&format!("http://127.0.0.1:{port}")).unwrap_or_else(|e| panic!("{e}"));
    let outcome = run(&spec(base, vec![ready_check()], 1_000, 300)).await;
    assert_eq!(outcome.verdict, Verdict::Fail);
    let check = &outcome.checks[0];
    assert!(check.attempts >= 3, "{check:?}");
    assert_eq!(check.last_status, None);
    let row = &outcome.gate_results()[0];
    assert!(
        row.message.contains("connection refused"),
        "{}",
        row.message
    );
    assert!(
        row.evidence.iter().any(|e| e.ends_with("→ no answer")),
        "{:?}",
        row.evidence
    );
}

#[tokio::test]
async fn login_capture_and_bearer_pass_without_leaking_the_token() {
    let seed = 20_240_601;
    let (base, _demo) = demo(DemoOptions {
        seed: Some(seed),
        ..DemoOptions::default()
    });
    // A twin with the same seed issues the same first token: that is the token the smoke
    // run receives, so the test can look for it in the output.
    let (twin, _twin_demo) = demo(DemoOptions {
        seed: Some(seed),
        ..DemoOptions::default()
    });
    let token = first_token(&twin).await;
    assert!(token.len() >= 8, "{token}");
    let (triplet, _triplet_demo) = demo(DemoOptions {
        seed: Some(seed),
        ..DemoOptions::default()
    });
    assert_eq!(
        first_token(&triplet).await,
        token,
        "seeded tokens are not reproducible"
    );

    let mut login = CheckSpec::get("login", "/auth/login");
    login.request.method = "POST".into();
    login.request.json = Some(json!({"user": "smoke", "password": "pw-secret-1"}));
    login.expect.status = vec![200];
    login.capture.push(("token".into(), "/access_token".into()));
    let mut me = CheckSpec::get("me", "/api/me");
    me.request
        .headers
        .push(("Authorization".into(), "Bearer ${token}".into()));
    me.expect.json.push(("/user".into(), json!("smoke")));
    // Uses the token in the URL and fails: its URL and failure must not show the token.
    let mut echo = CheckSpec::get("echo", "/api/me?t=${token}");
    echo.request
        .headers
        .push(("Authorization".into(), "Bearer ${token}".into()));
    echo.expect.status = vec![418];
    // Listed first, run after `login` (it uses ${token}).
    let mut s = spec(base, vec![me, echo, login, ready_check()], 1_000, 300);
    s.auth = SmokeAuth::Bearer {
        token: "static-bearer-secret".into(),
    };
    let outcome = run(&s).await;

    let by_name = |n: &str| {
        outcome
            .checks
            .iter()
            .find(|c| c.name == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    assert_eq!(by_name("login").verdict, Verdict::Pass, "{outcome:#?}");
    assert_eq!(by_name("me").verdict, Verdict::Pass, "{outcome:#?}");
    assert_eq!(by_name("ready").verdict, Verdict::Pass);
    assert_eq!(by_name("echo").verdict, Verdict::Fail);
    assert_eq!(by_name("login").attempts, 1);
    assert_eq!(outcome.verdict, Verdict::Fail);

    let echo = by_name("echo");
    let request = echo.last_request.clone().unwrap_or_default();
    assert!(request.ends_with("/api/me?t=***"), "{request}");
    let text = all_text(&outcome);
    assert!(!text.contains(&token), "the captured token leaked: {text}");
    assert!(
        !text.contains("static-bearer-secret"),
        "the auth token leaked: {text}"
    );
}

#[tokio::test]
async fn captured_values_are_redacted_even_from_failing_attempts() {
    let (base, _demo) = demo(DemoOptions::default());
    // A login whose expectation fails: the body (with the token) is quoted in the failure.
    let mut login = CheckSpec::get("login", "/auth/login");
    login.request.method = "POST".into();
    login.request.json = Some(json!({"user": "smoke", "password": "pw"}));
    login.expect.status = vec![201];
    login.capture.push(("token".into(), "/access_token".into()));
    let mut me = CheckSpec::get("me", "/api/me");
    me.request
        .headers
        .push(("Authorization".into(), "Bearer ${token}".into()));
    let outcome = run(&spec(base, vec![login, me], 0, 1_000)).await;
    assert_eq!(outcome.verdict, Verdict::Fail);
    let failure = outcome.checks[0].failures.join("\n");
    assert!(failure.contains(r#""access_token":"***""#), "{failure}");
    let me = &outcome.checks[1];
    assert_eq!(me.attempts, 0);
    assert_eq!(
        me.failures,
        ["not run: it uses ${token} captured by `login`, which did not pass"]
    );
}

#[tokio::test]
async fn independent_checks_run_concurrently() {
    let (base, _demo) = demo(DemoOptions {
        latency_ms: 300,
        ..DemoOptions::default()
    });
    let a = CheckSpec::get("work a", "/api/work");
    let b = CheckSpec::get("work b", "/api/work");
    let started = Instant::now();
    let outcome = run(&spec(base, vec![a, b], 5_000, 1_000)).await;
    let took = started.elapsed();
    assert_eq!(outcome.verdict, Verdict::Pass, "{outcome:#?}");
    for c in &outcome.checks {
        assert!(
            c.last_latency.unwrap_or_default() >= Duration::from_millis(290),
            "{c:?}"
        );
    }
    assert!(
        took < Duration::from_millis(600),
        "two 300 ms checks took {took:?}"
    );
}

#[tokio::test]
async fn a_service_that_recovers_within_the_deadline_passes() {
    // Nothing listens on the port at first; the demo starts there 0.7 s into the run.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    let base = Url::parse(&format!("http://127.0.0.1:{port}")).unwrap_or_else(|e| panic!("{e}"));
    let s = spec(base, vec![ready_check()], 5_000, 200);
    let starter = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(700)).await;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        shipgate_demo::serve(listener, DemoOptions::default(), std::future::pending()).await
    });
    let outcome = run(&s).await;
    starter.abort();
    assert_eq!(outcome.verdict, Verdict::Pass, "{outcome:#?}");
    assert!(outcome.checks[0].attempts >= 3, "{:?}", outcome.checks[0]);
}

async fn first_token(base: &Url) -> String {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();
    let body: serde_json::Value = client
        .post(format!("{base}auth/login"))
        .json(&json!({"user": "smoke", "password": "pw-secret-1"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    body["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}
