//! Running the service on a bound listener until told to stop.

use std::future::Future;
use std::io;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::options::DemoOptions;
use crate::routes::router;
use crate::state::AppState;

/// Serves the demo on an already-bound `listener` until `shutdown` resolves, then stops
/// accepting, cuts short any pending latency or slow-fault wait, lets in-flight requests
/// finish and returns.
///
/// # Errors
/// [`io::ErrorKind::InvalidInput`] when `opts` do not [validate](DemoOptions::validate);
/// otherwise whatever the accept loop reports.
pub async fn serve(
    listener: TcpListener,
    opts: DemoOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    opts.validate()
        .map_err(|err| io::Error::new(io::ErrorKind::InvalidInput, err))?;
    let (stopping_tx, stopping_rx) = watch::channel(false);
    let local = listener.local_addr()?;
    tracing::info!(
        %local,
        version = opts.version,
        error_rate = opts.error_rate,
        latency_ms = opts.latency_ms,
        ready = opts.ready,
        prometheus_fault = %opts.prometheus_fault,
        "serving"
    );
    let app = router(Arc::new(AppState::new(opts, stopping_rx)));
    let signal = async move {
        shutdown.await;
        tracing::info!("shutting down");
        // Receivers live in the state, which outlives this future; a send error only means
        // nobody is waiting.
        let _ = stopping_tx.send(true);
    };
    axum::serve(listener, app)
        .with_graceful_shutdown(signal)
        .await
}
