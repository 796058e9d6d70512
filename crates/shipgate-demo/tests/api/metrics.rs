//! `/metrics`: counters and histograms after known traffic.

use shipgate_demo::{spawn, DemoOptions};

use crate::client::{get, post_json};

/// The value of the sample line that starts with `series ` (exact series name and labels).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|value| value.trim().parse().ok())
}

#[test]
fn counts_every_request_by_version_path_and_code() {
    let (addr, _server) = spawn(DemoOptions {
        version: "v3".into(),
        error_rate: 0.5,
        seed: Some(5),
        ..DemoOptions::default()
    })
    .unwrap();
    for _ in 0..5 {
        get(addr, "/health/live");
    }
    let mut ok = 0;
    for _ in 0..20 {
        if get(addr, "/api/work").status == 200 {
            ok += 1;
        }
    }
    post_json(addr, "/api/orders", r#"{"sku":"x"}"#);
    get(addr, "/api/me");
    get(addr, "/no/such/path");
    get(addr, "/metrics");
    let reply = get(addr, "/metrics");
    assert_eq!(reply.status, 200);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("application/openmetrics-text"),
        "{:?}",
        reply.header("content-type")
    );
    let text = reply.body;
    let count = |labels: &str| sample(&text, &format!("http_requests_total{{{labels}}}"));
    assert_eq!(
        count(r#"version="v3",path="/health/live",code="200""#),
        Some(5.0),
        "{text}"
    );
    assert_eq!(
        count(r#"version="v3",path="/api/work",code="200""#),
        Some(f64::from(ok))
    );
    assert_eq!(
        count(r#"version="v3",path="/api/work",code="500""#),
        Some(f64::from(20 - ok))
    );
    assert_eq!(
        count(r#"version="v3",path="/api/orders",code="201""#),
        Some(1.0)
    );
    assert_eq!(
        count(r#"version="v3",path="/api/me",code="401""#),
        Some(1.0)
    );
    assert!(
        !text.contains("/metrics"),
        "/metrics must not count itself:\n{text}"
    );
    assert!(
        !text.contains("/no/such/path"),
        "unknown paths must not create series:\n{text}"
    );

    let work = r#"version="v3",path="/api/work""#;
    assert_eq!(
        sample(
            &text,
            &format!("http_request_duration_seconds_count{{{work}}}")
        ),
        Some(20.0)
    );
    assert!(
        sample(
            &text,
            &format!("http_request_duration_seconds_sum{{{work}}}")
        )
        .unwrap()
            >= 0.0
    );
    assert_eq!(
        sample(
            &text,
            &format!("http_request_duration_seconds_bucket{{le=\"+Inf\",{work}}}")
        ),
        Some(20.0)
    );
    let buckets = text
        .lines()
        .filter(|l| l.starts_with("http_request_duration_seconds_bucket{") && l.contains(work))
        .count();
    assert!(buckets >= 10, "{text}");
    assert!(text.contains("# TYPE http_request_duration_seconds histogram"));
    assert!(text.contains("# TYPE http_requests counter"));
}

#[test]
fn histogram_sees_injected_latency() {
    let (addr, _server) = spawn(DemoOptions {
        latency_ms: 30,
        ..DemoOptions::default()
    })
    .unwrap();
    for _ in 0..2 {
        get(addr, "/api/work");
    }
    let text = get(addr, "/metrics").body;
    let work = r#"version="v1",path="/api/work""#;
    let sum = sample(
        &text,
        &format!("http_request_duration_seconds_sum{{{work}}}"),
    )
    .unwrap();
    assert!(sum >= 0.06, "sum {sum}\n{text}");
    let fast = sample(
        &text,
        &format!("http_request_duration_seconds_bucket{{le=\"0.025\",{work}}}"),
    );
    assert_eq!(fast, Some(0.0), "{text}");
}
