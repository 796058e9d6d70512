//! `shipgate smoke`: poll the configured HTTP checks until they pass or the deadline ends.

use shipgate_core::Report;

use crate::args::SmokeArgs;
use crate::context::Context;
use crate::error::CliError;

pub async fn run(ctx: &Context<'_>, args: &SmokeArgs) -> Result<Report, CliError> {
    Ok(shipgate_engine::evaluate_smoke(ctx, args.base_url.as_deref()).await?)
}
