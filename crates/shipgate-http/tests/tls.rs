//! Certificate verification against a real TLS server on loopback whose certificate is
//! signed by a CA of the test's own: refused without `ca_file` (in words), accepted with
//! it, and `tls_verify: false` accepts it with a warning.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

mod tls_server;

use std::path::Path;
use std::time::Duration;

use shipgate_core::Verdict;
use shipgate_http::prometheus::{PromError, PrometheusClient};
use shipgate_http::smoke::{run_smoke, CheckSpec, SmokeError, SmokeOutcome, SmokeSpec, WaitSpec};
use shipgate_http::{CaFileError, ClientError};
use tls_server::{base, server, Server};

fn smoke_spec(server: &Server, ca_file: Option<&Path>) -> SmokeSpec {
    let mut spec = SmokeSpec::new(base(server), vec![CheckSpec::get("ready", "/health")]);
    spec.wait = WaitSpec {
        timeout: Duration::ZERO,
        interval: Duration::from_millis(100),
    };
    spec.request_timeout = Duration::from_secs(5);
    spec.ca_file = ca_file.map(Path::to_path_buf);
    spec
}

async fn smoke(spec: &SmokeSpec) -> SmokeOutcome {
    run_smoke(spec).await.unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn a_private_ca_is_refused_in_words_without_ca_file() {
    let server = server().await;
    let outcome = smoke(&smoke_spec(&server, None)).await;
    assert_eq!(outcome.verdict, Verdict::Fail);
    let failures = outcome.checks[0].failures.join("; ");
    assert!(
        failures.contains("certificate signed by an unknown authority"),
        "{failures}"
    );
    assert!(!failures.contains("UnknownIssuer"), "{failures}");
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);

    let prometheus = PrometheusClient::new(base(&server), None, Duration::from_secs(5)).unwrap();
    let error = prometheus.query("up", None).await.unwrap_err();
    assert!(matches!(error, PromError::Unreachable { .. }), "{error:?}");
    let text = error.to_string();
    assert!(
        text.contains("certificate signed by an unknown authority"),
        "{text}"
    );
    assert!(!text.contains("UnknownIssuer"), "{text}");
}

#[tokio::test]
async fn the_ca_file_makes_the_server_trusted() {
    let server = server().await;
    let outcome = smoke(&smoke_spec(&server, Some(&server.ca_file))).await;
    assert_eq!(
        outcome.verdict,
        Verdict::Pass,
        "{:?}",
        outcome.checks[0].failures
    );
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);

    let prometheus = PrometheusClient::with_ca_file(
        base(&server),
        None,
        Duration::from_secs(5),
        Some(&server.ca_file),
    )
    .unwrap();
    let series = prometheus.query("up", None).await.unwrap();
    assert!(series.is_empty(), "{series:?}");
}

#[tokio::test]
async fn verification_off_accepts_the_server_and_says_so() {
    let server = server().await;
    let mut spec = smoke_spec(&server, None);
    spec.tls_verify = false;
    let outcome = smoke(&spec).await;
    assert_eq!(outcome.verdict, Verdict::Pass);
    assert_eq!(outcome.warnings.len(), 1, "{:?}", outcome.warnings);
    assert!(
        outcome.warnings[0].contains("TLS certificate verification is off"),
        "{:?}",
        outcome.warnings
    );
    // The JSON form of the outcome carries it; a verified run has no `warnings` key.
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["warnings"][0], outcome.warnings[0].as_str());
    let verified = smoke(&smoke_spec(&server, Some(&server.ca_file))).await;
    assert!(serde_json::to_value(&verified)
        .unwrap()
        .get("warnings")
        .is_none());
}

#[tokio::test]
async fn an_unusable_ca_file_is_an_error_naming_it() {
    let server = server().await;
    let missing = server.ca_file.with_file_name("missing.pem");
    let error = run_smoke(&smoke_spec(&server, Some(&missing)))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            SmokeError::Client(ClientError::CaFile(CaFileError::Read { path, .. })) if *path == missing
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().contains(&missing.display().to_string()),
        "{error}"
    );

    let not_pem = server.ca_file.with_file_name("not.pem");
    std::fs::write(&not_pem, "just text\n").unwrap();
    let error = run_smoke(&smoke_spec(&server, Some(&not_pem)))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            SmokeError::Client(ClientError::CaFile(CaFileError::NoCertificate { .. }))
        ),
        "{error:?}"
    );
    let error =
        PrometheusClient::with_ca_file(base(&server), None, Duration::from_secs(5), Some(&not_pem))
            .unwrap_err();
    assert!(matches!(error, PromError::CaFile { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("holds no usable PEM certificate"),
        "{error}"
    );
}

/// Every formatted log line, in memory.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn verification_off_is_logged_as_a_warning() {
    let captured = Captured::default();
    let writer = captured.clone();
    // The level the CLI installs by default: warnings reach stderr without `-v`.
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let server = server().await;
            let verified = smoke(&smoke_spec(&server, Some(&server.ca_file))).await;
            assert_eq!(verified.verdict, Verdict::Pass);
            assert!(
                captured.0.lock().unwrap().is_empty(),
                "a verified run warns"
            );
            let mut spec = smoke_spec(&server, None);
            spec.tls_verify = false;
            smoke(&spec).await;
        });
    });
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("WARN") && log.contains("TLS certificate verification is off"),
        "{log}"
    );
}
