use super::{
    coverage_gates, determinism, independence, pass_rate, performance, TestEvidence, TestGates,
};
use crate::{Report, TestRunSummary, TestsSection};

/// Evaluate every test-quality gate over the evidence. Gates without evidence are reported
/// as not evaluated; the report's verdict is the worst evaluated one.
pub fn evaluate(ev: &TestEvidence, gates: &TestGates) -> Report {
    let flaky = determinism::flaky_ids(ev);
    let order = independence::order_dependent_ids(ev, &flaky);
    let slowest = performance::slowest(ev, 10);
    // totals walk every covered line: once is enough
    let totals = ev.coverage.as_ref().map(|c| c.totals());
    let results = vec![
        independence::order_dependent(ev, gates, order.as_deref()),
        pass_rate::pass_rate(ev, gates),
        performance::suite_duration(ev, gates),
        performance::test_duration(ev, gates, &slowest),
        determinism::flaky(ev, gates, &flaky),
        coverage_gates::line_coverage(ev, totals, gates),
        coverage_gates::branch_coverage(ev, totals, gates),
        coverage_gates::patch_coverage(ev, gates),
        coverage_gates::coverage_drop(totals, ev, gates),
    ];
    let mut report = Report::new(results);
    if !ev.runs.is_empty() {
        report.tests = Some(TestsSection {
            runs: ev.runs.iter().map(TestRunSummary::of).collect(),
            flaky,
            order_dependent: order.unwrap_or_default(),
            slowest,
        });
    }
    report.coverage = totals;
    report
}
