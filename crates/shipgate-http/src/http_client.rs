//! Building the reqwest client both halves of the crate use.

use std::time::Duration;

/// Options for [`build_client`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientOptions {
    /// Whole-request timeout (connect, send, read the body).
    pub timeout: Duration,
    /// Verify the server's certificate (on unless explicitly turned off).
    pub tls_verify: bool,
    /// Follow redirects (up to 10) or hand 3xx answers back as they are.
    pub follow_redirects: bool,
}

/// A reqwest client over rustls.
///
/// The ring crypto provider is installed as the process default when no provider is
/// installed yet (reqwest is built without its aws-lc default to keep the build light);
/// an already installed provider is kept.
pub(crate) fn build_client(options: ClientOptions) -> Result<reqwest::Client, reqwest::Error> {
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
    if !options.tls_verify {
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    builder.build()
}
