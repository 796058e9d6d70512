//! `shipgate check`: evaluate every section present in shipgate.yaml.

use shipgate_core::ExitCode;

use crate::args::{EvidenceArgs, GateArgs};
use crate::commands::tests::run_specs;
use crate::context::Context;
use crate::error::CliError;
use crate::evaluation::{self, Inputs};

pub fn run(ctx: &Context<'_>) -> Result<ExitCode, CliError> {
    let Some(config) = &ctx.config else {
        return Err(CliError::Usage(
            "no shipgate.yaml found here or at the repository root (give one with --config)".into(),
        ));
    };
    let Some(tests) = &config.tests else {
        return Err(CliError::Usage(format!(
            "{}: no section to check (add `tests:`)",
            config.path.display()
        )));
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
    evaluation::evaluate_and_report(
        ctx,
        Inputs {
            runs,
            coverage,
            base: tests.base.clone(),
            gates,
            extra_gates: Vec::new(),
            command: "check",
        },
        "shipgate check",
    )
}
