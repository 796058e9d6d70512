use serde::Serialize;
use shipgate_core::{Finding, FindingKind, GateResult, Report, Verdict};

use super::rules::{Rule, VERDICT_RULE};
use super::uri;
use crate::sections::{column, finding_text, gate_findings, is_docs_gate, kind_warns, line};
use crate::text::{gate_label, nothing_evaluated, threshold_display};

/// The base every artifact URI is relative to: the repository root.
pub(crate) const SRCROOT: &str = "%SRCROOT%";

/// A `message` (or description): plain text.
#[derive(Debug, Serialize)]
pub(crate) struct Text {
    text: String,
}

impl Text {
    pub(crate) fn new(text: impl Into<String>) -> Text {
        Text { text: text.into() }
    }
}

/// `runs[0].results[]`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SarifResult {
    rule_id: String,
    rule_index: usize,
    /// `error` or `warning`.
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<[Location; 1]>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

/// 1-based line and column; the column counts Unicode code points.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
}

/// The rules and the results of `report`, each result's `ruleIndex` pointing into the rules.
pub(crate) fn rules_and_results(report: &Report) -> (Vec<Rule>, Vec<SarifResult>) {
    let mut rules: Vec<Rule> = Vec::new();
    let mut results = Vec::new();
    if let Some(docs) = &report.docs {
        rules.extend(FindingKind::ALL.map(Rule::kind));
        for f in &docs.findings {
            let index = index(&mut rules, f.kind.key(), || Rule::kind(f.kind));
            results.push(finding(report, f, index));
        }
    }
    let gates: Vec<&GateResult> = report
        .gates
        .iter()
        .filter(|g| needs_result(report, g))
        .collect();
    for gate in &gates {
        let id = rule_id(gate);
        let index = index(&mut rules, &id, || {
            let same: Vec<&GateResult> =
                gates.iter().copied().filter(|g| rule_id(g) == id).collect();
            Rule::gate(&id, &same)
        });
        results.push(gate_result(gate, id, index));
    }
    if !report.verdict.is_passing() && results.iter().all(|r| r.level != "error") {
        let index = index(&mut rules, VERDICT_RULE, Rule::verdict);
        results.push(SarifResult {
            rule_id: VERDICT_RULE.to_string(),
            rule_index: index,
            level: "error",
            message: Text::new(nothing_evaluated(report.verdict)),
            locations: None,
        });
    }
    (rules, results)
}

/// The position of the rule `id`, added by `make` when it is not there yet.
fn index(rules: &mut Vec<Rule>, id: &str, make: impl FnOnce() -> Rule) -> usize {
    match rules.iter().position(|r| r.id == id) {
        Some(i) => i,
        None => {
            rules.push(make());
            rules.len() - 1
        }
    }
}

fn finding(report: &Report, f: &Finding, rule_index: usize) -> SarifResult {
    let region = line(f).map(|start_line| Region {
        start_line,
        start_column: column(f),
    });
    SarifResult {
        rule_id: f.kind.key().to_string(),
        rule_index,
        level: if kind_warns(report, f.kind) {
            "warning"
        } else {
            "error"
        },
        message: Text::new(finding_text(f)),
        locations: Some([Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: uri::relative(&f.file),
                    uri_base_id: SRCROOT,
                },
                region,
            },
        }]),
    }
}

/// A gate that did not pass gets a result, unless it is a documentation gate whose
/// findings are already results.
fn needs_result(report: &Report, gate: &GateResult) -> bool {
    let not_passed = matches!(
        gate.verdict,
        Verdict::Fail | Verdict::Error | Verdict::Inconclusive | Verdict::Warn
    );
    let told_by_findings = is_docs_gate(gate) && !gate_findings(report, gate).is_empty();
    not_passed && !told_by_findings
}

/// A gate's rule id: its id, else its name.
fn rule_id(gate: &GateResult) -> String {
    [gate.id.as_str(), gate.name.as_str()]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or("gate")
        .to_string()
}

fn gate_result(gate: &GateResult, rule_id: String, rule_index: usize) -> SarifResult {
    let head = if gate.message.is_empty() {
        format!("{} {}", gate_label(gate), gate.verdict)
    } else {
        format!("{}: {}", gate_label(gate), gate.message)
    };
    SarifResult {
        rule_id,
        rule_index,
        level: if gate.verdict == Verdict::Warn {
            "warning"
        } else {
            "error"
        },
        message: Text::new(format!(
            "{head}\nthreshold: {}, actual: {}",
            threshold_display(gate),
            gate.actual_display()
        )),
        locations: None,
    }
}
