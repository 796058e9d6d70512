use serde::Serialize;
use shipgate_core::Report;

use super::coverage::CoverageView;
use super::gate::GateView;
use super::tests_section::TestsView;

/// The JSON document. Sections the report does not have are left out, not `null`.
#[derive(Debug, Serialize)]
struct ReportView<'a> {
    schema_version: u32,
    verdict: &'static str,
    gates: Vec<GateView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tests: Option<TestsView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<CoverageView>,
}

/// The report as pretty-printed JSON with a trailing newline.
pub(crate) fn render(report: &Report) -> String {
    let view = ReportView {
        schema_version: report.schema_version,
        verdict: report.verdict.key(),
        gates: report.gates.iter().map(GateView::of).collect(),
        tests: report.tests.as_ref().map(TestsView::of),
        coverage: report.coverage.as_ref().map(CoverageView::of),
    };
    match serde_json::to_string_pretty(&view) {
        Ok(mut json) => {
            json.push('\n');
            json
        }
        // Unreachable with these views (strings, integers, finite floats), but a reporter
        // must still emit valid JSON that fails closed rather than nothing at all.
        Err(e) => {
            let fallback = serde_json::json!({
                "schema_version": report.schema_version,
                "verdict": "error",
                "gates": [],
                "error": format!("could not render the report as JSON: {e}"),
            });
            format!("{fallback:#}\n")
        }
    }
}
