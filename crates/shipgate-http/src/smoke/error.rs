//! Errors of the smoke runner: a spec that cannot be run, or a client that cannot be built.

use thiserror::Error;

/// A smoke spec that cannot be run. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SmokeSpecError {
    /// No checks at all: nothing would be verified.
    #[error("smoke: no checks are configured; a smoke run needs at least one check")]
    NoChecks,
    /// The base URL cannot serve as a base (not `http`/`https`).
    #[error("smoke: base_url `{url}` {reason}")]
    BaseUrl {
        /// The URL as given (password redacted).
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// `wait.interval` is zero.
    #[error("smoke: wait.interval must be longer than zero")]
    ZeroInterval,
    /// A check without a name, or with the name of an earlier check.
    #[error("smoke: check #{position}: {reason}")]
    Name {
        /// 1-based position of the check.
        position: usize,
        /// What is wrong with the name.
        reason: String,
    },
    /// A check whose request or expectations are malformed.
    #[error("smoke check `{check}`: {reason}")]
    Check {
        /// The check's name.
        check: String,
        /// What is wrong.
        reason: String,
    },
    /// A check uses `${var}` but no check captures `var`.
    #[error("smoke check `{check}` uses `${{{variable}}}`, but no check captures `{variable}` (add `capture: {{ {variable}: /json/pointer }}` to the check that produces it)")]
    UndefinedVariable {
        /// The check using the variable.
        check: String,
        /// The variable.
        variable: String,
    },
    /// Two checks capture the same variable.
    #[error("smoke: `{variable}` is captured by both `{first}` and `{second}`; a variable must have one source")]
    DuplicateCapture {
        /// The variable.
        variable: String,
        /// The first check capturing it.
        first: String,
        /// The second check capturing it.
        second: String,
    },
    /// Checks depend on each other's captures in a circle.
    #[error("smoke: checks depend on each other's captured values in a cycle: {}", cycle.join(" → "))]
    Cycle {
        /// The checks on the cycle, the first repeated at the end.
        cycle: Vec<String>,
    },
}

/// The smoke runner could not run.
#[derive(Debug, Error)]
pub enum SmokeError {
    /// The spec is invalid (config error, exit 2).
    #[error(transparent)]
    Spec(#[from] SmokeSpecError),
    /// The HTTP client could not be built: the CA file cannot be used, or no usable TLS
    /// configuration.
    #[error("smoke: {0}")]
    Client(#[from] crate::ClientError),
}
