//! The Prometheus client against broken Prometheus answers (the demo's fault modes) and
//! against nothing at all.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::time::{Duration, Instant, SystemTime};

use shipgate_demo::{spawn, DemoHandle, DemoOptions, PrometheusFault};
use shipgate_http::prometheus::{PromError, PromErrorKind, PrometheusClient};
use url::Url;

const TOKEN: &str = "prom-bearer-secret";

fn faulty(fault: PrometheusFault, timeout: Duration) -> (PrometheusClient, DemoHandle) {
    let (addr, handle) = spawn(DemoOptions {
        prometheus_fault: fault,
        ..DemoOptions::default()
    })
    .unwrap();
    let url = Url::parse(&format!("http://{addr}/")).unwrap();
    (
        PrometheusClient::new(url, Some(TOKEN.into()), timeout).unwrap(),
        handle,
    )
}

fn assert_no_token(error: &PromError) {
    let text = format!("{error} {error:?}");
    assert!(!text.contains(TOKEN), "token leaked: {text}");
}

#[tokio::test]
async fn http_500_is_an_http_error_with_the_body() {
    let (client, _demo) = faulty(PrometheusFault::Http500, Duration::from_secs(5));
    let error = client.query("up", None).await.unwrap_err();
    assert_no_token(&error);
    match &error {
        PromError::Http {
            status,
            body_excerpt,
            url,
            query,
        } => {
            assert_eq!(*status, 500);
            assert!(
                body_excerpt.contains("internal server error"),
                "{body_excerpt}"
            );
            assert!(url.ends_with("/api/v1/query"), "{url}");
            assert_eq!(query, "up");
        }
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("HTTP 500"), "{error}");
}

#[tokio::test]
async fn garbage_is_invalid_json() {
    let (client, _demo) = faulty(PrometheusFault::Garbage, Duration::from_secs(5));
    let error = client.query("up", None).await.unwrap_err();
    assert_eq!(error.kind(), PromErrorKind::InvalidJson, "{error}");
    assert_no_token(&error);
    let now = SystemTime::now();
    let error = client
        .query_range(
            "up",
            now - Duration::from_secs(60),
            now,
            Duration::from_secs(15),
        )
        .await
        .unwrap_err();
    assert_eq!(error.kind(), PromErrorKind::InvalidJson, "{error}");
    assert!(error.to_string().contains("/api/v1/query_range"), "{error}");
}

#[tokio::test]
async fn status_error_is_an_api_error() {
    let (client, _demo) = faulty(PrometheusFault::ErrorStatus, Duration::from_secs(5));
    match client.query("up", None).await.unwrap_err() {
        PromError::ApiError {
            error_type, error, ..
        } => {
            assert_eq!(error_type, "bad_data");
            assert!(error.contains("invalid parameter"), "{error}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let (client, _demo) = faulty(PrometheusFault::Slow, Duration::from_secs(1));
    let started = Instant::now();
    let error = client.query("up", None).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(error.kind(), PromErrorKind::Timeout, "{error}");
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(5),
        "{took:?}"
    );
    assert!(
        error.to_string().contains("did not answer within 1s"),
        "{error}"
    );
}

#[tokio::test]
async fn a_server_that_is_not_prometheus_is_an_http_error() {
    let (client, _demo) = faulty(PrometheusFault::None, Duration::from_secs(5));
    let error = client.query("up", None).await.unwrap_err();
    assert!(
        matches!(error, PromError::Http { status: 404, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn nothing_listening_is_unreachable() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let url = Url::parse(&format!("http://127.0.0.1:{port}/prom")).unwrap();
    let client = PrometheusClient::new(url, Some(TOKEN.into()), Duration::from_secs(2)).unwrap();
    let error = client.query("up", None).await.unwrap_err();
    assert_no_token(&error);
    match &error {
        PromError::Unreachable { url, reason, .. } => {
            assert_eq!(url, &format!("http://127.0.0.1:{port}/prom/api/v1/query"));
            assert!(reason.contains("connection refused"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

// Multi-threaded: the connection left unread is closed by a task that must run while the
// demo waits for its connections at the end of the test.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_over_the_limit_is_too_large_not_invalid_json() {
    let (client, _demo) = faulty(PrometheusFault::Huge, Duration::from_secs(20));
    let error = client.query("up", None).await.unwrap_err();
    assert_no_token(&error);
    assert_eq!(error.kind(), PromErrorKind::TooLarge, "{error}");
    let text = error.to_string();
    assert!(text.contains("too large"), "{text}");
    assert!(text.contains("more than 32 MiB"), "{text}");
    assert!(
        !text.contains("invalid JSON") && !text.contains("column"),
        "{text}"
    );
    assert!(text.contains("/api/v1/query"), "{text}");
    drop(client);
}
