//! What the config layer hands the smoke runner: plain structs, no parsing here.

use shipgate_core::Secret;
use std::time::Duration;

use url::Url;

/// The whole `smoke:` section, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct SmokeSpec {
    /// Where every check's `path` is resolved against (`http` or `https`).
    pub base_url: Url,
    /// How long to keep polling, and how often.
    pub wait: WaitSpec,
    /// Credentials sent with every request (a check's own `Authorization` header wins).
    pub auth: SmokeAuth,
    /// The checks, in config order (results keep this order).
    pub checks: Vec<CheckSpec>,
    /// Verify TLS certificates (default `true`; `false` accepts any certificate, and the
    /// outcome carries a warning saying so).
    pub tls_verify: bool,
    /// A PEM file of CA certificates trusted in addition to the system's roots
    /// (`smoke.tls.ca_file`).
    pub ca_file: Option<std::path::PathBuf>,
    /// Timeout of one request: connecting, sending and reading the whole answer.
    pub request_timeout: Duration,
}

impl SmokeSpec {
    /// A spec with the defaults: [`WaitSpec::default`], no auth, TLS verified, 10 s per
    /// request.
    pub fn new(base_url: Url, checks: Vec<CheckSpec>) -> Self {
        SmokeSpec {
            base_url,
            wait: WaitSpec::default(),
            auth: SmokeAuth::None,
            checks,
            tls_verify: true,
            ca_file: None,
            request_timeout: Duration::from_secs(10),
        }
    }
}

/// Polling: retry failing checks every `interval` until `timeout` has passed since the
/// start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitSpec {
    /// The deadline, counted from the start of the run. No attempt is *retried* after it;
    /// a check's first attempt is always made (so `timeout: 0` means "one try each").
    pub timeout: Duration,
    /// Time between the starts of two attempts of a failing check (> 0).
    pub interval: Duration,
}

impl Default for WaitSpec {
    /// `{ timeout: 5m, interval: 5s }`.
    fn default() -> Self {
        WaitSpec {
            timeout: Duration::from_secs(300),
            interval: Duration::from_secs(5),
        }
    }
}

/// Credentials for every request. Both forms are [`Secret`]s: they are redacted from
/// everything the runner returns, and `Debug` does not show them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SmokeAuth {
    /// No credentials.
    #[default]
    None,
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// The token.
        token: Secret,
    },
    /// HTTP basic authentication.
    Basic {
        /// The user name.
        user: Secret,
        /// The password.
        password: Secret,
    },
}

impl SmokeAuth {
    /// The secret values (token, or user's password) to redact.
    pub fn secrets(&self) -> Vec<&str> {
        match self {
            SmokeAuth::None => Vec::new(),
            SmokeAuth::Bearer { token } => vec![token.expose()],
            SmokeAuth::Basic { user, password } => vec![user.expose(), password.expose()],
        }
    }
}

/// One smoke check: a request, what the answer must look like, and values to capture.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckSpec {
    /// Unique, non-empty name; the gate id is `SMOKE-<name>`.
    pub name: String,
    /// The request to send.
    pub request: RequestSpec,
    /// What the answer must satisfy.
    pub expect: ExpectSpec,
    /// `(variable, JSON Pointer)`: once the check passes, each pointer's value in the
    /// response body becomes `${variable}` for later checks (and a secret). A pointer that
    /// resolves to nothing fails the check.
    pub capture: Vec<(String, String)>,
}

impl CheckSpec {
    /// A `GET path` check expecting a 2xx status and nothing else.
    pub fn get(name: impl Into<String>, path: impl Into<String>) -> Self {
        CheckSpec {
            name: name.into(),
            request: RequestSpec::get(path),
            expect: ExpectSpec::default(),
            capture: Vec::new(),
        }
    }
}

/// The request of a check. `${var}` in `path`, header values, `body` and string values
/// of `json` is replaced by a captured value; `$${` is a literal `${`.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSpec {
    /// HTTP method (`GET`, `POST`, …; case as given, must be a valid token).
    pub method: String,
    /// Path (and optional query) resolved against the base URL; an absolute path keeps
    /// the base's scheme and host and replaces its path.
    pub path: String,
    /// Extra request headers.
    pub headers: Vec<(String, String)>,
    /// A JSON body (sent with `content-type: application/json`). Not with `body`.
    pub json: Option<serde_json::Value>,
    /// A raw text body. Not with `json`.
    pub body: Option<String>,
}

impl RequestSpec {
    /// `GET path` without headers or body.
    pub fn get(path: impl Into<String>) -> Self {
        RequestSpec {
            method: "GET".to_string(),
            path: path.into(),
            headers: Vec::new(),
            json: None,
            body: None,
        }
    }
}

/// What an answer must satisfy; every listed expectation is checked and every failure
/// reported.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExpectSpec {
    /// Accepted status codes; empty means any 2xx. Redirects are not followed, so a 3xx
    /// is seen as it is.
    pub status: Vec<u16>,
    /// `(JSON Pointer, value)`: the body must be JSON and the value at each pointer
    /// (RFC 6901, `""` is the whole document) must equal the given one (numbers compare
    /// by value, `1 == 1.0`).
    pub json: Vec<(String, serde_json::Value)>,
    /// The body must contain this text.
    pub body_contains: Option<String>,
    /// `(header name, text)`: the header must be present and one of its values must
    /// contain the text, compared without regard to ASCII case.
    pub headers: Vec<(String, String)>,
    /// The answer (headers and body) must arrive within this time.
    pub max_latency: Option<Duration>,
}
