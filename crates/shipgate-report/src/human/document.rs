use shipgate_core::Report;

use super::{
    canary, coverage, details, docs, gates, metric_checks, smoke, style, tests_section as tests,
    warnings,
};
use crate::RenderOptions;

/// The whole human report: title, gate table, details of gates that did not pass, the
/// documentation findings, the test and coverage sections, the smoke, metric-check and
/// canary sections, the report's warnings, and a final `verdict: …` line.
pub(crate) fn render(report: &Report, opts: &RenderOptions) -> String {
    let mut sections: Vec<Vec<String>> = vec![
        vec![crate::text::printable(&opts.title)],
        gates::section(&report.gates, opts.color),
        details::section(&report.gates, opts.color),
    ];
    if let Some(d) = &report.docs {
        sections.extend(docs::sections(report, d, opts.color));
    }
    if let Some(t) = &report.tests {
        sections.push(tests::runs(&t.runs));
        sections.push(tests::ids("Flaky tests", &t.flaky));
        sections.push(tests::ids("Order-dependent tests", &t.order_dependent));
        sections.push(tests::slowest(&t.slowest));
    }
    if let Some(c) = &report.coverage {
        sections.push(coverage::section(c));
    }
    if let Some(s) = &report.smoke {
        sections.push(smoke::section(s, opts.color));
    }
    if let Some(m) = &report.metrics {
        sections.push(metric_checks::section(m, opts.color));
    }
    if let Some(c) = &report.canary {
        sections.push(canary::section(c, opts.color));
    }
    sections.push(warnings::section(&report.warnings, opts.color));
    let (word, paint) = style::status(report.verdict, opts.color);
    let word = match paint {
        Some(s) => s.paint(&word),
        None => word,
    };
    sections.push(vec![format!("verdict: {word}")]);

    let mut out = String::new();
    for section in sections.iter().filter(|s| !s.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        for line in section {
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}
