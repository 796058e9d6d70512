//! `shipgate check`: every section present in shipgate.yaml in one combined report.

use shipgate_core::Report;

use crate::cli_spec;
use crate::context::Context;
use crate::error::CliError;

pub async fn run(ctx: &Context<'_>) -> Result<Report, CliError> {
    let spec = cli_spec::shipgate();
    Ok(shipgate_engine::check(ctx, Some(&spec)).await?)
}
