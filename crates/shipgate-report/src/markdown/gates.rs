use shipgate_core::GateResult;

use super::escape::{code, inline, Place};
use super::icon;
use crate::text::gate_label;

/// The `| Gate | Threshold | Actual | Status |` table.
pub(crate) fn table(gates: &[GateResult]) -> String {
    if gates.is_empty() {
        return "_No gates were evaluated._".to_string();
    }
    let mut lines = vec![
        "| Gate | Threshold | Actual | Status |".to_string(),
        "| --- | --- | --- | --- |".to_string(),
    ];
    for gate in gates {
        let threshold = match &gate.threshold {
            Some(t) => code(t, Place::Cell),
            None => "-".to_string(),
        };
        lines.push(format!(
            "| {} | {threshold} | {} | {} |",
            code(&gate_label(gate), Place::Cell),
            inline(&gate.actual_display(), Place::Cell),
            icon::status(gate.verdict),
        ));
    }
    lines.join("\n")
}
