//! The shared path of `tests`, `tests run` and `check`: gather evidence, read history,
//! evaluate, record, report.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use shipgate_core::quality::{evaluate, FlipRateNote, PreviousCoverage, TestEvidence, TestGates};
use shipgate_core::{CoverageReport, ExitCode, GateResult, Report, TestRun};
use shipgate_store::{RunRecord, Store};

use crate::args::GateArgs;
use crate::context::Context;
use crate::error::CliError;
use crate::{git, globs, output};

/// Globs for one run, and where relative globs start.
pub struct RunSpec {
    pub label: String,
    pub shuffled: bool,
    pub globs: Vec<String>,
}

/// The gates in force: defaults, then the config's, then command-line overrides.
pub fn gates(ctx: &Context<'_>, overrides: &GateArgs) -> Result<TestGates, CliError> {
    let mut gates = ctx
        .config
        .as_ref()
        .and_then(|c| c.tests.as_ref())
        .map(|t| t.gates.clone())
        .unwrap_or_default();
    for (name, text) in overrides.overrides() {
        gates
            .set(name, text)
            .map_err(|e| CliError::Usage(format!("--{}: `{text}`: {e}", name.replace('_', "-"))))?;
    }
    Ok(gates)
}

/// Read every run's JUnit files.
pub fn read_runs(specs: &[RunSpec], base: &Path) -> Result<Vec<TestRun>, CliError> {
    let mut runs = Vec::with_capacity(specs.len());
    for spec in specs {
        let files = globs::expand_all(&spec.globs, base)?;
        let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        tracing::info!(run = %spec.label, files = refs.len(), "reading JUnit");
        runs.push(shipgate_ingest::read_junit_run(
            &spec.label,
            spec.shuffled,
            &refs,
        )?);
    }
    Ok(runs)
}

/// Read and merge every coverage report matched by `patterns`.
pub fn read_coverage(patterns: &[String], base: &Path) -> Result<Option<CoverageReport>, CliError> {
    let mut merged: Option<CoverageReport> = None;
    for file in globs::expand_all(patterns, base)? {
        let report = shipgate_ingest::read_coverage(&file)?;
        match &mut merged {
            Some(m) => m.merge(report),
            None => merged = Some(report),
        }
    }
    Ok(merged)
}

/// Everything a test evaluation needs besides the runs.
pub struct Inputs {
    pub runs: Vec<TestRun>,
    pub coverage: Option<CoverageReport>,
    pub base: Option<String>,
    pub gates: TestGates,
    /// Gates added by the caller (e.g. a test command whose exit status contradicts its report).
    pub extra_gates: Vec<GateResult>,
    /// How the invocation is recorded in the store (`tests`, `tests run`, `check`).
    pub command: &'static str,
}

/// Evaluate, record the run when a store is in use, and print the report.
/// Returns the exit code; nothing is recorded when anything before it failed.
pub fn evaluate_and_report(
    ctx: &Context<'_>,
    inputs: Inputs,
    title: &str,
) -> Result<ExitCode, CliError> {
    let report = evaluate_and_record(ctx, inputs)?;
    output::emit(&report, ctx.format, title, ctx.env, ctx.secrets())?;
    Ok(ExitCode::for_verdict(report.verdict))
}

/// Evaluate and record the run when a store is in use; returns the report unprinted.
pub fn evaluate_and_record(ctx: &Context<'_>, inputs: Inputs) -> Result<Report, CliError> {
    let patch = match &inputs.base {
        Some(base) => Some(git::changed_lines(base, &ctx.cwd)?),
        None => None,
    };
    // branch and commit only matter to the store (what to record, which history to compare)
    let (branch, commit) = match &ctx.store {
        Some(_) => (
            git::branch(ctx.env, &ctx.cwd),
            git::commit(ctx.env, &ctx.cwd),
        ),
        None => (None, None),
    };
    let existing = match &ctx.store {
        Some(path) => Store::open_existing(path)?,
        None => None,
    };
    let mut previous_coverage = None;
    let mut flip_rates = Vec::new();
    if let Some(store) = &existing {
        if let Some(b) = &branch {
            previous_coverage = store.last_coverage(b)?.and_then(|p| {
                p.totals.line_ratio().map(|r| PreviousCoverage {
                    line_ratio: r,
                    branch: b.clone(),
                    commit: p.commit.clone(),
                })
            });
        }
        flip_rates = store
            .flip_rates(50)?
            .into_iter()
            .filter(|f| f.rate > 0.0)
            .take(10)
            .map(|f| FlipRateNote {
                id: f.id,
                rate: f.rate,
                observations: f.observations,
            })
            .collect();
    }
    drop(existing);
    let evidence = TestEvidence {
        runs: inputs.runs,
        coverage: inputs.coverage,
        patch,
        previous_coverage,
        flip_rates,
    };
    let mut report: Report = evaluate(&evidence, &inputs.gates);
    if !inputs.extra_gates.is_empty() {
        report.gates.extend(inputs.extra_gates);
        report.refresh_verdict();
    }
    if let Some(path) = &ctx.store {
        let mut store = Store::open(path)?;
        let record = RunRecord {
            commit,
            branch,
            recorded_at: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
            command: inputs.command.to_string(),
            runs: &evidence.runs,
            coverage: report.coverage,
            report: &report,
        };
        let id = store.record(&record)?;
        tracing::info!(store = %path.display(), invocation = id, "recorded");
    }
    // A million test records or coverage lines take longer to free than to use again: the
    // process ends right after this, so leave the memory to the operating system.
    std::mem::forget(evidence);
    Ok(report)
}
