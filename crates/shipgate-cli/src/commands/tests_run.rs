//! `shipgate tests run`: run the suite N times without a shell, then evaluate.

use shipgate_core::Report;
use shipgate_engine::{run_suite, SuiteRequest};

use crate::args::RunArgs;
use crate::commands::tests::overrides;
use crate::context::Context;
use crate::error::CliError;

pub async fn run(ctx: &Context<'_>, args: &RunArgs) -> Result<Report, CliError> {
    let request = SuiteRequest {
        command: args.command.clone(),
        shuffle_args: args.shuffle_args.clone(),
        runs: args.runs,
        seed: args.seed,
        junit_dir: args.junit_dir.clone(),
        coverage: args.coverage.coverage.clone(),
        base: args.coverage.base.clone(),
        gate_overrides: overrides(&args.gates),
    };
    Ok(run_suite(ctx, &request).await?)
}
