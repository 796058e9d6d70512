//! Secrets removed from a report's text before any renderer sees it.
//!
//! Only free text is touched: messages, evidence, expectations, excerpts, URLs, queries,
//! errors. Ids, gate names, verdicts, keys and numbers are never replaced, so every format stays valid and the
//! contract's names stay what they are whatever a secret's value.

use crate::{Redactor, Report};

impl Report {
    /// Replace every secret `redactor` holds, in every form, in the report's free text.
    pub fn redact(&mut self, redactor: &Redactor) {
        if redactor.is_empty() {
            return;
        }
        let r = |s: &mut String| redactor.redact_in_place(s);
        for gate in &mut self.gates {
            // an expectation (`/token == "..."`) can show what it expects
            if let Some(t) = &mut gate.threshold {
                r(t);
            }
            r(&mut gate.message);
            redactor.redact_all(&mut gate.evidence);
        }
        redactor.redact_all(&mut self.warnings);
        if let Some(smoke) = &mut self.smoke {
            r(&mut smoke.base_url);
            for check in &mut smoke.checks {
                r(&mut check.detail);
            }
        }
        if let Some(metrics) = &mut self.metrics {
            for metric in &mut metrics.metrics {
                r(&mut metric.query);
                for m in &mut metric.measurements {
                    if let Some(e) = &mut m.error {
                        r(e);
                    }
                    for (labels, _) in &mut m.values {
                        r(labels);
                    }
                }
            }
        }
        if let Some(canary) = &mut self.canary {
            redactor.redact_all(&mut canary.warnings);
            for metric in &mut canary.metrics {
                r(&mut metric.reason);
            }
        }
        if let Some(docs) = &mut self.docs {
            for finding in &mut docs.findings {
                r(&mut finding.message);
                if let Some(s) = &mut finding.suggestion {
                    r(s);
                }
                if let Some(e) = &mut finding.excerpt {
                    r(e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{GateResult, Measured, Redactor, Report, SmokeCheckRow, SmokeSection, Verdict};

    #[test]
    fn free_text_is_redacted_and_names_are_not() {
        let mut report = Report::new(vec![GateResult {
            id: "SMOKE-pass".into(),
            name: "pass".into(),
            verdict: Verdict::Fail,
            threshold: Some("== 0".into()),
            measured: Some(Measured::count(1)),
            message: "expected pass, got a%20pass".into(),
            evidence: vec!["GET /?k=pass".into()],
        }]);
        report.smoke = Some(SmokeSection {
            base_url: "http://h/?key=pass".into(),
            elapsed_seconds: 1.0,
            checks: vec![SmokeCheckRow {
                name: "pass".into(),
                verdict: Verdict::Fail,
                attempts: 1,
                last_status: Some(500),
                last_latency_seconds: None,
                detail: "body: {\"t\":\"pass\"}".into(),
            }],
        });
        report.redact(&Redactor::with_secrets(["pass", "a pass"]));
        let g = &report.gates[0];
        assert_eq!((g.id.as_str(), g.name.as_str()), ("SMOKE-pass", "pass"));
        assert_eq!(g.message, "expected ***, got ***");
        assert_eq!(g.evidence, ["GET /?k=***"]);
        let smoke = report.smoke.as_ref().unwrap();
        assert_eq!(smoke.base_url, "http://h/?key=***");
        assert_eq!(smoke.checks[0].name, "pass");
        assert_eq!(smoke.checks[0].detail, "body: {\"t\":\"***\"}");
    }
}
