use shipgate_core::{Finding, GateResult, Report, Verdict};

use super::escape;
use crate::sections::{column, finding_text, kind_warns, line};
use crate::text::{gate_label, more_line, nothing_evaluated, threshold_display};

/// Evidence lines carried in one annotation; the rest is in the step summary.
const EVIDENCE_CAP: usize = 5;

/// GitHub workflow commands, one line each: `::error title=TQ-02 pass_rate::<message>` for
/// every gate that failed, errored or was inconclusive, `::warning …` for every warning.
/// Passing and not-evaluated gates produce nothing. Then one line per documentation finding,
/// at its place in the file: `::error file=docs/guide.md,line=12,col=5,title=broken-link::…`
/// (`::warning` when the gate counting the finding only warns). When the report did not
/// pass but nothing says so (no gate was evaluated), one `::error title=shipgate::…` line
/// says that instead, so the run is never silently green. Empty when there is nothing to
/// annotate.
pub fn github_annotations(report: &Report) -> String {
    let mut out = String::new();
    let mut errors = 0;
    for gate in &report.gates {
        let level = match gate.verdict {
            Verdict::Fail | Verdict::Error | Verdict::Inconclusive => "error",
            Verdict::Warn => "warning",
            Verdict::Pass | Verdict::NotEvaluated => continue,
        };
        if level == "error" {
            errors += 1;
        }
        out.push_str(&format!(
            "::{level} title={}::{}\n",
            escape::property(&gate_label(gate)),
            escape::data(&message(gate)),
        ));
    }
    for f in report.docs.iter().flat_map(|d| &d.findings) {
        let level = if kind_warns(report, f.kind) {
            "warning"
        } else {
            errors += 1;
            "error"
        };
        out.push_str(&format!(
            "::{level} {}::{}\n",
            finding_properties(f),
            escape::data(&finding_text(f)),
        ));
    }
    if errors == 0 && !report.verdict.is_passing() {
        out.push_str(&format!(
            "::error title=shipgate::{}\n",
            escape::data(&nothing_evaluated(report.verdict)),
        ));
    }
    out
}

/// `file=…,line=…,col=…,title=<kind>`; line and column only when known.
fn finding_properties(f: &Finding) -> String {
    let mut props = vec![format!("file={}", escape::property(&f.file))];
    if let Some(l) = line(f) {
        props.push(format!("line={l}"));
    }
    if let Some(c) = column(f) {
        props.push(format!("col={c}"));
    }
    props.push(format!("title={}", escape::property(f.kind.key())));
    props.join(",")
}

/// The annotation text: the gate's message, what was measured against what, and the
/// first few evidence lines.
fn message(gate: &GateResult) -> String {
    let mut lines = Vec::new();
    let headline = if gate.message.is_empty() {
        format!("{} {}", gate_label(gate), gate.verdict)
    } else {
        gate.message.clone()
    };
    lines.push(headline);
    lines.push(format!(
        "threshold: {}, actual: {}",
        threshold_display(gate),
        gate.actual_display()
    ));
    lines.extend(gate.evidence.iter().take(EVIDENCE_CAP).cloned());
    if gate.evidence.len() > EVIDENCE_CAP {
        lines.push(more_line(gate.evidence.len() - EVIDENCE_CAP));
    }
    lines.join("\n")
}
