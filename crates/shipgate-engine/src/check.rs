//! `shipgate check`: evaluate every section present in shipgate.yaml (tests, docs, smoke,
//! metrics, analysis) into one combined report.

use shipgate_config::Config;
use shipgate_core::{ExitCode, GateResult, Report, Verdict};
use shipgate_docs::drift::cli_spec::CliSpec;

use crate::analysis::{evaluate_analysis, AnalysisRequest};
use crate::context::Context;
use crate::docs::evaluate_docs;
use crate::error::{chain, EngineError};
use crate::events::Event;
use crate::interrupted::because;
use crate::metrics::evaluate_metrics;
use crate::smoke::evaluate_smoke;
use crate::test_section::{evaluate_tests_section, Evaluated};

/// Run every configured section in order into one report.
///
/// The verdict is the worst section verdict. A usage or config error in any section stops
/// the run (exit 2, nothing recorded); a section that cannot reach or read what it needs
/// (a missing report file, an HTTP client that cannot be built) becomes an `error` gate
/// named after the section, the other sections still run, and the exit code is 3. The test
/// section is recorded in the store only when the whole check did not end in exit 3. A
/// cancellation stops the running section; sections not started are `inconclusive`.
pub async fn check(ctx: &Context<'_>, cli: Option<&CliSpec>) -> Result<Report, EngineError> {
    let config = ctx.config("")?;
    let sections = sections(config);
    if sections.is_empty() {
        return Err(EngineError::NothingToCheck {
            config: config.path.clone(),
        });
    }
    let mut combined = Report::new(Vec::new());
    let mut verdicts = Vec::new();
    let mut pending: Option<Evaluated> = None;
    for section in sections {
        if ctx.cancel.is_cancelled() {
            let why = because(ctx.cancel.reason(), "before this section started");
            merge(
                &mut combined,
                section_gate(section, Verdict::Inconclusive, why),
                &mut verdicts,
            );
            continue;
        }
        let result = match section {
            "tests" => evaluate_tests_section(ctx).await.map(|evaluated| {
                let report = evaluated.report.clone();
                pending = Some(evaluated);
                report
            }),
            "docs" => evaluate_docs(ctx, cli).await,
            "smoke" => evaluate_smoke(ctx, None).await,
            "metrics" => evaluate_metrics(ctx).await,
            _ => evaluate_analysis(ctx, &AnalysisRequest::default()).await,
        };
        let report = match result {
            Ok(report) => {
                ctx.emit(Event::SectionFinished {
                    section,
                    verdict: report.verdict,
                });
                report
            }
            Err(e) if e.exit_code() == ExitCode::Dependency => {
                let message = chain(&e);
                ctx.emit(Event::SectionFailed {
                    section,
                    message: message.clone(),
                });
                section_gate(section, Verdict::Error, message)
            }
            Err(e) => return Err(e),
        };
        merge(&mut combined, report, &mut verdicts);
    }
    combined.verdict = verdicts
        .into_iter()
        .max_by_key(|v: &Verdict| v.severity())
        .unwrap_or(Verdict::Inconclusive);
    if let Some(evaluated) = pending {
        if combined.verdict == Verdict::Error || ctx.cancel.is_cancelled() {
            tracing::info!("not recorded: the check could not evaluate every section");
        } else {
            evaluated.record(ctx)?;
        }
    }
    Ok(combined)
}

/// A section that produced no report of its own: one gate named after it.
fn section_gate(section: &str, verdict: Verdict, message: String) -> Report {
    let mut report = Report::new(vec![GateResult {
        id: format!("CHECK-{section}"),
        name: section.to_string(),
        verdict,
        threshold: None,
        measured: None,
        message,
        evidence: Vec::new(),
    }]);
    report.verdict = verdict;
    report
}

/// The sections present, in the order they run.
fn sections(config: &Config) -> Vec<&'static str> {
    let mut out = Vec::new();
    if config.tests.is_some() {
        out.push("tests");
    }
    if config.docs.is_some() {
        out.push("docs");
    }
    if config.smoke.is_some() {
        out.push("smoke");
    }
    if config.metrics.is_some() {
        out.push("metrics");
    }
    if config.analysis.is_some() {
        out.push("analysis");
    }
    out
}

fn merge(combined: &mut Report, part: Report, verdicts: &mut Vec<Verdict>) {
    verdicts.push(part.verdict);
    combined.gates.extend(part.gates);
    combined.tests = combined.tests.take().or(part.tests);
    combined.coverage = combined.coverage.take().or(part.coverage);
    combined.smoke = combined.smoke.take().or(part.smoke);
    combined.metrics = combined.metrics.take().or(part.metrics);
    combined.canary = combined.canary.take().or(part.canary);
    combined.docs = combined.docs.take().or(part.docs);
    combined.add_warnings(part.warnings);
}
