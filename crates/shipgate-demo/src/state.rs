//! Everything the request handlers share.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::limits::Limits;
use crate::metrics::Metrics;
use crate::options::DemoOptions;
use crate::random::Random;
use crate::sessions::Sessions;

/// State behind every handler, cloned cheaply as an [`Arc`].
pub(crate) type Shared = Arc<AppState>;

/// The options the server runs with and what it accumulates while running.
#[derive(Debug)]
pub(crate) struct AppState {
    pub(crate) opts: DemoOptions,
    pub(crate) random: Random,
    pub(crate) sessions: Sessions,
    pub(crate) metrics: Metrics,
    /// Requests per path of the rate-limited routes.
    pub(crate) limited: Limits,
    /// Becomes `true` when the server begins shutting down.
    shutdown: watch::Receiver<bool>,
}

impl AppState {
    /// State for a server started with `opts`; `shutdown` flips to `true` on shutdown.
    pub(crate) fn new(opts: DemoOptions, shutdown: watch::Receiver<bool>) -> Self {
        Self {
            random: Random::new(opts.seed),
            sessions: Sessions::default(),
            metrics: Metrics::new(&opts.version),
            limited: Limits::default(),
            opts,
            shutdown,
        }
    }

    /// Sleeps for `duration`, or less if the server starts shutting down meanwhile, so
    /// that slow answers never hold up a graceful shutdown.
    pub(crate) async fn pause(&self, duration: Duration) {
        if duration.is_zero() {
            return;
        }
        let mut shutdown = self.shutdown.clone();
        tokio::select! {
            () = tokio::time::sleep(duration) => {}
            _ = shutdown.wait_for(|stopping| *stopping) => {}
        }
    }
}
