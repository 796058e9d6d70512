//! `shipgate tests`: evaluate the test-quality gates over existing reports.

use shipgate_core::Report;
use shipgate_engine::{evaluate_tests, Evidence, TestsRequest};

use crate::args::{GateArgs, TestsArgs};
use crate::context::Context;
use crate::error::CliError;

/// The gate thresholds given as flags, as `(gate, condition)`.
pub fn overrides(gates: &GateArgs) -> Vec<(String, String)> {
    gates
        .overrides()
        .into_iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect()
}

pub async fn run(ctx: &Context<'_>, args: &TestsArgs) -> Result<Report, CliError> {
    let request = TestsRequest {
        evidence: Evidence {
            junit: args.evidence.junit.clone(),
            runs: args.evidence.runs.clone(),
            shuffled_runs: args.evidence.shuffled_runs.clone(),
            coverage: args.coverage.coverage.clone(),
        },
        base: args.coverage.base.clone(),
        gate_overrides: overrides(&args.gates),
    };
    Ok(evaluate_tests(ctx, &request).await?)
}
