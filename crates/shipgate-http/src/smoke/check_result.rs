//! The result of one smoke check.

use std::time::Duration;

use serde::{Serialize, Serializer};
use shipgate_core::{GateResult, Measured, Verdict};

use crate::transport::seconds_text;

/// How one check ended. Every string is already redacted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    /// The check's name.
    pub name: String,
    /// [`Verdict::Pass`] when an attempt met every expectation before the deadline,
    /// [`Verdict::Fail`] otherwise (including a check that never ran because a check it
    /// depends on did not pass).
    pub verdict: Verdict,
    /// Attempts made.
    pub attempts: u32,
    /// The status of the last answer, if any answer came.
    pub last_status: Option<u16>,
    /// How long the last answer took, if any answer came.
    #[serde(serialize_with = "seconds")]
    pub last_latency: Option<Duration>,
    /// The last request as `METHOD URL`, if one was sent.
    pub last_request: Option<String>,
    /// What the expectations were, e.g. `status 200, /status == "healthy", latency <= 2s`.
    pub expectation: String,
    /// Why the last attempt failed (one entry per unmet expectation, or the transport
    /// error); empty when the check passed.
    pub failures: Vec<String>,
}

impl CheckResult {
    /// This check as a report row.
    ///
    /// * id `SMOKE-<name>`, name `<name>`;
    /// * threshold: the expectation summary;
    /// * measured: the last answer's latency in seconds (none if nothing answered);
    /// * message: `passed on attempt 2 (200 in 12ms)`, or `failed after 5 attempts: <first
    ///   failure>` (`(+N more)` when several expectations failed), or `not run: …`;
    /// * evidence: the last request with its status and latency, then every failure.
    pub fn gate_result(&self) -> GateResult {
        let answer = match (self.last_status, self.last_latency) {
            (Some(status), Some(latency)) => format!("{status} in {}", seconds_text(latency)),
            (Some(status), None) => status.to_string(),
            _ => "no answer".to_string(),
        };
        let message = if self.verdict.is_passing() {
            format!("passed on attempt {} ({answer})", self.attempts)
        } else if self.attempts == 0 {
            self.failures
                .first()
                .cloned()
                .unwrap_or_else(|| "not run".to_string())
        } else {
            let first = self
                .failures
                .first()
                .cloned()
                .unwrap_or_else(|| "no passing answer".to_string());
            let more = match self.failures.len() {
                0 | 1 => String::new(),
                n => format!(" (+{} more)", n - 1),
            };
            let attempts = if self.attempts == 1 {
                "1 attempt".to_string()
            } else {
                format!("{} attempts", self.attempts)
            };
            format!("failed after {attempts}: {first}{more}")
        };
        let mut evidence = Vec::new();
        if let Some(request) = &self.last_request {
            evidence.push(format!("{request} → {answer}"));
        }
        evidence.extend(self.failures.iter().cloned());
        GateResult {
            id: format!("SMOKE-{}", self.name),
            name: self.name.clone(),
            verdict: self.verdict,
            threshold: Some(self.expectation.clone()),
            measured: self
                .last_latency
                .map(|l| Measured::seconds(l.as_secs_f64())),
            message,
            evidence,
        }
    }
}

fn seconds<S: Serializer>(value: &Option<Duration>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(d) => serializer.serialize_some(&d.as_secs_f64()),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(verdict: Verdict, attempts: u32, failures: &[&str]) -> CheckResult {
        CheckResult {
            name: "ready".into(),
            verdict,
            attempts,
            last_status: Some(503),
            last_latency: Some(Duration::from_millis(12)),
            last_request: Some("GET http://h/health/ready".into()),
            expectation: "status 200".into(),
            failures: failures.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn gate_rows() {
        let g = result(Verdict::Fail, 3, &["status 503 is not 200", "x"]).gate_result();
        assert_eq!(g.id, "SMOKE-ready");
        assert_eq!(g.verdict, Verdict::Fail);
        assert_eq!(
            g.message,
            "failed after 3 attempts: status 503 is not 200 (+1 more)"
        );
        assert_eq!(g.evidence[0], "GET http://h/health/ready → 503 in 12ms");
        assert_eq!(g.threshold.as_deref(), Some("status 200"));
        assert_eq!(g.measured, Some(Measured::seconds(0.012)));
        let mut ok = result(Verdict::Pass, 1, &[]);
        ok.last_status = Some(200);
        assert_eq!(
            ok.gate_result().message,
            "passed on attempt 1 (200 in 12ms)"
        );
        let mut none = result(Verdict::Fail, 0, &["not run: x"]);
        none.last_request = None;
        assert_eq!(none.gate_result().message, "not run: x");
        assert!(none.gate_result().evidence.len() == 1);
    }

    #[test]
    fn serializes_latency_in_seconds() {
        let json = serde_json::to_value(result(Verdict::Pass, 1, &[])).unwrap_or_default();
        assert_eq!(json["last_latency"], serde_json::json!(0.012));
        assert_eq!(json["verdict"], serde_json::json!("pass"));
    }
}
