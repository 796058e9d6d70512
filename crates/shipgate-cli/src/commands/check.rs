//! `shipgate check`: evaluate every section present in shipgate.yaml (tests, docs, smoke,
//! metrics, analysis) into one combined report.

use shipgate_config::Config;
use shipgate_core::{ExitCode, GateResult, Report, Verdict};

use crate::args::{AnalyzeArgs, EvidenceArgs, GateArgs};
use crate::commands::tests::run_specs;
use crate::commands::{analyze, docs, metrics, smoke};
use crate::context::Context;
use crate::error::CliError;
use crate::evaluation::{self, Inputs};
use crate::output;

/// Run every configured section in order and print one report.
///
/// The verdict is the worst section verdict. A usage or config error in any section stops
/// the run (exit 2, nothing printed); a section that cannot reach or read what it needs
/// (a missing report file, an HTTP client that cannot be built) becomes an `error` gate
/// named after the section, the other sections still run, and the exit code is 3.
pub fn run(ctx: &Context<'_>) -> Result<ExitCode, CliError> {
    let Some(config) = &ctx.config else {
        return Err(CliError::Usage(
            "no shipgate.yaml found here or at the repository root (give one with --config)".into(),
        ));
    };
    let sections = sections(config);
    if sections.is_empty() {
        return Err(CliError::Usage(format!(
            "{}: no section to check (add `tests:`, `docs:`, `smoke:`, `metrics:` or `analysis:`)",
            config.path.display()
        )));
    }
    let mut combined = Report::new(Vec::new());
    let mut verdicts = Vec::new();
    for section in sections {
        let result = match section {
            "tests" => tests(ctx, config),
            "docs" => docs::evaluate(ctx),
            "smoke" => smoke::evaluate(ctx, None),
            "metrics" => metrics::evaluate(ctx),
            _ => analyze::evaluate(
                ctx,
                &AnalyzeArgs {
                    canary: None,
                    baseline: None,
                },
            ),
        };
        let report = match result {
            Ok(report) => report,
            Err(e) if e.exit_code() == ExitCode::Dependency => {
                let message = output::redact(&e.to_string(), ctx.secrets());
                output::note(&format!("shipgate: {section}: {message}"), ctx.secrets());
                Report::new(vec![GateResult {
                    id: format!("CHECK-{section}"),
                    name: section.to_string(),
                    verdict: Verdict::Error,
                    threshold: None,
                    measured: None,
                    message,
                    evidence: Vec::new(),
                }])
            }
            Err(e) => return Err(e),
        };
        merge(&mut combined, report, &mut verdicts);
    }
    combined.verdict = verdicts
        .into_iter()
        .max_by_key(|v: &Verdict| v.severity())
        .unwrap_or(Verdict::Inconclusive);
    output::emit(
        &combined,
        ctx.format,
        "shipgate check",
        ctx.env,
        ctx.secrets(),
    )?;
    Ok(ExitCode::for_verdict(combined.verdict))
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
}

fn tests(ctx: &Context<'_>, config: &Config) -> Result<Report, CliError> {
    let Some(tests) = &config.tests else {
        return Err(CliError::Usage("no `tests:` section".into()));
    };
    let specs = run_specs(&EvidenceArgs {
        junit: tests.junit.clone(),
        runs: tests.runs.clone(),
        shuffled_runs: tests.shuffled_runs.clone(),
    });
    if specs.is_empty() && tests.coverage.is_empty() {
        return Err(CliError::Usage(format!(
            "{}: `tests:` names no evidence (set junit, runs, shuffled_runs or coverage)",
            config.path.display()
        )));
    }
    let gates = evaluation::gates(ctx, &GateArgs::default())?;
    let runs = evaluation::read_runs(&specs, &config.dir)?;
    let coverage = evaluation::read_coverage(&tests.coverage, &config.dir)?;
    evaluation::evaluate_and_record(
        ctx,
        Inputs {
            runs,
            coverage,
            base: tests.base.clone(),
            gates,
            extra_gates: Vec::new(),
            command: "check",
        },
    )
}
