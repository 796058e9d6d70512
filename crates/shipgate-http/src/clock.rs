//! The clock the polling loops read and sleep on, behind a small trait so that tests can
//! drive them without sleeping.

use std::future::Future;
use std::time::Duration;

/// Elapsed time since a run started, and a way to wait.
///
/// The smoke runner and the metric driver ask the clock for the time and sleep through it;
/// [`TokioClock`] is the real one, [`crate::ManualClock`] a fake whose sleeps advance its
/// time instantly.
pub trait Clock: Send + Sync {
    /// Time elapsed since the clock was started.
    fn elapsed(&self) -> Duration;

    /// Wait for `duration`.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send;
}

/// The real clock: tokio's monotonic time and `tokio::time::sleep`.
#[derive(Debug, Clone, Copy)]
pub struct TokioClock {
    start: tokio::time::Instant,
}

impl TokioClock {
    /// A clock whose elapsed time starts now.
    pub fn start() -> Self {
        TokioClock {
            start: tokio::time::Instant::now(),
        }
    }
}

impl Default for TokioClock {
    fn default() -> Self {
        TokioClock::start()
    }
}

impl Clock for TokioClock {
    fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send {
        tokio::time::sleep(duration)
    }
}
