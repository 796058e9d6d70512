//! `shipgate docs check`: the documents of the `docs:` section checked against the
//! repository (run from its root); exit 1 when anything was found.

use shipgate_core::Report;

use crate::cli_spec;
use crate::context::Context;
use crate::error::CliError;

pub async fn run(ctx: &Context<'_>) -> Result<Report, CliError> {
    let spec = cli_spec::shipgate();
    Ok(shipgate_engine::evaluate_docs(ctx, Some(&spec)).await?)
}
