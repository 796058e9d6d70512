//! Driving the metric state machines with real (or scripted) query results.

use std::collections::HashMap;
use std::time::Duration;

use shipgate_analysis::{AnalysisError, MetricOutcome, MetricRun, MetricSpec, Sample, Step};
use tokio::task::JoinSet;

use super::InstantQuery;
use crate::Clock;

/// Run every metric gate in `specs` to its end and return their outcomes, in order.
///
/// Each spec becomes a [`MetricRun`] (validated first: an invalid spec is an error and
/// nothing is queried). All metrics run side by side on one clock: at each step the
/// driver queries every metric that is due, concurrently, records each result at the time
/// it arrived, then sleeps until the next metric is due. A query error becomes
/// [`Sample::Error`] with the error's (redacted) message, so the machine retries it and
/// ends the metric in `error` past `consecutive_error_limit`; empty results and `NaN` are
/// handed over as data (inconclusive). A slow query delays the other metrics due in the
/// same step by at most the client's timeout.
pub async fn run_metric_checks<Q: InstantQuery, C: Clock>(
    client: &Q,
    specs: &[MetricSpec],
    clock: &C,
) -> Result<Vec<MetricOutcome>, AnalysisError> {
    run_metric_checks_observed(client, specs, clock, &|_| {}).await
}

/// One measurement as it was recorded, for a caller that reports progress.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasurementSeen<'a> {
    /// The metric's name.
    pub metric: &'a str,
    /// Seconds since the run started.
    pub at_seconds: f64,
    /// How the machine classified it (`successful`, `failed`, `inconclusive`, `error`).
    pub result: &'static str,
}

