use shipgate_core::CoverageTotals;

use super::table::{Align, Table};
use crate::text::percent;

/// Line and branch totals with percentages.
pub(crate) fn section(c: &CoverageTotals) -> Vec<String> {
    let mut table = Table::new(&[
        ("", Align::Left),
        ("Covered", Align::Right),
        ("Valid", Align::Right),
        ("Rate", Align::Right),
    ]);
    table.row(vec![
        "Lines".into(),
        c.lines_covered.to_string().into(),
        c.lines_valid.to_string().into(),
        percent(c.line_ratio()).into(),
    ]);
    table.row(vec![
        "Branches".into(),
        c.branches_covered.to_string().into(),
        c.branches_valid.to_string().into(),
        percent(c.branch_ratio()).into(),
    ]);
    let mut lines = vec!["Coverage".to_string()];
    lines.extend(table.lines("  "));
    lines
}
