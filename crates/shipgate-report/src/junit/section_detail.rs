use shipgate_core::{format_seconds, GateResult, Report};

use crate::sections::{
    allowed, critical, effect, file_position, finding_text, gate_findings, is_docs_gate,
    last_status, latency, measurement_text, median_n, p_value, parse_condition, score_line,
};

/// What the report's evidence section says about a smoke (`SMOKE-<name>`), metric
/// (`MG-<name>`), canary (`CA-<name>`) or documentation (`DG-..`) gate, for the body of its
/// failure; empty for other gates or when the report has no matching row.
pub(crate) fn lines(report: &Report, gate: &GateResult) -> Vec<String> {
    if is_docs_gate(gate) {
        return docs(report, gate);
    }
    if let Some(name) = gate.id.strip_prefix("SMOKE-") {
        return smoke(report, name);
    }
    if let Some(name) = gate.id.strip_prefix("MG-") {
        return metric(report, name);
    }
    if let Some(name) = gate.id.strip_prefix("CA-") {
        return canary(report, name);
    }
    Vec::new()
}

fn smoke(report: &Report, name: &str) -> Vec<String> {
    let Some(s) = &report.smoke else {
        return Vec::new();
    };
    let Some(c) = s.checks.iter().find(|c| c.name == name) else {
        return Vec::new();
    };
    vec![
        format!(
            "smoke check against {}: {} attempt(s), last status {}, latency {}",
            s.base_url,
            c.attempts,
            last_status(c),
            latency(c)
        ),
        format!("detail: {}", c.detail),
    ]
}

fn metric(report: &Report, name: &str) -> Vec<String> {
    let Some(m) = &report.metrics else {
        return Vec::new();
    };
    let Some(metric) = m.metrics.iter().find(|m| m.name == name) else {
        return Vec::new();
    };
    let condition = parse_condition(&metric.condition);
    let mut lines = vec![
        format!("query: {}", metric.query),
        format!("condition: {}", metric.condition),
        "measurements:".to_string(),
    ];
    lines.extend(metric.measurements.iter().enumerate().map(|(i, row)| {
        format!(
            "- #{} at {} ({}) {}",
            i + 1,
            format_seconds(row.at_seconds),
            row.outcome,
            measurement_text(row, condition.as_ref())
        )
    }));
    lines
}

fn canary(report: &Report, name: &str) -> Vec<String> {
    let Some(c) = &report.canary else {
        return Vec::new();
    };
    let Some(m) = c.metrics.iter().find(|m| m.name == name) else {
        return Vec::new();
    };
    vec![
        format!("canary analysis: {}: {}", score_line(c), c.outcome),
        format!(
            "classification: {}, p-value {}, effect {}, allowed {}, critical: {}",
            m.classification,
            p_value(m.p_value),
            effect(m),
            allowed(m),
            critical(m)
        ),
        format!(
            "canary median (n): {}, baseline median (n): {}",
            median_n(&m.canary),
            median_n(&m.baseline)
        ),
    ]
}

/// `findings:` and one `- file:line:col kind message` line per finding the gate counts.
fn docs(report: &Report, gate: &GateResult) -> Vec<String> {
    let findings = gate_findings(report, gate);
    if findings.is_empty() {
        return Vec::new();
    }
    let mut lines = vec!["findings:".to_string()];
    lines.extend(findings.iter().map(|f| {
        format!(
            "- {} {} {}",
            file_position(f),
            f.kind.key(),
            finding_text(f)
        )
    }));
    lines
}
