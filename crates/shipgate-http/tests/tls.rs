//! Certificate verification against a real TLS server on loopback whose certificate is
//! signed by a CA of the test's own: refused without `ca_file` (in words), accepted with
//! it, and `tls_verify: false` accepts it with a warning.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use shipgate_core::Verdict;
use shipgate_http::prometheus::{PromError, PrometheusClient};
use shipgate_http::smoke::{run_smoke, CheckSpec, SmokeError, SmokeOutcome, SmokeSpec, WaitSpec};
use shipgate_http::{CaFileError, ClientError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;
use url::Url;

/// The answer to every request: an empty Prometheus vector, which is also a 200 with a
/// JSON body for the smoke check.
const ANSWER: &str = r#"{"status":"success","data":{"resultType":"vector","result":[]}}"#;

/// A CA, a server certificate it signed for 127.0.0.1 and `localhost`, the CA's PEM in a
/// file, and a TLS server on loopback that answers [`ANSWER`] to every request.
struct Server {
    addr: SocketAddr,
    ca_file: PathBuf,
    _dir: tempfile::TempDir,
}

async fn server() -> Server {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "shipgate test CA");
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
    let server_key = KeyPair::generate().unwrap();
    let server_params =
        CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    let server_cert = server_params.signed_by(&server_key, &ca).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca.pem()).unwrap();

    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into());
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![server_cert.der().clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that refuses the certificate ends the handshake: nothing to do.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{ANSWER}",
                    ANSWER.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    Server {
        addr,
        ca_file,
        _dir: dir,
    }
}

fn base(server: &Server) -> Url {
    Url::parse(&format!("https://{}/", server.addr)).unwrap()
}

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
    assert!(matches!(error, PromError::Config { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("holds no usable PEM certificate"),
        "{error}"
    );
}
