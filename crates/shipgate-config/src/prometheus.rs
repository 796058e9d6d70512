//! The resolved `prometheus:` section: where metric gates and the canary judge query.

/// The Prometheus server.
#[derive(Clone, PartialEq)]
pub struct PrometheusConfig {
    /// Base URL of the server (`http://` or `https://`), without `/api/v1`.
    pub url: String,
    /// The value of the environment variable named by `bearer_env`, sent as
    /// `Authorization: Bearer …`; also listed in [`crate::Config::secrets`].
    pub bearer_token: Option<shipgate_core::Secret>,
    /// Timeout of one query, in seconds (`timeout:`, default 10).
    pub timeout_seconds: f64,
    /// `tls:`: extra CA certificates to trust.
    pub tls: crate::TlsConfig,
}

impl std::fmt::Debug for PrometheusConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrometheusConfig")
            .field("url", &self.url)
            .field("bearer_token", &self.bearer_token)
            .field("timeout_seconds", &self.timeout_seconds)
            .field("tls", &self.tls)
            .finish()
    }
}
