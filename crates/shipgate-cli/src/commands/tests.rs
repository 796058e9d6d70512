//! `shipgate tests`: evaluate the test-quality gates over existing reports.

use shipgate_core::ExitCode;

use crate::args::{EvidenceArgs, TestsArgs};
use crate::context::Context;
use crate::error::CliError;
use crate::evaluation::{self, Inputs, RunSpec};

/// The runs the evidence flags describe: `--junit` files together form one in-order run, each
/// `--run` one more in-order run, each `--shuffled-run` one shuffled run.
pub fn run_specs(e: &EvidenceArgs) -> Vec<RunSpec> {
    let mut specs = Vec::new();
    if !e.junit.is_empty() {
        specs.push(RunSpec {
            label: e.junit.join(", "),
            shuffled: false,
            globs: e.junit.clone(),
        });
    }
    specs.extend(e.runs.iter().map(|g| RunSpec {
        label: g.clone(),
        shuffled: false,
        globs: vec![g.clone()],
    }));
    specs.extend(e.shuffled_runs.iter().map(|g| RunSpec {
        label: g.clone(),
        shuffled: true,
        globs: vec![g.clone()],
    }));
    specs
}

pub fn run(ctx: &Context<'_>, args: &TestsArgs) -> Result<ExitCode, CliError> {
    let gates = evaluation::gates(ctx, &args.gates)?;
    let cli_evidence = !args.evidence.junit.is_empty()
        || !args.evidence.runs.is_empty()
        || !args.evidence.shuffled_runs.is_empty()
        || !args.coverage.coverage.is_empty();
    let configured = ctx.config.as_ref().and_then(|c| c.tests.as_ref());
    // Evidence named on the command line replaces the config's; globs are relative to where
    // they were written (the current folder, or the config's folder).
    let (specs, coverage_globs, base_dir) = match (cli_evidence, configured) {
        (true, _) | (false, None) => (
            run_specs(&args.evidence),
            args.coverage.coverage.clone(),
            ctx.cwd.clone(),
        ),
        (false, Some(t)) => (
            run_specs(&EvidenceArgs {
                junit: t.junit.clone(),
                runs: t.runs.clone(),
                shuffled_runs: t.shuffled_runs.clone(),
            }),
            t.coverage.clone(),
            ctx.config_dir().to_path_buf(),
        ),
    };
    if specs.is_empty() && coverage_globs.is_empty() {
        return Err(CliError::Usage(
            "no evidence given: pass --junit, --run, --shuffled-run or --coverage (or configure `tests:` in shipgate.yaml); see `shipgate tests --help`".into(),
        ));
    }
    let base = args
        .coverage
        .base
        .clone()
        .or_else(|| configured.and_then(|t| t.base.clone()));
    let runs = evaluation::read_runs(&specs, &base_dir)?;
    let coverage = evaluation::read_coverage(&coverage_globs, &base_dir)?;
    evaluation::evaluate_and_report(
        ctx,
        Inputs {
            runs,
            coverage,
            base,
            gates,
            extra_gates: Vec::new(),
            command: "tests",
        },
        "shipgate tests",
    )
}
