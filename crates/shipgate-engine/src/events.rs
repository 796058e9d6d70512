//! What the engine says while it works. The engine never prints: a caller subscribes an
//! [`EventSink`] (the command line's progress printer, a test's recorder) and renders events
//! as it likes.

use std::time::Duration;

use shipgate_core::Verdict;

/// One thing that happened during an evaluation, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A section started: what it will do, in words (`3 checks against http://… (deadline 5m)`).
    SectionStarted {
        section: &'static str,
        detail: String,
    },
    /// A section produced its report.
    SectionFinished {
        section: &'static str,
        verdict: Verdict,
    },
    /// A section could not be evaluated (it becomes an `error` gate; the others still run).
    SectionFailed {
        section: &'static str,
        message: String,
    },
    /// A metric gate recorded one measurement.
    Measurement {
        metric: String,
        at_seconds: f64,
        /// `successful`, `failed`, `inconclusive` or `error`.
        result: &'static str,
    },
    /// A wait between attempts or measurements.
    Waiting(Waiting),
    /// One run of the test suite started (`tests run`).
    SuiteRunStarted {
        number: u32,
        total: u32,
        /// `in order` or `shuffled, seed N`.
        order: String,
        argv: Vec<String>,
    },
    /// One run of the test suite ended.
    SuiteRunFinished {
        number: u32,
        seconds: f64,
        /// The exit code, `None` when a signal ended it.
        exit: Option<i32>,
    },
    /// One round of a rollout's background analysis.
    RolloutRound {
        /// How long the canary had had traffic.
        traffic_seconds: f64,
        /// `healthy`, `not yet` or `failed`.
        result: &'static str,
        /// Each check's measured value against its condition, the judge's state.
        detail: String,
    },
    /// Something the user should know that is not a gate (a setting that weakens a check).
    Warning { message: String },
    /// A cancellation was asked for: no new work starts, running work is stopped.
    Interrupted { signal: &'static str },
}

/// What a wait is for, with what the printer needs to say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// Smoke checks still failing; `remaining` until the deadline.
    Smoke {
        checks: usize,
        next_attempt: Duration,
        remaining: Duration,
    },
    /// Metric gates between measurements.
    Metrics {
        metrics: usize,
        next_measurement: Duration,
    },
}

/// A subscriber to the engine's events.
pub trait EventSink: Send + Sync {
    /// Called for each event, on the engine's task: keep it short.
    fn emit(&self, event: &Event);
}

/// A sink that drops every event.
#[derive(Debug, Clone, Copy, Default)]
pub struct Discard;

impl EventSink for Discard {
    fn emit(&self, _event: &Event) {}
}

/// A sink that keeps every event, for tests and for callers that render afterwards.
#[derive(Debug, Default)]
pub struct Recorder {
    events: std::sync::Mutex<Vec<Event>>,
}

impl Recorder {
    /// The events so far.
    pub fn events(&self) -> Vec<Event> {
        self.events
            .lock()
            .map(|e| e.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }
}

impl EventSink for Recorder {
    fn emit(&self, event: &Event) {
        let mut events = self
            .events
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        events.push(event.clone());
    }
}
