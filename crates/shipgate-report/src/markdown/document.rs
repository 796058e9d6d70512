use shipgate_core::Report;

use super::{
    canary, coverage, details, docs, escape, gates, icon, metric_checks, smoke,
    tests_section as tests, warnings,
};
use crate::RenderOptions;

/// The whole Markdown report: a heading with the verdict, the report's warnings, the gate
/// table, details of gates
/// that did not pass, the documentation section, the test and coverage sections, and the
/// smoke, metric-check and canary sections.
pub(crate) fn render(report: &Report, opts: &RenderOptions) -> String {
    let mut blocks: Vec<String> = vec![
        format!(
            "## {}: {}",
            escape::inline(&opts.title, escape::Place::Cell),
            icon::status(report.verdict)
        ),
        warnings::section(&report.warnings),
        gates::table(&report.gates),
        details::section(&report.gates),
    ];
    if let Some(d) = &report.docs {
        blocks.push(docs::section(d));
    }
    if let Some(t) = &report.tests {
        blocks.push(tests::runs(&t.runs));
        blocks.push(tests::ids("Flaky tests", &t.flaky));
        blocks.push(tests::ids("Order-dependent tests", &t.order_dependent));
        blocks.push(tests::slowest(&t.slowest));
    }
    if let Some(c) = &report.coverage {
        blocks.push(coverage::section(c));
    }
    if let Some(s) = &report.smoke {
        blocks.push(smoke::section(s));
    }
    if let Some(m) = &report.metrics {
        blocks.push(metric_checks::section(m));
    }
    if let Some(c) = &report.canary {
        blocks.push(canary::section(c));
    }
    let mut out = blocks
        .into_iter()
        .filter(|b| !b.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    out.push('\n');
    out
}
