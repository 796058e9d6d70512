//! What the documentation says of `SSL_CERT_FILE` and `SSL_CERT_DIR` holds: set, the
//! certificates there are trusted (in place of the system store), with no `tls.ca_file`.
//! One test in its own binary: it changes the process environment.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

mod tls_server;

use std::time::Duration;

use shipgate_core::Verdict;
use shipgate_http::smoke::{run_smoke, CheckSpec, SmokeSpec, WaitSpec};
use tls_server::{base, server};

#[tokio::test]
async fn ssl_cert_file_and_ssl_cert_dir_are_trusted_roots() {
    let server = server().await;
    let mut spec = SmokeSpec::new(base(&server), vec![CheckSpec::get("ready", "/health")]);
    spec.wait = WaitSpec {
        timeout: Duration::ZERO,
        interval: Duration::from_millis(100),
    };
    spec.request_timeout = Duration::from_secs(5);

    std::env::remove_var("SSL_CERT_DIR");
    std::env::remove_var("SSL_CERT_FILE");
    let system_only = run_smoke(&spec).await.unwrap();
    assert_eq!(
        system_only.verdict,
        Verdict::Fail,
        "the test CA is no system root"
    );

    std::env::set_var("SSL_CERT_FILE", &server.ca_file);
    let outcome = run_smoke(&spec).await.unwrap();
    assert_eq!(
        outcome.verdict,
        Verdict::Pass,
        "SSL_CERT_FILE: {:?}",
        outcome.checks[0].failures
    );
    std::env::remove_var("SSL_CERT_FILE");

    let dir = server.ca_file.parent().unwrap().to_path_buf();
    std::env::set_var("SSL_CERT_DIR", &dir);
    let outcome = run_smoke(&spec).await.unwrap();
    assert_eq!(
        outcome.verdict,
        Verdict::Pass,
        "SSL_CERT_DIR: {:?}",
        outcome.checks[0].failures
    );
    std::env::remove_var("SSL_CERT_DIR");
}
