//! Building the reqwest client both halves of the crate use.

use std::path::Path;
use std::time::Duration;

use thiserror::Error;

use crate::ca_file::{read_ca_file, CaFileError};

/// Options for [`build_client`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientOptions<'a> {
    /// Whole-request timeout (connect, send, read the body).
    pub timeout: Duration,
    /// Verify the server's certificate (on unless explicitly turned off).
    pub tls_verify: bool,
    /// A PEM file of CA certificates trusted in addition to the system's roots.
    pub ca_file: Option<&'a Path>,
    /// Follow redirects (up to 10) or hand 3xx answers back as they are.
    pub follow_redirects: bool,
}

/// Why no client could be built.
#[derive(Debug, Error)]
pub enum ClientError {
    /// `tls.ca_file` cannot be used.
    #[error(transparent)]
    CaFile(#[from] CaFileError),
    /// reqwest refused the configuration (no usable TLS roots, ...).
    #[error("could not set up the HTTP client: {source}")]
    Build {
        /// reqwest's error.
        #[source]
        source: reqwest::Error,
    },
}

/// The warning given when certificate verification is off: on stderr (through
/// `tracing`) and in the results that carry `warnings`.
pub(crate) const TLS_VERIFY_OFF: &str =
    "TLS certificate verification is off (`tls_verify: false`): any server, including an impostor, is accepted";

/// A reqwest client over rustls.
///
/// Server certificates are verified against the system's roots (the platform verifier,
/// which on Linux reads the system store, or `SSL_CERT_FILE`/`SSL_CERT_DIR` in its place
/// when set) plus the certificates of `ca_file`. With `tls_verify` off any certificate is
/// accepted and a warning is logged.
///
/// The ring crypto provider is installed as the process default when no provider is
/// installed yet (reqwest is built without its aws-lc default to keep the build light);
/// an already installed provider is kept.
pub(crate) fn build_client(options: ClientOptions<'_>) -> Result<reqwest::Client, ClientError> {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another installer is fine: some provider is then installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    let redirects = if options.follow_redirects {
        reqwest::redirect::Policy::limited(10)
    } else {
        reqwest::redirect::Policy::none()
    };
    let mut builder = reqwest::Client::builder()
        .timeout(options.timeout)
        .connect_timeout(options.timeout)
        .redirect(redirects)
        .user_agent(concat!("shipgate/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = options.ca_file {
        builder = builder.tls_certs_merge(read_ca_file(path)?);
    }
    if !options.tls_verify {
        tracing::warn!("{TLS_VERIFY_OFF}");
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    builder
        .build()
        .map_err(|source| ClientError::Build { source })
}
