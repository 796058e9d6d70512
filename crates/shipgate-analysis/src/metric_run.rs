//! The metric state machine: when to measure, and when a metric is decided.
//!
//! Semantics (Argo Rollouts' measurement → metric model, fail-closed):
//!
//! * The first measurement is due immediately (`next(t)` at any `t` returns
//!   [`Step::Measure`]). After each recorded measurement, of any kind, the next one is due
//!   `interval` seconds after the time given to [`MetricRun::record`]: waits are exactly
//!   `interval` apart from the previous measurement, so a slow query delays the schedule
//!   rather than bunching measurements together.
//! * Successful, failed and inconclusive measurements are *conclusive* and count toward
//!   `count`. Query errors do **not** count toward `count`: an error is retried at the next
//!   interval, so a metric with `count: 5` always has five real readings behind a success.
//!   Errors are still kept in the measurement list.
//! * A successful, failed or inconclusive measurement resets the consecutive-error counter.
//! * After each measurement, in this order: failed > `failure_limit` → **Failed**;
//!   inconclusive > `inconclusive_limit` → **Inconclusive**; consecutive errors >
//!   `consecutive_error_limit` → **Error**; conclusive measurements == `count` →
//!   **Successful** (no limit was crossed, or it would have stopped earlier). Limits are
//!   "tolerated" counts: `failure_limit: 0` fails on the first failure, `failure_limit: 2`
//!   on the third.
//! * The run terminates: at most `count × (consecutive_error_limit + 1) +
//!   consecutive_error_limit` measurements are taken.

use serde::Serialize;

use crate::{
    classify, AnalysisError, Measurement, MeasurementResult, MetricOutcome, MetricSpec,
    MetricStatus, Sample,
};

/// What the caller should do next.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "step", content = "data", rename_all = "snake_case")]
pub enum Step {
    /// Run the query now and [`MetricRun::record`] its result.
    Measure,
    /// Nothing to do before this time (seconds since start).
    WaitUntil(f64),
    /// The metric is decided.
    Done(MetricOutcome),
}

/// One metric gate in progress. Pure: the caller supplies the time (seconds since the run
/// started, e.g. `Instant::elapsed().as_secs_f64()`) and the query results.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricRun {
    spec: MetricSpec,
    measurements: Vec<Measurement>,
    successful: u32,
    failed: u32,
    inconclusive: u32,
    errors: u32,
    consecutive_errors: u32,
    next_due: f64,
    status: Option<MetricStatus>,
}

impl MetricRun {
    /// Start a metric; the spec is validated ([`MetricSpec::validate`]).
    pub fn new(spec: MetricSpec) -> Result<Self, AnalysisError> {
        spec.validate()?;
        Ok(MetricRun {
            spec,
            measurements: Vec::new(),
            successful: 0,
            failed: 0,
            inconclusive: 0,
            errors: 0,
            consecutive_errors: 0,
            next_due: 0.0,
            status: None,
        })
    }

    /// The spec being run.
    pub fn spec(&self) -> &MetricSpec {
        &self.spec
    }

    /// The measurements recorded so far.
    pub fn measurements(&self) -> &[Measurement] {
        &self.measurements
    }

    /// Whether the metric is decided.
    pub fn is_done(&self) -> bool {
        self.status.is_some()
    }

    /// What to do at time `now` (seconds since start).
    pub fn next(&self, now: f64) -> Step {
        if let Some(outcome) = self.outcome() {
            return Step::Done(outcome);
        }
        if now >= self.next_due {
            Step::Measure
        } else {
            Step::WaitUntil(self.next_due)
        }
    }

    /// The outcome, once decided.
    pub fn outcome(&self) -> Option<MetricOutcome> {
        self.status.map(|status| MetricOutcome {
            name: self.spec.name.clone(),
            query: self.spec.query.clone(),
            condition: self.spec.condition.clone(),
            status,
            successful: self.successful,
            failed: self.failed,
            inconclusive: self.inconclusive,
            errors: self.errors,
            failure_limit: self.spec.failure_limit,
            inconclusive_limit: self.spec.inconclusive_limit,
            consecutive_error_limit: self.spec.consecutive_error_limit,
            measurements: self.measurements.clone(),
        })
    }

    /// Record the result of a query taken at `now` and return its classification.
    ///
    /// A measurement may be recorded before it was due (the schedule then restarts from
    /// `now`), but not after the metric is decided, and not with a time earlier than the
    /// previous measurement.
    pub fn record(&mut self, now: f64, sample: Sample) -> Result<MeasurementResult, AnalysisError> {
        if self.status.is_some() {
            return Err(AnalysisError::AlreadyFinished {
                metric: self.spec.name.clone(),
            });
        }
        let previous = self.measurements.last().map_or(0.0, |m| m.at_seconds);
        if !now.is_finite() || now < previous {
            return Err(AnalysisError::TimeWentBackwards {
                metric: self.spec.name.clone(),
                at: now,
                previous,
            });
        }
        let result = classify(&self.spec.condition, &sample);
        match &result {
            MeasurementResult::Successful => {
                self.successful += 1;
                self.consecutive_errors = 0;
            }
            MeasurementResult::Failed { .. } => {
                self.failed += 1;
                self.consecutive_errors = 0;
            }
            MeasurementResult::Inconclusive { .. } => {
                self.inconclusive += 1;
                self.consecutive_errors = 0;
            }
            MeasurementResult::Error { .. } => {
                self.errors += 1;
                self.consecutive_errors += 1;
            }
        }
        let values = match sample {
            Sample::Values(values) => values,
            Sample::Error(_) => Vec::new(),
        };
        self.status = self.decide();
        self.next_due = now + self.spec.interval_seconds;
        self.measurements.push(Measurement {
            at_seconds: now,
            values,
            result: result.clone(),
        });
        Ok(result)
    }

    fn decide(&self) -> Option<MetricStatus> {
        let s = &self.spec;
        if self.failed > s.failure_limit {
            Some(MetricStatus::Failed)
        } else if self.inconclusive > s.inconclusive_limit {
            Some(MetricStatus::Inconclusive)
        } else if self.consecutive_errors > s.consecutive_error_limit {
            Some(MetricStatus::Error)
        } else if self.successful + self.failed + self.inconclusive >= s.count {
            Some(MetricStatus::Successful)
        } else {
            None
        }
    }
}
