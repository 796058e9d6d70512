use super::{
    coverage_gates, determinism, independence, pass_rate, performance, TestEvidence, TestGates,
};
use crate::{OutcomeCounts, Report, TestRun, TestRunSummary, TestsSection};

/// Evaluate every test-quality gate over the evidence. Gates without evidence are reported
/// as not evaluated; the report's verdict is the worst evaluated one.
///
/// A run can hold a million tests, and nothing else runs while the gates are evaluated: each
/// run's tests are counted once here, and the gates only walk every test where they must.
pub fn evaluate(ev: &TestEvidence, gates: &TestGates) -> Report {
    let counts: Vec<OutcomeCounts> = ev.runs.iter().map(TestRun::counts).collect();
    let flaky = determinism::flaky_ids(ev, &counts);
    let order = independence::order_dependent_ids(ev, &flaky);
    let slowest = performance::slowest(ev, 10);
    // totals walk every covered line: once is enough
    let totals = ev.coverage.as_ref().map(|c| c.totals());
    let results = vec![
        independence::order_dependent(ev, gates, order.as_deref()),
        pass_rate::pass_rate(ev, gates, &counts),
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
            runs: ev
                .runs
                .iter()
                .zip(&counts)
                // as `TestRunSummary::of`, with the counts already taken
                .map(|(run, &counts)| TestRunSummary {
                    label: run.label.clone(),
                    shuffled: run.shuffled,
                    counts,
                    duration_seconds: run.suite_seconds(),
                    measured: run.wall_seconds.is_some(),
                })
                .collect(),
            flaky,
            order_dependent: order.unwrap_or_default(),
            slowest,
        });
    }
    report.coverage = totals;
    report
}
