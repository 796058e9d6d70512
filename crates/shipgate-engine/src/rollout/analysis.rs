//! The rollout's background analysis over Prometheus: the `metrics:` checks the rollout
//! names, one measurement each per round, with `{{version}}` and `{{stable}}` substituted,
//! judged with the landed measurement semantics (failure, inconclusive and
//! consecutive-error limits), counted over the whole rollout.
//!
//! Before `initial_delay` (counted from the canary's first traffic) an empty result is "not
//! yet", not inconclusive: the canary has not served enough to be measured.

use std::time::Duration;

use shipgate_analysis::{classify, InconclusiveReason, MeasurementResult, Sample};
use shipgate_config::MetricCheckConfig;
use shipgate_core::Condition;
use shipgate_http::prometheus::PrometheusClient;
use shipgate_rollout::CheckRound;

use super::world::Tick;

/// One metric check, measured every round for as long as the rollout runs.
#[derive(Debug, Clone)]
struct Check {
    name: String,
    query: String,
    condition: Condition,
    failure_limit: u64,
    inconclusive_limit: u64,
    consecutive_error_limit: u64,
    failed: u64,
    inconclusive: u64,
    consecutive_errors: u64,
}

/// The metric checks of a rollout's analysis.
#[derive(Debug, Clone)]
pub struct MetricsAnalysis {
    client: PrometheusClient,
    checks: Vec<Check>,
    initial_delay: Duration,
}

impl MetricsAnalysis {
    /// The checks `configs`, their queries already substituted by `query`.
    pub fn new(
        client: PrometheusClient,
        configs: &[&MetricCheckConfig],
        query: impl Fn(&str) -> String,
        initial_delay: Duration,
    ) -> Self {
        let checks = configs
            .iter()
            .map(|c| Check {
                name: c.name.clone(),
                query: query(&c.query),
                condition: c.condition.clone(),
                failure_limit: c.failure_limit,
                inconclusive_limit: c.inconclusive_limit,
                consecutive_error_limit: c.consecutive_error_limit,
                failed: 0,
                inconclusive: 0,
                consecutive_errors: 0,
            })
            .collect();
        MetricsAnalysis {
            client,
            checks,
            initial_delay,
        }
    }

    /// One round: every check measured once; the worst result is the round's. `step_end`:
    /// no data is no longer "not yet" because of the initial delay.
    pub async fn tick(&mut self, traffic_for: Duration, step_end: bool) -> (Tick, Vec<CheckRound>) {
        let early = traffic_for < self.initial_delay && !step_end;
        let mut tick = Tick::Healthy;
        let mut rows = Vec::with_capacity(self.checks.len());
        for check in &mut self.checks {
            let sample = match self.client.query(&check.query, None).await {
                Ok(values) => Sample::Values(values),
                Err(e) => Sample::Error(e.to_string()),
            };
            let result = judge(check, &sample, early);
            rows.push(row(check, &sample, &result));
            tick = tick.worst(result);
        }
        (tick, rows)
    }
}

