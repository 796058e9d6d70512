//! The real clock, telling subscribers when a driver waits.
//!
//! [`WaitingClock`] wraps the tokio clock: whenever a driver sleeps for a noticeable time, it
//! emits one [`Event::Waiting`], at most once per `min_gap`, so CI logs get one line per poll
//! round and a terminal is not flooded either.

use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use shipgate_core::Clock;
use shipgate_http::TokioClock;

use crate::events::{Event, EventSink, Waiting};

/// What the wait is for (the durations are filled in at each sleep).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitKind {
    /// Smoke checks polled until `deadline` (time since the start).
    Smoke { checks: usize, deadline: Duration },
    /// Metric gates between measurements.
    Metrics { metrics: usize },
}

/// The real clock, emitting a waiting event when a driver sleeps.
pub struct WaitingClock<'a> {
    inner: TokioClock,
    kind: WaitKind,
    min_gap: Duration,
    last: Mutex<Option<Duration>>,
    events: &'a dyn EventSink,
}

impl<'a> WaitingClock<'a> {
    /// Start now; emit at most once per `min_gap`.
    pub fn start(kind: WaitKind, min_gap: Duration, events: &'a dyn EventSink) -> Self {
        WaitingClock {
            inner: TokioClock::start(),
            kind,
            min_gap,
            last: Mutex::new(None),
            events,
        }
    }

    fn report(&self, sleep: Duration) {
        let now = self.inner.elapsed();
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        if let Some(previous) = *last {
            if now.saturating_sub(previous) < self.min_gap {
                return;
            }
        }
        *last = Some(now);
        let waiting = match self.kind {
            WaitKind::Smoke { checks, deadline } => Waiting::Smoke {
                checks,
                next_attempt: sleep,
                remaining: deadline.saturating_sub(now),
            },
            WaitKind::Metrics { metrics } => Waiting::Metrics {
                metrics,
                next_measurement: sleep,
            },
        };
        self.events.emit(&Event::Waiting(waiting));
    }
}

impl Clock for WaitingClock<'_> {
    fn elapsed(&self) -> Duration {
        self.inner.elapsed()
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send {
        if duration >= Duration::from_millis(100) {
            self.report(duration);
        }
        self.inner.sleep(duration)
    }
}
