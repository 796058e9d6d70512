//! What the demo service is told to do: its version label, failure rate, latency,
//! readiness and which Prometheus fault to impersonate.

use std::fmt;
use std::str::FromStr;

/// How the demo service behaves. Build with struct update syntax over [`Default`]:
///
/// ```
/// use shipgate_demo::DemoOptions;
/// let opts = DemoOptions { error_rate: 0.1, seed: Some(7), ..DemoOptions::default() };
/// assert_eq!(opts.version, "v1");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DemoOptions {
    /// Value of the `version` label on every metric and of `"version"` in `/api/work`.
    pub version: String,
    /// Probability in `[0, 1]` that `GET /api/work` answers 500.
    pub error_rate: f64,
    /// Delay before `GET /api/work` answers, in milliseconds.
    pub latency_ms: u64,
    /// Whether `GET /health/ready` answers 200 (`true`) or 503 (`false`).
    pub ready: bool,
    /// Which broken Prometheus API answer `/api/v1/query{,_range}` gives.
    pub prometheus_fault: PrometheusFault,
    /// Seed of the random generator behind injected errors, tokens and order ids;
    /// `None` seeds from the operating system.
    pub seed: Option<u64>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            version: "v1".to_owned(),
            error_rate: 0.0,
            latency_ms: 0,
            ready: true,
            prometheus_fault: PrometheusFault::None,
            seed: None,
        }
    }
}

impl DemoOptions {
    /// Checks the options before a server starts with them.
    ///
    /// # Errors
    /// [`OptionsError::ErrorRate`] when `error_rate` is not a number in `[0, 1]`.
    pub fn validate(&self) -> Result<(), OptionsError> {
        if !(0.0..=1.0).contains(&self.error_rate) {
            return Err(OptionsError::ErrorRate(self.error_rate));
        }
        Ok(())
    }
}

/// Options a server cannot run with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OptionsError {
    /// `error_rate` outside `[0, 1]` (or NaN).
    #[error("error rate must be a number between 0 and 1, got {0}")]
    ErrorRate(f64),
}

/// A broken Prometheus HTTP API the demo can impersonate on `GET|POST /api/v1/query` and
/// `/api/v1/query_range`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PrometheusFault {
    /// Not impersonating Prometheus: those paths are 404.
    #[default]
    None,
    /// 500 with a plain-text body.
    Http500,
    /// 200 whose body is not valid JSON.
    Garbage,
    /// 200 with `{"status":"error","errorType":"bad_data",...}`.
    ErrorStatus,
    /// Waits 30 s before answering (for client timeout tests).
    Slow,
    /// 200 with a well-formed answer of 40 MiB (for clients' body limits).
    Huge,
}

impl PrometheusFault {
    /// Every fault, in the order `--help` lists them.
    pub const ALL: [Self; 6] = [
        Self::None,
        Self::Http500,
        Self::Garbage,
        Self::ErrorStatus,
        Self::Slow,
        Self::Huge,
    ];

    /// The command-line spelling: `none`, `http500`, `garbage`, `error-status`, `slow`,
    /// `huge`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Http500 => "http500",
            Self::Garbage => "garbage",
            Self::ErrorStatus => "error-status",
            Self::Slow => "slow",
            Self::Huge => "huge",
        }
    }
}

impl fmt::Display for PrometheusFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PrometheusFault {
    type Err = ParseFaultError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|fault| fault.as_str() == s)
            .ok_or_else(|| ParseFaultError(s.to_owned()))
    }
}

/// A `--prometheus-fault` value that names no fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown Prometheus fault `{0}`: expected one of none, http500, garbage, error-status, slow, huge"
)]
pub struct ParseFaultError(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_round_trip_through_their_spelling() {
        for fault in PrometheusFault::ALL {
            assert_eq!(fault.as_str().parse::<PrometheusFault>(), Ok(fault));
        }
        assert!("HTTP500".parse::<PrometheusFault>().is_err());
    }

    #[test]
    fn error_rate_outside_unit_interval_is_rejected() {
        for rate in [-0.1, 1.01, f64::NAN, f64::INFINITY] {
            let opts = DemoOptions {
                error_rate: rate,
                ..DemoOptions::default()
            };
            assert!(opts.validate().is_err(), "{rate}");
        }
        for rate in [0.0, 0.5, 1.0] {
            let opts = DemoOptions {
                error_rate: rate,
                ..DemoOptions::default()
            };
            assert_eq!(opts.validate(), Ok(()));
        }
    }
}
