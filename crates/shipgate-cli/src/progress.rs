//! Progress lines on stderr during long waits (smoke polling, metric measurements).
//!
//! [`ProgressClock`] wraps the real clock: whenever a driver sleeps, it prints one line
//! saying what it waits for, at most once per round (`min_gap`), so CI logs get one line per
//! poll round and a terminal is not flooded either. stdout is never touched.

use std::future::Future;
use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

use shipgate_http::{Clock, TokioClock};

/// What the line says while waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// Smoke checks still failing before `deadline` (time since the start).
    Smoke { checks: usize, deadline: Duration },
    /// Metric gates between measurements.
    Metrics { metrics: usize },
}

/// The real clock, printing a progress line on stderr when a driver sleeps.
pub struct ProgressClock {
    inner: TokioClock,
    waiting: Waiting,
    min_gap: Duration,
    last: Mutex<Option<Duration>>,
}

impl ProgressClock {
    /// Start now; print at most once per `min_gap`.
    pub fn start(waiting: Waiting, min_gap: Duration) -> Self {
        ProgressClock {
            inner: TokioClock::start(),
            waiting,
            min_gap,
            last: Mutex::new(None),
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
        let line =
            match self.waiting {
                Waiting::Smoke { checks, deadline } => {
                    format!(
                "shipgate: smoke: waiting for {} to pass (next attempt in {}, deadline in {})",
                if checks == 1 { "the check".to_string() } else { format!("all {checks} checks") },
                human_duration(sleep),
                human_duration(deadline.saturating_sub(now))
            )
                }
                Waiting::Metrics { metrics } => format!(
                    "shipgate: metrics: {} running, next measurement in {}",
                    plural(metrics, "metric"),
                    human_duration(sleep)
                ),
            };
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }
}

impl Clock for ProgressClock {
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

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `4m 10s`, `12s`, `1h 2m`, `0.5s`.
pub fn human_duration(d: Duration) -> String {
    let secs = d.as_secs();
    if secs == 0 {
        return format!("{:.1}s", d.as_secs_f64());
    }
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m {s}s"),
        (h, m, _) => format!("{h}h {m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_people_write_them() {
        assert_eq!(human_duration(Duration::from_secs(250)), "4m 10s");
        assert_eq!(human_duration(Duration::from_secs(12)), "12s");
        assert_eq!(human_duration(Duration::from_secs(120)), "2m");
        assert_eq!(human_duration(Duration::from_secs(3720)), "1h 2m");
        assert_eq!(human_duration(Duration::from_millis(500)), "0.5s");
    }
}
