//! No log line of this crate, at any level, carries a request header's value: the
//! Authorization header (configured auth or a check's own), cookies, custom headers and
//! the Prometheus bearer token. Every event is captured at TRACE, from every target.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use shipgate_demo::{spawn, DemoOptions};
use shipgate_http::prometheus::PrometheusClient;
use shipgate_http::smoke::{run_smoke, CheckSpec, SmokeAuth, SmokeSpec, WaitSpec};
use url::Url;

const SECRETS: [&str; 5] = [
    "auth-bearer-v4lue",
    "own-authz-v4lue",
    "cookie-v4lue",
    "custom-header-v4lue",
    "prom-bearer-v4lue",
];

/// Every formatted log line, in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn request_header_values_never_reach_a_log_line() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let (addr, _demo) = spawn(DemoOptions::default()).unwrap();
    let base = Url::parse(&format!("http://{addr}/")).unwrap();

    let mut with_auth = CheckSpec::get("with auth", "/health/ready");
    with_auth.request.headers = vec![
        ("Cookie".to_string(), format!("session={}", SECRETS[2])),
        ("X-Api-Key".to_string(), SECRETS[3].to_string()),
    ];
    let mut own_auth = CheckSpec::get("own authorization", "/no/such/path");
    own_auth.request.headers = vec![(
        "Authorization".to_string(),
        format!("Bearer {}", SECRETS[1]),
    )];
    let mut spec = SmokeSpec::new(base.clone(), vec![with_auth, own_auth]);
    spec.auth = SmokeAuth::Bearer {
        token: SECRETS[0].into(),
    };
    spec.wait = WaitSpec {
        timeout: Duration::ZERO,
        interval: Duration::from_millis(50),
    };

    // A current-thread runtime keeps every task on this thread, under this subscriber.
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let outcome = run_smoke(&spec).await.unwrap();
            assert_eq!(outcome.checks.len(), 2);
            let prometheus = PrometheusClient::new(
                base.clone(),
                Some(SECRETS[4].into()),
                Duration::from_secs(5),
            )
            .unwrap();
            // The demo is no Prometheus: a 404, logged like any answer.
            assert!(prometheus.query("up", None).await.is_err());
        });
    });

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The capture saw the requests (so its silence about the values means something).
    assert!(log.contains("smoke attempt"), "{log}");
    assert!(log.contains("prometheus query"), "{log}");
    for secret in SECRETS {
        assert!(!log.contains(secret), "`{secret}` logged:\n{log}");
    }
}
