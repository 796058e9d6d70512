//! The demo impersonating a broken Prometheus HTTP API.

use std::io::ErrorKind;
use std::time::{Duration, Instant};

use shipgate_demo::{spawn, DemoOptions, PrometheusFault};

use crate::client::{get, send};

fn with_fault(fault: PrometheusFault) -> (std::net::SocketAddr, shipgate_demo::DemoHandle) {
    spawn(DemoOptions {
        prometheus_fault: fault,
        ..DemoOptions::default()
    })
    .unwrap()
}

const PATHS: [&str; 2] = [
    "/api/v1/query?query=up",
    "/api/v1/query_range?query=up&start=0&end=60&step=15",
];

#[test]
fn no_fault_means_no_prometheus_api() {
    let (addr, _server) = with_fault(PrometheusFault::None);
    for path in PATHS {
        assert_eq!(get(addr, path).status, 404, "{path}");
    }
}

#[test]
fn http500_answers_500_with_text() {
    let (addr, _server) = with_fault(PrometheusFault::Http500);
    for path in PATHS {
        let reply = get(addr, path);
        assert_eq!(reply.status, 500);
        assert!(reply
            .header("content-type")
            .unwrap()
            .starts_with("text/plain"));
        assert!(!reply.body.is_empty());
    }
}

#[test]
fn garbage_answers_200_with_invalid_json() {
    let (addr, _server) = with_fault(PrometheusFault::Garbage);
    for path in PATHS {
        let reply = get(addr, path);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert!(
            serde_json::from_str::<serde_json::Value>(&reply.body).is_err(),
            "{}",
            reply.body
        );
    }
}

#[test]
fn error_status_answers_a_prometheus_error_document() {
    let (addr, _server) = with_fault(PrometheusFault::ErrorStatus);
    for path in PATHS {
        let reply = get(addr, path);
        assert_eq!(reply.status, 200);
        let body = reply.json();
        assert_eq!(body["status"], "error");
        assert_eq!(body["errorType"], "bad_data");
        assert!(body["error"].is_string());
    }
    // Prometheus clients may POST form-encoded queries; the fault answers those too.
    let post = send(
        addr,
        "POST",
        "/api/v1/query",
        &[],
        Some("query=up"),
        Duration::from_secs(5),
    )
    .unwrap();
    assert_eq!(post.json()["status"], "error");
}

#[test]
fn slow_outlasts_a_client_timeout_and_does_not_hold_up_shutdown() {
    let (addr, server) = with_fault(PrometheusFault::Slow);
    let started = Instant::now();
    let err = send(addr, "GET", PATHS[0], &[], None, Duration::from_secs(1)).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "{err:?}"
    );
    assert!(started.elapsed() >= Duration::from_secs(1));
    // A request still waiting when the server stops is cut short, not waited out.
    let waiting =
        std::thread::spawn(move || send(addr, "GET", PATHS[1], &[], None, Duration::from_secs(10)));
    std::thread::sleep(Duration::from_millis(100));
    let stopping = Instant::now();
    server.stop().unwrap();
    assert!(
        stopping.elapsed() < Duration::from_secs(5),
        "{:?}",
        stopping.elapsed()
    );
    let _ = waiting.join().unwrap();
}
