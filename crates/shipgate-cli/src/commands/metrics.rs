//! `shipgate metrics`: measure the configured PromQL queries against their conditions.

use shipgate_core::Report;

use crate::context::Context;
use crate::error::CliError;

pub async fn run(ctx: &Context<'_>) -> Result<Report, CliError> {
    Ok(shipgate_engine::evaluate_metrics(ctx).await?)
}
