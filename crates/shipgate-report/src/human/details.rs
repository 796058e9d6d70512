use shipgate_core::GateResult;

use super::style;
use crate::text::{capped, gate_label, more_line, needs_details, printable};

/// For every gate that did not pass: its message and evidence, indented under its name.
pub(crate) fn section(gates: &[GateResult], color: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for gate in gates.iter().filter(|g| needs_details(g)) {
        let (word, paint) = style::status(gate.verdict, color);
        let word = match paint {
            Some(s) => s.paint(&word),
            None => word,
        };
        lines.push(format!("  {}: {word}", printable(&gate_label(gate))));
        if !gate.message.is_empty() {
            push_block(&mut lines, &gate.message, "    ", "    ");
        }
        let (shown, left_out) = capped(&gate.evidence);
        for item in shown {
            push_block(&mut lines, item, "    - ", "      ");
        }
        if left_out > 0 {
            lines.push(format!("    {}", more_line(left_out)));
        }
    }
    if !lines.is_empty() {
        lines.insert(0, "Details".to_string());
    }
    lines
}

/// `text` as lines, the first behind `first`, the rest behind `rest`.
pub(crate) fn push_block(lines: &mut Vec<String>, text: &str, first: &str, rest: &str) {
    for (i, line) in printable(text).lines().enumerate() {
        let prefix = if i == 0 { first } else { rest };
        lines.push(format!("{prefix}{line}"));
    }
}
