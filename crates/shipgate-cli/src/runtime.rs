//! The small tokio runtime the live commands (smoke, metrics, analyze) run their I/O on.
//! `main` stays synchronous; each command that talks to the network blocks on one future.

use std::future::Future;

use crate::error::CliError;

/// Run `future` to completion on a fresh current-thread runtime (timers and I/O enabled).
pub fn block_on<F: Future>(future: F) -> Result<F::Output, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Dependency(format!("cannot start the async runtime: {e}")))?;
    Ok(runtime.block_on(future))
}
