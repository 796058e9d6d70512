//! A rollout's summary as a gate [`Report`], so that the formats every other command
//! prints (JUnit, SARIF) come from the one renderer: the outcome is a gate, and so is each
//! check and each judged metric of the analysis's last round, measured value and
//! condition side by side.

use shipgate_core::{GateResult, Measured, Report, Verdict};
use shipgate_rollout::{AnalysisRound, Outcome};

use super::session::RolloutSummary;

/// The rollout as gates; the report's verdict is the outcome's (a check that failed within
/// its tolerance does not fail a promoted rollout).
pub fn gate_report(summary: &RolloutSummary) -> Report {
    let verdict = match summary.outcome.as_str() {
        o if o == Outcome::Promoted.key() => Verdict::Pass,
        o if o == Outcome::RolledBack.key() || o == Outcome::Stopped.key() => Verdict::Fail,
        "stuck" => Verdict::Error,
        _ => Verdict::NotEvaluated,
    };
    let message = match (&summary.failure, &summary.stuck) {
        (_, Some(stuck)) => format!(
            "the rollback is stuck: {stuck} (retry with `shipgate rollout resume`, or `shipgate rollout abort`)"
        ),
        (Some(failure), None) => format!("{}: {failure}", summary.outcome.replace('_', " ")),
        (None, None) => summary.outcome.replace('_', " "),
    };
    let mut evidence: Vec<String> = summary
        .timeline
        .iter()
        .filter(|t| t.result != "begun")
        .map(|t| format!("{}: {}", t.what, t.result))
        .collect();
    if let Some(path) = &summary.incident_report {
        evidence.push(format!("incident report: {}", path.display()));
    }
    let mut gates = vec![GateResult {
        id: "RO-outcome".to_string(),
        name: format!("rollout of {} {}", summary.service, summary.version),
        verdict,
        threshold: Some("promoted".to_string()),
        measured: None,
        message,
        evidence,
    }];
    if let Some(round) = &summary.analysis {
        gates.extend(analysis_gates(round));
    }
    let mut report = Report::new(gates);
    report.verdict = verdict;
    report
}

fn result_verdict(result: &str) -> Verdict {
    match result {
        "healthy" => Verdict::Pass,
        "failed" => Verdict::Fail,
        _ => Verdict::Inconclusive,
    }
}

fn analysis_gates(round: &AnalysisRound) -> Vec<GateResult> {
    let mut gates: Vec<GateResult> = round
        .checks
        .iter()
        .map(|c| GateResult {
            id: format!("RO-{}", c.name),
            name: c.name.clone(),
            verdict: result_verdict(&c.result),
            threshold: Some(c.condition.clone()),
            measured: c.value.map(|value| Measured {
                value,
                unit: shipgate_core::Unit::Number,
            }),
            message: format!(
                "measured {}; failed {} of {} tolerated, errors in a row {} of {} tolerated",
                c.measured,
                c.failed,
                c.failure_limit,
                c.consecutive_errors,
                c.consecutive_error_limit
            ),
            evidence: Vec::new(),
        })
        .collect();
    if let Some(judge) = &round.judge {
        gates.extend(judge.metrics.iter().map(|m| GateResult {
            id: format!("RO-judge-{}", m.name),
            name: format!("judge: {}", m.name),
            verdict: match m.classification.as_str() {
                "pass" => Verdict::Pass,
                "nodata" => Verdict::Inconclusive,
                _ => Verdict::Fail,
            },
            threshold: Some(format!(
                "within ±{:.0}% of stable",
                m.allowed_change * 100.0
            )),
            measured: m.relative_effect.map(Measured::ratio),
            message: m.reason.clone(),
            evidence: vec![format!(
                "canary median {} over {} samples, stable median {} over {} samples",
                m.canary_median
                    .map_or_else(|| "-".to_string(), shipgate_core::format_value),
                m.canary_samples,
                m.baseline_median
                    .map_or_else(|| "-".to_string(), shipgate_core::format_value),
                m.baseline_samples
            )],
        }));
    }
    gates
}
