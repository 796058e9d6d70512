use shipgate_core::GateResult;

use super::escape::{code, prose, Place};
use super::icon;
use crate::text::{capped, gate_label, more_line, needs_details};

/// For every gate that did not pass: its status and message, then its evidence as a list.
pub(crate) fn section(gates: &[GateResult]) -> String {
    let blocks: Vec<String> = gates
        .iter()
        .filter(|g| needs_details(g))
        .map(gate)
        .collect();
    if blocks.is_empty() {
        return String::new();
    }
    format!("### Details\n\n{}", blocks.join("\n\n"))
}

fn gate(gate: &GateResult) -> String {
    let mut out = format!(
        "**{} {}**",
        icon::status(gate.verdict),
        code(&gate_label(gate), Place::Prose)
    );
    if !gate.message.is_empty() {
        out.push_str(": ");
        out.push_str(&prose(&gate.message, Place::Prose));
    }
    let (shown, left_out) = capped(&gate.evidence);
    if !shown.is_empty() {
        out.push('\n');
    }
    for item in shown {
        out.push_str(&format!("\n- {}", prose(item, Place::Prose)));
    }
    if left_out > 0 {
        out.push_str(&format!("\n- {}", more_line(left_out)));
    }
    out
}
