//! The clock every waiting loop reads and sleeps on, behind a small trait so that tests can
//! drive them without sleeping. The real clock (tokio's) lives with the I/O crates; the
//! manual clock for tests is behind the `test-util` feature.

use std::future::Future;
use std::time::Duration;

/// Elapsed time since a run started, and a way to wait.
///
/// The smoke runner, the metric driver and the engine ask the clock for the time and sleep
/// through it; the tokio clock of the I/O crates is the real one, `ManualClock` (feature
/// `test-util`) a fake whose sleeps advance its time instantly.
pub trait Clock: Send + Sync {
    /// Time elapsed since the clock was started.
    fn elapsed(&self) -> Duration;

    /// Wait for `duration`.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send;
}
