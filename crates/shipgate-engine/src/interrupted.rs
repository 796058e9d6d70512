//! The report of a section a cancellation stopped: every gate it would have evaluated is
//! `inconclusive`, saying so, and the report stays complete and valid in every format.

use shipgate_core::quality::GateSpec;
use shipgate_core::{GateResult, Report, Verdict};

/// One `inconclusive` gate per `(id, name)`, each saying why it has no verdict.
pub fn interrupted_report(gates: &[(String, String)], why: &str) -> Report {
    let gates = gates
        .iter()
        .map(|(id, name)| GateResult {
            id: id.clone(),
            name: name.clone(),
            verdict: Verdict::Inconclusive,
            threshold: None,
            measured: None,
            message: why.to_string(),
            evidence: Vec::new(),
        })
        .collect();
    let mut report = Report::new(gates);
    report.verdict = Verdict::Inconclusive;
    report
}

/// The test-quality gates (id, name), for a test section that was stopped.
pub fn test_gates() -> Vec<(String, String)> {
    GateSpec::ALL
        .iter()
        .filter(|g| g.default.is_some())
        .map(|g| (g.id.to_string(), g.name.to_string()))
        .collect()
}

/// The sentence an interrupted gate carries.
pub fn because(reason: Option<&str>, during: &str) -> String {
    format!(
        "interrupted ({}) {during}: not evaluated",
        reason.unwrap_or("cancelled")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_gate_is_inconclusive_and_says_why() {
        let report = interrupted_report(
            &test_gates(),
            &because(Some("SIGTERM"), "during run 2 of 3"),
        );
        assert_eq!(report.verdict, Verdict::Inconclusive);
        assert!(report.gates.len() >= 6, "{:?}", report.gates);
        for g in &report.gates {
            assert_eq!(g.verdict, Verdict::Inconclusive);
            assert_eq!(
                g.message,
                "interrupted (SIGTERM) during run 2 of 3: not evaluated"
            );
        }
        assert!(report.gates.iter().any(|g| g.name == "pass_rate"));
    }
}
