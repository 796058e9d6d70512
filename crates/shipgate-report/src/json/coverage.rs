use serde::Serialize;
use shipgate_core::CoverageTotals;

use super::number::finite;

/// `coverage` in the JSON contract; rates are `null` when there is nothing to divide by.
#[derive(Debug, Serialize)]
pub(crate) struct CoverageView {
    lines_valid: u64,
    lines_covered: u64,
    branches_valid: u64,
    branches_covered: u64,
    line_rate: Option<f64>,
    branch_rate: Option<f64>,
}

impl CoverageView {
    pub(crate) fn of(c: &CoverageTotals) -> Self {
        CoverageView {
            lines_valid: c.lines_valid,
            lines_covered: c.lines_covered,
            branches_valid: c.branches_valid,
            branches_covered: c.branches_covered,
            line_rate: c.line_ratio().and_then(finite),
            branch_rate: c.branch_ratio().and_then(finite),
        }
    }
}