/// The values of a sample as the reports show them.
fn measured(sample: &Sample) -> String {
    match sample {
        Sample::Values(values) if values.is_empty() => "no data".to_string(),
        Sample::Values(values) => values
            .iter()
            .map(|v| match v.labels.as_str() {
                "" | "{}" => shipgate_core::format_value(v.value),
                labels => format!("{labels} {}", shipgate_core::format_value(v.value)),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Sample::Error(message) => message.clone(),
    }
}

fn row(check: &Check, sample: &Sample, result: &Tick) -> CheckRound {
    CheckRound {
        name: check.name.clone(),
        condition: check.condition.to_string(),
        measured: measured(sample),
        value: match sample {
            Sample::Values(values) => values.first().map(|v| v.value).filter(|v| v.is_finite()),
            Sample::Error(_) => None,
        },
        result: result.key().to_string(),
        failed: check.failed,
        failure_limit: check.failure_limit,
        inconclusive: check.inconclusive,
        inconclusive_limit: check.inconclusive_limit,
        consecutive_errors: check.consecutive_errors,
        consecutive_error_limit: check.consecutive_error_limit,
    }
}

/// Count one measurement of `check`; `early` before the initial delay.
fn judge(check: &mut Check, sample: &Sample, early: bool) -> Tick {
    let values = measured(sample);
    match classify(&check.condition, sample) {
        MeasurementResult::Successful => {
            check.consecutive_errors = 0;
            Tick::Healthy
        }
        MeasurementResult::Failed { .. } => {
            check.consecutive_errors = 0;
            check.failed += 1;
            let why = format!(
                "{}: {values} does not satisfy {} (failed measurement {} of {} tolerated)",
                check.name, check.condition, check.failed, check.failure_limit
            );
            if check.failed > check.failure_limit {
                Tick::Failed(why)
            } else {
                Tick::NotYet(why)
            }
        }
        // no data, or a ratio of no traffic (0/0): the canary has not served enough yet
        MeasurementResult::Inconclusive {
            reason: InconclusiveReason::Empty | InconclusiveReason::NonFinite { .. },
        } if early => Tick::NotYet(format!(
            "{}: no data yet (within the initial delay)",
            check.name
        )),
        MeasurementResult::Inconclusive { reason } => {
            check.consecutive_errors = 0;
            check.inconclusive += 1;
            let why = match reason {
                InconclusiveReason::Empty => "the query returned no data".to_string(),
                other => format!("{other:?}"),
            };
            let why = format!(
                "{}: inconclusive, {why} (inconclusive measurement {} of {} tolerated)",
                check.name, check.inconclusive, check.inconclusive_limit
            );
            if check.inconclusive > check.inconclusive_limit {
                Tick::Failed(why)
            } else {
                Tick::NotYet(why)
            }
        }
        MeasurementResult::Error { message } => {
            check.consecutive_errors += 1;
            let why = format!(
                "{}: {message} ({} times in a row, {} tolerated)",
                check.name, check.consecutive_errors, check.consecutive_error_limit
            );
            if check.consecutive_errors > check.consecutive_error_limit {
                Tick::Failed(why)
            } else {
                Tick::NotYet(why)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

    use super::*;
    use shipgate_analysis::SeriesValue;

    fn check(failure_limit: u64, consecutive_error_limit: u64) -> Check {
        Check {
            name: "error_ratio".into(),
            query: "q".into(),
            condition: Condition::parse("< 0.05").unwrap(),
            failure_limit,
            inconclusive_limit: 0,
            consecutive_error_limit,
            failed: 0,
            inconclusive: 0,
            consecutive_errors: 0,
        }
    }

    fn value(v: f64) -> Sample {
        Sample::Values(vec![SeriesValue::new("", v)])
    }

    #[test]
    fn limits_count_over_the_rollout_and_no_data_is_not_yet_only_early() {
        let mut c = check(1, 2);
        assert_eq!(judge(&mut c, &value(0.01), false), Tick::Healthy);
        assert!(matches!(
            judge(&mut c, &value(0.10), false),
            Tick::NotYet(_)
        )); // one tolerated
        match judge(&mut c, &value(0.10), false) {
            Tick::Failed(why) => assert!(why.contains("0.1 does not satisfy < 0.05"), "{why}"),
            other => panic!("{other:?}"),
        }
        let mut c = check(0, 2);
        let empty = Sample::Values(vec![]);
        assert!(matches!(judge(&mut c, &empty, true), Tick::NotYet(_)));
        assert!(matches!(judge(&mut c, &empty, false), Tick::Failed(_)));
        // Prometheus unreachable: tolerated twice in a row, the third rolls back
        let mut c = check(0, 2);
        let down = Sample::Error("Prometheus unreachable".into());
        assert!(matches!(judge(&mut c, &down, false), Tick::NotYet(_)));
        assert_eq!(judge(&mut c, &value(0.0), false), Tick::Healthy); // resets the run
        assert!(matches!(judge(&mut c, &down, false), Tick::NotYet(_)));
        assert!(matches!(judge(&mut c, &down, false), Tick::NotYet(_)));
        assert!(
            matches!(judge(&mut c, &down, false), Tick::Failed(ref w) if w.contains("3 times in a row, 2 tolerated"))
        );
        // NaN (0/0: no traffic yet) waits within the initial delay, and is never a pass
        let mut c = check(0, 2);
        assert!(matches!(
            judge(&mut c, &value(f64::NAN), true),
            Tick::NotYet(_)
        ));
        assert!(matches!(
            judge(&mut c, &value(f64::NAN), false),
            Tick::Failed(_)
        ));
    }
}
