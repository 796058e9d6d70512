use shipgate_core::{GateResult, Report, Verdict};

use super::{escape, section_detail};
use crate::text::threshold_display;

/// How a gate shows up in JUnit's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Passed,
    Failure,
    Error,
    Skipped,
}

impl Kind {
    pub(crate) fn of(verdict: Verdict) -> Kind {
        match verdict {
            Verdict::Pass | Verdict::Warn => Kind::Passed,
            Verdict::Fail | Verdict::Inconclusive => Kind::Failure,
            Verdict::Error => Kind::Error,
            Verdict::NotEvaluated => Kind::Skipped,
        }
    }
}

/// One `<testcase>` for a gate, indented for its place inside `<testsuite>`. A failure or
/// error body also carries what `report`'s evidence section says about the gate.
pub(crate) fn gate(report: &Report, gate: &GateResult) -> String {
    let classname = if gate.id.is_empty() {
        "shipgate".to_string()
    } else {
        format!("shipgate.{}", gate.id)
    };
    let body = match Kind::of(gate.verdict) {
        Kind::Failure => Some(format!(
            "<failure message=\"{}\" type=\"{}\">{}</failure>",
            escape::attr(&gate.message),
            gate.verdict.as_str(),
            escape::text(&outcome_text(report, gate)),
        )),
        Kind::Error => Some(format!(
            "<error message=\"{}\" type=\"error\">{}</error>",
            escape::attr(&gate.message),
            escape::text(&outcome_text(report, gate)),
        )),
        Kind::Skipped => Some(format!(
            "<skipped message=\"{}\"/>",
            escape::attr(&skip_text(gate))
        )),
        Kind::Passed => {
            let out = passed_text(gate);
            (!out.is_empty()).then(|| format!("<system-out>{}</system-out>", escape::text(&out)))
        }
    };
    testcase(&classname, &gate.name, body)
}

/// The extra test case that keeps JUnit fail-closed when the report did not pass but no
/// gate says so (no gate was evaluated at all).
pub(crate) fn overall(verdict: Verdict) -> String {
    let message = crate::text::nothing_evaluated(verdict);
    testcase(
        "shipgate",
        "verdict",
        Some(format!(
            "<failure message=\"{}\" type=\"{}\"/>",
            escape::attr(&message),
            verdict.as_str()
        )),
    )
}

fn testcase(classname: &str, name: &str, body: Option<String>) -> String {
    let open = format!(
        "    <testcase classname=\"{}\" name=\"{}\"",
        escape::attr(classname),
        escape::attr(name)
    );
    match body {
        Some(body) => format!("{open}>\n      {body}\n    </testcase>\n"),
        None => format!("{open}/>\n"),
    }
}

/// Body of a failure or error: message, threshold, actual value, evidence, section detail.
fn outcome_text(report: &Report, gate: &GateResult) -> String {
    let mut lines = Vec::new();
    if !gate.message.is_empty() {
        lines.push(gate.message.clone());
    }
    lines.push(format!("threshold: {}", threshold_display(gate)));
    lines.push(format!("actual: {}", gate.actual_display()));
    push_evidence(&mut lines, &gate.evidence);
    lines.extend(section_detail::lines(report, gate));
    lines.join("\n")
}

/// A skipped gate's message: why it was not evaluated and how to enable it.
fn skip_text(gate: &GateResult) -> String {
    std::iter::once(gate.message.as_str())
        .chain(gate.evidence.iter().map(String::as_str))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `<system-out>` of a passing (or warning) gate: its message and evidence.
fn passed_text(gate: &GateResult) -> String {
    let mut lines = Vec::new();
    if gate.verdict == Verdict::Warn {
        lines.push(format!("warning: {}", gate.message));
    } else if !gate.message.is_empty() {
        lines.push(gate.message.clone());
    }
    push_evidence(&mut lines, &gate.evidence);
    lines.join("\n")
}

fn push_evidence(lines: &mut Vec<String>, evidence: &[String]) {
    if !evidence.is_empty() {
        lines.push("evidence:".to_string());
        lines.extend(evidence.iter().map(|e| format!("- {e}")));
    }
}
