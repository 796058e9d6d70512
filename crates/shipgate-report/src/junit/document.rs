use shipgate_core::Report;

use super::case::{self, Kind};
use super::escape;
use crate::RenderOptions;

/// `<testsuites name="shipgate">` holding one `<testsuite>` named after the title.
pub(crate) fn render(report: &Report, opts: &RenderOptions) -> String {
    let mut cases: Vec<String> = report.gates.iter().map(|g| case::gate(report, g)).collect();
    let count = |kind: Kind| {
        report
            .gates
            .iter()
            .filter(|g| Kind::of(g.verdict) == kind)
            .count()
    };
    let mut failures = count(Kind::Failure);
    let errors = count(Kind::Error);
    let skipped = count(Kind::Skipped);
    if !report.verdict.is_passing() && failures + errors == 0 {
        cases.push(case::overall(report.verdict));
        failures += 1;
    }
    let totals = format!(
        "tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\"",
        cases.len()
    );

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites name=\"shipgate\" {totals}>\n"));
    out.push_str(&format!(
        "  <testsuite name=\"{}\" {totals}",
        escape::attr(&opts.title)
    ));
    if cases.is_empty() && report.warnings.is_empty() {
        out.push_str("/>\n");
    } else {
        out.push_str(">\n");
        out.push_str(&warning_properties(&report.warnings));
        for c in &cases {
            out.push_str(c);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The report's warnings as `<property name="warning" value="…"/>` of the suite (JUnit has
/// no other place for a note that is not a test); empty when there are none.
fn warning_properties(warnings: &[String]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let mut out = String::from("    <properties>\n");
    for w in warnings {
        out.push_str(&format!(
            "      <property name=\"warning\" value=\"{}\"/>\n",
            escape::attr(w)
        ));
    }
    out.push_str("    </properties>\n");
    out
}
