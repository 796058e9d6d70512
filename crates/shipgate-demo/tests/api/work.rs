//! `/api/work`'s injected error rate and latency.

use std::time::{Duration, Instant};

use shipgate_demo::{spawn, DemoOptions};

use crate::client::get;

#[test]
fn error_rate_ten_percent_over_2000_requests() {
    let (addr, _server) = spawn(DemoOptions {
        error_rate: 0.1,
        seed: Some(20_240_601),
        ..DemoOptions::default()
    })
    .unwrap();
    let mut errors = 0;
    for _ in 0..2000 {
        let reply = get(addr, "/api/work");
        match reply.status {
            200 => assert_eq!(reply.json()["ok"], true),
            500 => {
                assert_eq!(reply.json(), serde_json::json!({ "ok": false }));
                errors += 1;
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!((160..=240).contains(&errors), "{errors} of 2000 were 500");
}

#[test]
fn error_rate_bounds_are_exact() {
    let (never, _a) = spawn(DemoOptions {
        error_rate: 0.0,
        ..DemoOptions::default()
    })
    .unwrap();
    let (always, _b) = spawn(DemoOptions {
        error_rate: 1.0,
        ..DemoOptions::default()
    })
    .unwrap();
    for _ in 0..50 {
        assert_eq!(get(never, "/api/work").status, 200);
        assert_eq!(get(always, "/api/work").status, 500);
    }
}

#[test]
fn latency_delays_work_but_not_health() {
    let (addr, _server) = spawn(DemoOptions {
        latency_ms: 50,
        ..DemoOptions::default()
    })
    .unwrap();
    for _ in 0..3 {
        let started = Instant::now();
        assert_eq!(get(addr, "/api/work").status, 200);
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(50), "{took:?}");
        assert!(took < Duration::from_secs(2), "{took:?}");
    }
    let started = Instant::now();
    assert_eq!(get(addr, "/health/live").status, 200);
    assert!(started.elapsed() < Duration::from_millis(50));
}
