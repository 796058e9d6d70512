use shipgate_core::CoverageTotals;

use crate::text::percent;

/// Line and branch totals with percentages.
pub(crate) fn section(c: &CoverageTotals) -> String {
    [
        "### Coverage".to_string(),
        String::new(),
        "| | Covered | Valid | Rate |".to_string(),
        "| --- | ---: | ---: | ---: |".to_string(),
        format!(
            "| Lines | {} | {} | {} |",
            c.lines_covered,
            c.lines_valid,
            percent(c.line_ratio())
        ),
        format!(
            "| Branches | {} | {} | {} |",
            c.branches_covered,
            c.branches_valid,
            percent(c.branch_ratio())
        ),
    ]
    .join("\n")
}
