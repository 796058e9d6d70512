//! `shipgate analyze`: the canary judge over the canary's and the baseline's metrics.

use shipgate_core::Report;
use shipgate_engine::AnalysisRequest;

use crate::args::AnalyzeArgs;
use crate::context::Context;
use crate::error::CliError;

pub async fn run(ctx: &Context<'_>, args: &AnalyzeArgs) -> Result<Report, CliError> {
    let request = AnalysisRequest {
        canary: args.canary.clone(),
        baseline: args.baseline.clone(),
    };
    Ok(shipgate_engine::evaluate_analysis(ctx, &request).await?)
}