/// [`run_metric_checks`], calling `observe` with each measurement as it is recorded.
pub async fn run_metric_checks_observed<Q: InstantQuery, C: Clock>(
    client: &Q,
    specs: &[MetricSpec],
    clock: &C,
    observe: &(dyn Fn(MeasurementSeen<'_>) + Send + Sync),
) -> Result<Vec<MetricOutcome>, AnalysisError> {
    let mut runs = specs
        .iter()
        .cloned()
        .map(MetricRun::new)
        .collect::<Result<Vec<_>, _>>()?;
    loop {
        let now = clock.elapsed().as_secs_f64();
        let mut due = Vec::new();
        let mut earliest: Option<f64> = None;
        for (i, run) in runs.iter().enumerate() {
            match run.next(now) {
                Step::Measure => due.push(i),
                Step::WaitUntil(t) => earliest = Some(earliest.map_or(t, |e: f64| e.min(t))),
                Step::Done(_) => {}
            }
        }
        if due.is_empty() {
            match earliest {
                None => break,
                Some(t) => {
                    clock
                        .sleep(Duration::from_secs_f64((t - now).max(0.0)))
                        .await;
                    continue;
                }
            }
        }
        let mut queries = JoinSet::new();
        let mut task_metric = HashMap::new();
        for &i in &due {
            let Some(run) = runs.get(i) else { continue };
            let source = client.clone();
            let promql = run.spec().query.clone();
            let handle = queries.spawn(async move { (i, source.instant(&promql).await) });
            task_metric.insert(handle.id(), i);
        }
        while let Some(joined) = queries.join_next_with_id().await {
            let at = clock.elapsed().as_secs_f64();
            let (i, sample) = match joined {
                Ok((_, (i, Ok(values)))) => (i, Sample::Values(values)),
                Ok((_, (i, Err(error)))) => (i, Sample::Error(error.to_string())),
                Err(error) => match task_metric.get(&error.id()) {
                    Some(&i) => (
                        i,
                        Sample::Error("the query task failed unexpectedly".into()),
                    ),
                    None => continue,
                },
            };
            if let Some(run) = runs.get_mut(i) {
                let result = run.record(at, sample)?;
                tracing::debug!(metric = %run.spec().name, at, result = result.key(), "metric measurement");
                observe(MeasurementSeen {
                    metric: &run.spec().name,
                    at_seconds: at,
                    result: result.key(),
                });
            }
        }
    }
    Ok(runs.iter().filter_map(MetricRun::outcome).collect())
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use shipgate_analysis::{MetricStatus, SeriesValue};
    use shipgate_core::Condition;

    use super::*;
    use crate::prometheus::PromError;
    use crate::ManualClock;

    type Answer = Result<Vec<SeriesValue>, PromError>;

    /// Answers each query from a script (per query text), and remembers when it was asked.
    #[derive(Clone)]
    struct Scripted {
        clock: ManualClock,
        answers: Arc<Mutex<HashMap<String, Vec<Answer>>>>,
        asked: Arc<Mutex<Vec<(String, Duration)>>>,
    }

    impl Scripted {
        fn new(clock: &ManualClock, script: Vec<(&str, Vec<Answer>)>) -> Self {
            Scripted {
                clock: clock.clone(),
                answers: Arc::new(Mutex::new(
                    script
                        .into_iter()
                        .map(|(q, a)| (q.to_string(), a))
                        .collect(),
                )),
                asked: Arc::new(Mutex::new(Vec::new())),
            }
        }

        fn asked(&self) -> Vec<(String, Duration)> {
            self.asked.lock().map(|a| a.clone()).unwrap_or_default()
        }
    }

    impl InstantQuery for Scripted {
        fn instant(
            &self,
            promql: &str,
        ) -> impl std::future::Future<Output = Result<Vec<SeriesValue>, PromError>> + Send {
            if let Ok(mut asked) = self.asked.lock() {
                asked.push((promql.to_string(), self.clock.elapsed()));
            }
            let answer = self
                .answers
                .lock()
                .ok()
                .and_then(|mut a| {
                    let list = a.get_mut(promql)?;
                    (!list.is_empty()).then(|| list.remove(0))
                })
                .unwrap_or_else(|| Ok(Vec::new()));
            std::future::ready(answer)
        }
    }

    fn spec(name: &str, condition: &str, count: u32, interval: f64) -> MetricSpec {
        let mut s = MetricSpec::new(
            name,
            name,
            Condition::parse(condition).unwrap_or_else(|e| unreachable!("{e}")),
        );
        s.count = count;
        s.interval_seconds = interval;
        s
    }

    fn value(v: f64) -> Result<Vec<SeriesValue>, PromError> {
        Ok(vec![SeriesValue::new("{}", v)])
    }

    fn unreachable_error() -> Result<Vec<SeriesValue>, PromError> {
        Err(PromError::Unreachable {
            url: "http://127.0.0.1:1/api/v1/query".into(),
            query: "q".into(),
            reason: "connection refused".into(),
        })
    }

    #[tokio::test]
    async fn measures_on_schedule_without_sleeping() {
        let clock = ManualClock::new();
        let source = Scripted::new(
            &clock,
            vec![
                ("a", vec![value(0.1), value(0.2), value(0.3)]),
                ("b", vec![value(5.0), value(50.0)]),
            ],
        );
        let specs = [spec("a", "< 1", 3, 30.0), spec("b", "< 10", 2, 10.0)];
        let started = std::time::Instant::now();
        let outcomes = run_metric_checks(&source, &specs, &clock)
            .await
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(started.elapsed() < Duration::from_secs(1));
        assert_eq!(outcomes.len(), 2);
        assert_eq!(outcomes[0].status, MetricStatus::Successful);
        assert_eq!(outcomes[1].status, MetricStatus::Failed);
        let times: Vec<(String, u64)> = source
            .asked()
            .into_iter()
            .map(|(q, t)| (q, t.as_secs()))
            .collect();
        let expected: Vec<(String, u64)> = [("a", 0), ("b", 0), ("b", 10), ("a", 30), ("a", 60)]
            .iter()
            .map(|(q, t)| (q.to_string(), *t))
            .collect();
        let mut sorted = times.clone();
        sorted.sort_by_key(|(q, t)| (*t, q.clone()));
        assert_eq!(sorted, expected);
        assert_eq!(clock.elapsed(), Duration::from_secs(60));
    }

    #[tokio::test]
    async fn each_measurement_is_observed_as_it_is_recorded() {
        let clock = ManualClock::new();
        let source = Scripted::new(&clock, vec![("a", vec![value(0.1), value(5.0)])]);
        let seen = Mutex::new(Vec::new());
        let observe = |m: MeasurementSeen<'_>| {
            if let Ok(mut s) = seen.lock() {
                s.push((m.metric.to_string(), m.at_seconds, m.result));
            }
        };
        let specs = [spec("a", "< 1", 2, 30.0)];
        let outcomes = run_metric_checks_observed(&source, &specs, &clock, &observe)
            .await
            .unwrap_or_else(|e| unreachable!("{e}"));
        let seen = seen.into_inner().unwrap_or_default();
        assert_eq!(
            seen,
            [
                ("a".to_string(), 0.0, "successful"),
                ("a".to_string(), 30.0, "failed")
            ]
        );
        assert_eq!(outcomes[0].measurements.len(), seen.len());
    }

    #[tokio::test]
    async fn errors_end_the_metric_past_the_consecutive_limit() {
        let clock = ManualClock::new();
        let source = Scripted::new(
            &clock,
            vec![(
                "q",
                vec![
                    unreachable_error(),
                    unreachable_error(),
                    unreachable_error(),
                ],
            )],
        );
        let mut s = spec("q", "< 1", 5, 1.0);
        s.consecutive_error_limit = 2;
        let outcomes = run_metric_checks(&source, &[s], &clock)
            .await
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(outcomes[0].status, MetricStatus::Error);
        assert_eq!(outcomes[0].errors, 3);
        let first = format!("{:?}", outcomes[0].measurements[0].result);
        assert!(
            first.contains("unreachable") && first.contains("connection refused"),
            "{first}"
        );
    }

    #[tokio::test]
    async fn empty_results_are_inconclusive_not_errors() {
        let clock = ManualClock::new();
        let source = Scripted::new(&clock, vec![("q", vec![Ok(vec![])])]);
        let outcomes = run_metric_checks(&source, &[spec("q", "< 1", 1, 0.0)], &clock)
            .await
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(outcomes[0].status, MetricStatus::Inconclusive);
    }

    #[tokio::test]
    async fn invalid_specs_query_nothing() {
        let clock = ManualClock::new();
        let source = Scripted::new(&clock, vec![]);
        let bad = spec("q", "< 1", 0, 0.0);
        assert!(run_metric_checks(&source, &[bad], &clock).await.is_err());
        assert!(source.asked().is_empty());
    }
}
