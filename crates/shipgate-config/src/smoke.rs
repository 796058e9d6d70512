//! The resolved `smoke:` section: HTTP checks polled until they pass or a deadline ends.
//!
//! Text in a check's request (path, header values, body, string values of `json`) and in
//! its expectations (`json` values, `body_contains`, header values) is a run-time template:
//! `${var}` naming a variable that some check in the section `capture`s is kept as written
//! (the smoke runner substitutes the captured value), `$${` is kept for the runner (which
//! reads it as a literal `${`), and every other `${VAR}` is expanded from the environment
//! when the config is loaded (a missing variable is an error).

use shipgate_core::Secret;

/// The `smoke:` section.
#[derive(Debug, Clone, PartialEq)]
pub struct SmokeConfig {
    /// The URL every check's `path` is resolved against.
    pub base_url: String,
    /// `wait.timeout`: how long to keep polling, in seconds (default 300).
    pub wait_timeout_seconds: f64,
    /// `wait.interval`: time between two attempts of a failing check, in seconds
    /// (default 5).
    pub wait_interval_seconds: f64,
    /// Credentials sent with every request.
    pub auth: SmokeAuth,
    /// Verify TLS certificates (`tls_verify:`, default `true`).
    pub tls_verify: bool,
    /// `tls:`: extra CA certificates to trust.
    pub tls: crate::TlsConfig,
    /// The checks, in file order; names are unique.
    pub checks: Vec<SmokeCheckConfig>,
}

/// Credentials read from the environment variables named by `auth:`. The values are
/// [`Secret`]s, also listed in [`crate::Config::secrets`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SmokeAuth {
    /// No `auth:`.
    #[default]
    None,
    /// `auth: { bearer_env: VAR }`.
    Bearer {
        /// The token.
        token: Secret,
    },
    /// `auth: { basic_user_env: VAR, basic_password_env: VAR }`.
    Basic {
        /// The user name.
        user: Secret,
        /// The password.
        password: Secret,
    },
}

/// One check: `request:`, `expect:` and `capture:` flattened.
#[derive(Debug, Clone, PartialEq)]
pub struct SmokeCheckConfig {
    /// Unique within the section.
    pub name: String,
    /// `request.method`, upper case: GET (default), HEAD, POST, PUT, PATCH, DELETE or
    /// OPTIONS.
    pub method: String,
    /// `request.path`, resolved against the base URL (a template).
    pub path: String,
    /// `request.headers`, in file order (values are templates).
    pub headers: Vec<(String, String)>,
    /// `request.json`: any YAML value as JSON (string values are templates).
    pub json: Option<serde_json::Value>,
    /// `request.body`: raw text (a template). Not together with `json`.
    pub body: Option<String>,
    /// `expect.status`: accepted status codes (default `[200]`), each in 100..=599.
    pub expect_status: Vec<u16>,
    /// `expect.json`: `(JSON Pointer, value)`; a pointer is `""` (the whole document) or
    /// starts with `/` (RFC 6901).
    pub expect_json: Vec<(String, serde_json::Value)>,
    /// `expect.body_contains`: text the body must contain (a template).
    pub body_contains: Option<String>,
    /// `expect.headers`: `(name, text)` each answer header must contain (values are
    /// templates).
    pub expect_headers: Vec<(String, String)>,
    /// `expect.max_latency`, in seconds.
    pub max_latency_seconds: Option<f64>,
    /// `capture:`: `(variable, JSON Pointer)`; the value becomes `${variable}` in other
    /// checks once this one passes.
    pub capture: Vec<(String, String)>,
}
