use serde::Serialize;
use shipgate_core::Report;

use super::canary::CanaryView;
use super::coverage::CoverageView;
use super::docs::{DocumentView, FindingView};
use super::gate::GateView;
use super::headline::{headline, HeadlineMetrics};
use super::metric_checks::MetricChecksView;
use super::smoke::SmokeView;
use super::tests_section::TestsView;

/// The JSON document. Sections the report does not have are left out, not `null`.
/// `score` and `metrics` are the headline keys described in [`headline`].
#[derive(Debug, Serialize)]
struct ReportView<'a> {
    schema_version: u32,
    verdict: &'static str,
    gates: Vec<GateView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tests: Option<TestsView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<CoverageView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    smoke: Option<SmokeView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metric_checks: Option<MetricChecksView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    canary: Option<CanaryView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<Vec<FindingView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    documents: Option<Vec<DocumentView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metrics: Option<HeadlineMetrics<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
}

/// The report as pretty-printed JSON with a trailing newline.
pub(crate) fn render(report: &Report) -> String {
    let (score, metrics) = headline(report);
    let view = ReportView {
        schema_version: report.schema_version,
        verdict: report.verdict.key(),
        gates: report.gates.iter().map(GateView::of).collect(),
        tests: report.tests.as_ref().map(TestsView::of),
        coverage: report.coverage.as_ref().map(CoverageView::of),
        smoke: report.smoke.as_ref().map(SmokeView::of),
        metric_checks: report.metrics.as_ref().map(MetricChecksView::of),
        canary: report.canary.as_ref().map(CanaryView::of),
        findings: report
            .docs
            .as_ref()
            .map(|d| d.findings.iter().map(FindingView::of).collect()),
        documents: report
            .docs
            .as_ref()
            .map(|d| d.documents.iter().map(DocumentView::of).collect()),
        score,
        metrics,
        warnings: &report.warnings,
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
