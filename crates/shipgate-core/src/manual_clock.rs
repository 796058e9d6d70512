//! A fake clock for tests: time moves only when told to, or when someone sleeps.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::Clock;

/// A [`Clock`] that starts at zero and advances only through [`ManualClock::advance`] or
/// [`Clock::sleep`] (which advances the time by the requested duration and returns at
/// once). Clones share the same time. Meant for tests of the polling loops.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    now: Arc<Mutex<Duration>>,
}

impl ManualClock {
    /// A clock at zero.
    pub fn new() -> Self {
        ManualClock::default()
    }

    /// Move the time forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *now += by;
    }

    /// Set the time (never backwards: an earlier time is ignored).
    pub fn set(&self, to: Duration) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if to > *now {
            *now = to;
        }
    }
}

impl Clock for ManualClock {
    fn elapsed(&self) -> Duration {
        *self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send {
        self.advance(duration);
        std::future::ready(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Polls a ready future once (a manual clock's sleep never waits).
    fn now<F: Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match future.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => unreachable!("a manual clock never waits"),
        }
    }

    #[test]
    fn sleeping_advances_the_shared_time() {
        let clock = ManualClock::new();
        let other = clock.clone();
        assert_eq!(clock.elapsed(), Duration::ZERO);
        now(clock.sleep(Duration::from_secs(3)));
        other.advance(Duration::from_millis(500));
        assert_eq!(clock.elapsed(), Duration::from_millis(3500));
        other.set(Duration::from_secs(1));
        assert_eq!(clock.elapsed(), Duration::from_millis(3500));
    }
}
