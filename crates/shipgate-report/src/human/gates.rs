use shipgate_core::GateResult;

use super::style;
use super::table::{Align, Cell, Table};
use crate::text::{gate_label, one_line, threshold_display};

/// The `Gate | Threshold | Actual | Status` table.
pub(crate) fn section(gates: &[GateResult], color: bool) -> Vec<String> {
    if gates.is_empty() {
        return vec!["No gates were evaluated.".to_string()];
    }
    let mut table = Table::new(&[
        ("Gate", Align::Left),
        ("Threshold", Align::Left),
        ("Actual", Align::Left),
        ("Status", Align::Left),
    ]);
    for gate in gates {
        let (word, paint) = style::status(gate.verdict, color);
        table.row(vec![
            one_line(&gate_label(gate)).into(),
            one_line(&threshold_display(gate)).into(),
            one_line(&gate.actual_display()).into(),
            Cell::styled(word, paint),
        ]);
    }
    table.lines("")
}
