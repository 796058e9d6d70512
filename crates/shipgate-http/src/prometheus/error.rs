//! Why a Prometheus query produced no data.

use std::time::Duration;

use thiserror::Error;

/// A query that could not be answered. Each variant names the endpoint URL (without query
/// string or password) and the PromQL query; the bearer token never appears.
///
/// An empty result or a `NaN` value is *not* an error: it comes back as data, and the
/// metric state machine calls it inconclusive.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PromError {
    /// The client could not be built, or the configured URL cannot be used.
    #[error("Prometheus URL `{url}`: {reason}")]
    Config {
        /// The URL as configured (password redacted).
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// `tls.ca_file` could not be read or holds no usable certificate.
    #[error("Prometheus URL `{url}`: {reason}")]
    CaFile {
        /// The URL as configured (password redacted).
        url: String,
        /// Which file, and what is wrong with it.
        reason: String,
    },
    /// No connection: nothing listening, DNS failure, TLS failure.
    #[error("Prometheus at {url} is unreachable ({reason}) for query `{query}`")]
    Unreachable {
        /// The endpoint.
        url: String,
        /// The query.
        query: String,
        /// The connection error.
        reason: String,
    },
    /// No complete answer within the client's timeout.
    #[error("Prometheus at {url} did not answer within {} for query `{query}`", crate::transport::seconds_text(*timeout))]
    Timeout {
        /// The endpoint.
        url: String,
        /// The query.
        query: String,
        /// The timeout that ran out.
        timeout: Duration,
    },
    /// A non-2xx status without a Prometheus error body.
    #[error("Prometheus at {url} answered HTTP {status} for query `{query}`: {body_excerpt}")]
    Http {
        /// The endpoint.
        url: String,
        /// The query.
        query: String,
        /// The HTTP status.
        status: u16,
        /// The start of the body.
        body_excerpt: String,
    },
    /// A body that is not the Prometheus API's JSON.
    #[error("Prometheus at {url} answered invalid JSON for query `{query}`: {reason}; body: {body_excerpt}")]
    InvalidJson {
        /// The endpoint.
        url: String,
        /// The query.
        query: String,
        /// What did not parse.
        reason: String,
        /// The start of the body.
        body_excerpt: String,
    },
    /// `"status":"error"`: Prometheus refused or failed the query (bad PromQL, timeout
    /// inside Prometheus, …).
    #[error("Prometheus at {url} rejected query `{query}`: {error_type}: {error}")]
    ApiError {
        /// The endpoint.
        url: String,
        /// The query.
        query: String,
        /// `errorType`, e.g. `bad_data`, `execution`, `timeout`.
        error_type: String,
        /// `error`, Prometheus' message.
        error: String,
    },
    /// A well-formed answer of a kind the caller cannot use (a matrix for an instant
    /// query, a string, a native histogram).
    #[error("Prometheus at {url} returned {found} for query `{query}`; {expected}")]
    UnexpectedResult {
        /// The endpoint.
        url: String,
        /// The query.
        query: String,
        /// What came back.
        found: String,
        /// What was needed, as advice.
        expected: String,
    },
    /// The answer is longer than the client reads: cut, it could only fail to parse.
    #[error("Prometheus at {url} answered more than {} MiB for query `{query}`: the answer is too large (narrow the query, or aggregate it with sum/avg)", limit_bytes / (1024 * 1024))]
    TooLarge {
        /// The endpoint.
        url: String,
        /// The query.
        query: String,
        /// How much is read at most, in bytes.
        limit_bytes: u64,
    },
    /// The request failed after connecting (connection reset, malformed HTTP).
    #[error("Prometheus at {url} failed for query `{query}`: {reason}")]
    Transport {
        /// The endpoint.
        url: String,
        /// The query.
        query: String,
        /// The failure.
        reason: String,
    },
}

/// The kind of a [`PromError`], for callers that branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PromErrorKind {
    /// [`PromError::Config`].
    Config,
    /// [`PromError::CaFile`].
    CaFile,
    /// [`PromError::Unreachable`].
    Unreachable,
    /// [`PromError::Timeout`].
    Timeout,
    /// [`PromError::Http`].
    Http,
    /// [`PromError::InvalidJson`].
    InvalidJson,
    /// [`PromError::ApiError`].
    ApiError,
    /// [`PromError::UnexpectedResult`].
    UnexpectedResult,
    /// [`PromError::Transport`].
    Transport,
    /// [`PromError::TooLarge`].
    TooLarge,
}

impl PromError {
    /// Which kind of error this is.
    pub fn kind(&self) -> PromErrorKind {
        match self {
            PromError::Config { .. } => PromErrorKind::Config,
            PromError::CaFile { .. } => PromErrorKind::CaFile,
            PromError::Unreachable { .. } => PromErrorKind::Unreachable,
            PromError::Timeout { .. } => PromErrorKind::Timeout,
            PromError::Http { .. } => PromErrorKind::Http,
            PromError::InvalidJson { .. } => PromErrorKind::InvalidJson,
            PromError::ApiError { .. } => PromErrorKind::ApiError,
            PromError::UnexpectedResult { .. } => PromErrorKind::UnexpectedResult,
            PromError::Transport { .. } => PromErrorKind::Transport,
            PromError::TooLarge { .. } => PromErrorKind::TooLarge,
        }
    }
}
