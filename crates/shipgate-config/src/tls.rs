//! The resolved `tls:` mapping of the `smoke:` and `prometheus:` sections.

use std::path::PathBuf;

/// How the HTTP client verifies a server's certificate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsConfig {
    /// `tls.ca_file`: a PEM file of CA certificates trusted in addition to the system's
    /// roots (for a private CA), resolved against [`crate::Config::dir`].
    pub ca_file: Option<PathBuf>,
}
