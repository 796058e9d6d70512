//! Health probes, orders, unknown paths and server lifecycle.

use std::time::{Duration, Instant};

use serde_json::json;
use shipgate_demo::{spawn, DemoOptions};

use crate::client::{get, post_json, send};

#[test]
fn live_and_ready_answer_json() {
    let (addr, _server) = spawn(DemoOptions::default()).unwrap();
    let live = get(addr, "/health/live");
    assert_eq!(live.status, 200);
    assert_eq!(live.json(), json!({ "status": "alive" }));
    assert_eq!(live.header("content-type"), Some("application/json"));
    let ready = get(addr, "/health/ready");
    assert_eq!(ready.status, 200);
    assert_eq!(ready.json(), json!({ "status": "healthy" }));
}

#[test]
fn not_ready_is_503_unhealthy_but_still_live() {
    let (addr, _server) = spawn(DemoOptions {
        ready: false,
        ..DemoOptions::default()
    })
    .unwrap();
    let ready = get(addr, "/health/ready");
    assert_eq!(ready.status, 503);
    assert_eq!(ready.json(), json!({ "status": "unhealthy" }));
    assert_eq!(get(addr, "/health/live").status, 200);
}

#[test]
fn work_reports_the_version() {
    let (addr, _server) = spawn(DemoOptions {
        version: "v2".into(),
        ..DemoOptions::default()
    })
    .unwrap();
    let work = get(addr, "/api/work");
    assert_eq!(work.status, 200);
    assert_eq!(work.json(), json!({ "ok": true, "version": "v2" }));
}

#[test]
fn orders_are_created_with_an_id_and_echo_the_sku() {
    let (addr, _server) = spawn(DemoOptions::default()).unwrap();
    let first = post_json(addr, "/api/orders", r#"{"sku":"test","qty":2}"#);
    assert_eq!(first.status, 201);
    let body = first.json();
    assert_eq!(body["sku"], "test");
    let id = body["id"].as_str().unwrap();
    assert_eq!(id.len(), 36, "{id}");
    let second = post_json(addr, "/api/orders", r#"{"sku":"test"}"#).json();
    assert_ne!(second["id"], body["id"]);
}

#[test]
fn orders_reject_bodies_that_are_not_json_objects() {
    let (addr, _server) = spawn(DemoOptions::default()).unwrap();
    for body in ["not json", "[1,2]"] {
        let reply = post_json(addr, "/api/orders", body);
        assert_eq!(reply.status, 400, "{body}");
        assert!(reply.json()["error"].is_string());
    }
}

#[test]
fn unknown_paths_are_404_json() {
    let (addr, _server) = spawn(DemoOptions::default()).unwrap();
    let reply = get(addr, "/nope");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.json(),
        json!({ "error": "not found", "path": "/nope" })
    );
}

#[test]
fn seeded_servers_hand_out_the_same_ids() {
    let opts = DemoOptions {
        seed: Some(99),
        ..DemoOptions::default()
    };
    let (a, _sa) = spawn(opts.clone()).unwrap();
    let (b, _sb) = spawn(opts).unwrap();
    let id = |addr| post_json(addr, "/api/orders", "{}").json()["id"].clone();
    assert_eq!(id(a), id(b));
}

#[test]
fn invalid_options_are_refused() {
    let err = spawn(DemoOptions {
        error_rate: 1.5,
        ..DemoOptions::default()
    })
    .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("between 0 and 1"), "{err}");
}

#[test]
fn stopping_closes_the_port() {
    let (addr, server) = spawn(DemoOptions::default()).unwrap();
    assert_eq!(get(addr, "/health/live").status, 200);
    let started = Instant::now();
    server.stop().unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(send(
        addr,
        "GET",
        "/health/live",
        &[],
        None,
        Duration::from_secs(1)
    )
    .is_err());
}
