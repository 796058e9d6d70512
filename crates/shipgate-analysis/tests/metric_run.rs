//! The metric state machine driven by an injected clock and injected samples.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use proptest::prelude::*;
use shipgate_analysis::{
    metric_gate_result, metric_gate_results, run_verdict, AnalysisError, MeasurementResult,
    MetricOutcome, MetricRun, MetricSpec, MetricStatus, Sample, SeriesValue, Step,
};
use shipgate_core::{Condition, Verdict};

fn spec(
    condition: &str,
    count: u32,
    failure_limit: u32,
    inconclusive_limit: u32,
    error_limit: u32,
) -> MetricSpec {
    let condition = Condition::parse(condition).unwrap_or_else(|e| panic!("{e}"));
    MetricSpec {
        name: "error_ratio".into(),
        query: "sum(rate(errors[30s])) / sum(rate(requests[30s]))".into(),
        condition,
        count,
        interval_seconds: 30.0,
        failure_limit,
        inconclusive_limit,
        consecutive_error_limit: error_limit,
    }
}

/// Drive the machine with a fake clock; return the outcome, the times measurements were
/// taken, and how many samples were consumed.
fn drive(spec: MetricSpec, samples: Vec<Sample>) -> (MetricOutcome, Vec<f64>) {
    let mut run = MetricRun::new(spec).unwrap_or_else(|e| panic!("{e}"));
    let mut samples = samples.into_iter();
    let mut now = 0.0;
    let mut times = Vec::new();
    for _ in 0..1000 {
        match run.next(now) {
            Step::Measure => {
                let s = samples
                    .next()
                    .unwrap_or_else(|| panic!("ran out of samples at t={now}"));
                times.push(now);
                run.record(now, s).unwrap_or_else(|e| panic!("{e}"));
            }
            Step::WaitUntil(t) => {
                assert!(t > now, "waits move forward");
                now = t;
            }
            Step::Done(outcome) => return (outcome, times),
        }
    }
    panic!("did not terminate")
}

fn ok() -> Sample {
    Sample::value(0.0005)
}
fn bad() -> Sample {
    Sample::value(0.0031)
}
fn err() -> Sample {
    Sample::error("connection refused")
}
fn empty() -> Sample {
    Sample::Values(vec![])
}

#[test]
fn count_reached_is_successful_and_waits_are_interval_apart() {
    let (o, times) = drive(
        spec("< 0.001", 5, 0, 0, 2),
        vec![ok(), ok(), ok(), ok(), ok()],
    );
    assert_eq!(o.status, MetricStatus::Successful);
    assert_eq!(times, vec![0.0, 30.0, 60.0, 90.0, 120.0]);
    assert_eq!(o.measurements.len(), 5);
    assert_eq!(o.verdict(), Verdict::Pass);
}

#[test]
fn next_before_due_says_wait_and_measure_when_due() {
    let mut run = MetricRun::new(spec("< 0.001", 3, 0, 0, 0)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.next(0.0), Step::Measure);
    assert_eq!(run.record(2.5, ok()), Ok(MeasurementResult::Successful));
    assert_eq!(run.next(3.0), Step::WaitUntil(32.5));
    assert_eq!(run.next(32.4), Step::WaitUntil(32.5));
    assert_eq!(run.next(32.5), Step::Measure);
    // A late poll measures at once; the schedule restarts from that time.
    assert_eq!(run.next(50.0), Step::Measure);
    assert!(run.record(50.0, ok()).is_ok());
    assert_eq!(run.next(51.0), Step::WaitUntil(80.0));
}

#[test]
fn failure_limit_zero_fails_on_the_first_failure() {
    let (o, times) = drive(spec("< 0.001", 5, 0, 0, 2), vec![ok(), bad()]);
    assert_eq!(o.status, MetricStatus::Failed);
    assert_eq!(times.len(), 2, "stops early");
    assert_eq!(o.verdict(), Verdict::Fail);
}

#[test]
fn failure_limit_is_exact_at_the_boundary() {
    // Two failures tolerated: three good + two bad → still successful.
    let (o, _) = drive(
        spec("< 0.001", 5, 2, 0, 0),
        vec![bad(), ok(), bad(), ok(), ok()],
    );
    assert_eq!(o.status, MetricStatus::Successful);
    assert_eq!((o.successful, o.failed), (3, 2));
    // The third failure crosses it.
    let (o, times) = drive(spec("< 0.001", 5, 2, 0, 0), vec![bad(), bad(), bad()]);
    assert_eq!(o.status, MetricStatus::Failed);
    assert_eq!(times.len(), 3);
}

#[test]
fn inconclusive_limit_is_exact_at_the_boundary() {
    let (o, _) = drive(spec("< 0.001", 3, 0, 1, 0), vec![empty(), ok(), ok()]);
    assert_eq!(o.status, MetricStatus::Successful);
    let (o, times) = drive(
        spec("< 0.001", 5, 0, 1, 0),
        vec![empty(), Sample::value(f64::NAN)],
    );
    assert_eq!(o.status, MetricStatus::Inconclusive);
    assert_eq!(times.len(), 2);
    assert_eq!(o.verdict(), Verdict::Inconclusive);
}

#[test]
fn empty_nan_and_inf_are_inconclusive_never_pass() {
    for s in [
        empty(),
        Sample::value(f64::NAN),
        Sample::value(f64::INFINITY),
        Sample::value(f64::NEG_INFINITY),
    ] {
        let (o, _) = drive(spec("< 0.001", 1, 0, 0, 0), vec![s]);
        assert_eq!(o.status, MetricStatus::Inconclusive);
    }
}

#[test]
fn consecutive_errors_past_the_limit_are_an_error() {
    let (o, times) = drive(spec("< 0.001", 5, 0, 0, 2), vec![err(), err(), err()]);
    assert_eq!(o.status, MetricStatus::Error);
    assert_eq!(
        times,
        vec![0.0, 30.0, 60.0],
        "errors are retried at the interval"
    );
    assert_eq!(o.verdict(), Verdict::Error);
    assert_eq!(run_verdict(&[o]), Verdict::Error);
}

#[test]
fn consecutive_errors_are_reset_by_a_good_measurement() {
    // Limit 1: error, error would end it; error, ok, error, ok... never does.
    let samples = vec![err(), ok(), err(), ok(), err(), ok()];
    let (o, times) = drive(spec("< 0.001", 3, 0, 0, 1), samples);
    assert_eq!(o.status, MetricStatus::Successful);
    assert_eq!((o.successful, o.errors), (3, 3));
    assert_eq!(times.len(), 6, "errors do not count toward count");
    // An inconclusive or failed measurement resets it too.
    let (o, _) = drive(
        spec("< 0.001", 3, 1, 1, 1),
        vec![err(), empty(), err(), bad(), err(), ok()],
    );
    assert_eq!(o.status, MetricStatus::Successful);
}

#[test]
fn zero_error_limit_stops_at_the_first_error() {
    let (o, _) = drive(spec("< 0.001", 3, 0, 0, 0), vec![ok(), err()]);
    assert_eq!(o.status, MetricStatus::Error);
    assert!(matches!(
        o.measurements.last().map(|m| &m.result),
        Some(MeasurementResult::Error { message }) if message == "connection refused"
    ));
}

#[test]
fn multi_series_failure_names_the_series() {
    let s = Sample::series([(r#"{version="v1"}"#, 0.0002), (r#"{version="v2"}"#, 0.0031)]);
    let (o, _) = drive(spec("< 0.001", 1, 0, 0, 0), vec![s]);
    assert_eq!(o.status, MetricStatus::Failed);
    let m = &o.measurements[0];
    assert_eq!(
        m.result,
        MeasurementResult::Failed {
            failing: vec![SeriesValue::new(r#"{version="v2"}"#, 0.0031)]
        }
    );
    assert_eq!(m.values.len(), 2, "every series is kept");
    let g = metric_gate_result(&o);
    assert!(
        g.message.contains(r#"0.0031 (series {version="v2"})"#),
        "{}",
        g.message
    );
    assert!(
        g.message.contains(r#"0.0002 (series {version="v1"})"#),
        "{}",
        g.message
    );
}

#[test]
fn gate_result_shows_values_next_to_the_condition() {
    let (o, _) = drive(
        spec("< 0.001", 3, 0, 0, 0),
        vec![
            Sample::value(0.0002),
            Sample::value(0.0009),
            Sample::value(0.0031),
        ],
    );
    let g = metric_gate_result(&o);
    assert_eq!(g.id, "MG-error_ratio");
    assert_eq!(g.verdict, Verdict::Fail);
    assert_eq!(g.threshold.as_deref(), Some("< 0.001"));
    assert_eq!(
        g.measured.map(|m| m.value),
        Some(0.0031),
        "worst value for `<`"
    );
    assert!(
        g.message.ends_with("0.0002, 0.0009, 0.0031"),
        "{}",
        g.message
    );
    assert!(
        g.message.contains("1 measurement failed `< 0.001`"),
        "{}",
        g.message
    );
    assert_eq!(g.evidence.len(), 4, "query + one line per measurement");
    assert!(
        g.evidence[3].starts_with("t+1m failed: 0.0031"),
        "{:?}",
        g.evidence
    );
}

#[test]
fn gate_result_for_greater_than_takes_the_minimum() {
    let (o, _) = drive(
        spec(">= 99%", 2, 0, 0, 0),
        vec![Sample::value(0.999), Sample::value(0.995)],
    );
    let g = metric_gate_result(&o);
    assert_eq!(g.verdict, Verdict::Pass);
    assert_eq!(g.measured.map(|m| m.display()), Some("99.50%".to_string()));
}

#[test]
fn gate_result_lists_empty_and_errors_in_order() {
    let (o, _) = drive(
        spec("< 0.001", 3, 0, 1, 1),
        vec![
            Sample::value(0.0001),
            err(),
            empty(),
            Sample::value(f64::NAN),
        ],
    );
    assert_eq!(o.status, MetricStatus::Inconclusive);
    let g = metric_gate_result(&o);
    assert!(
        g.message.ends_with("0.0001, error, empty, not a number"),
        "{}",
        g.message
    );
    assert_eq!(g.measured.map(|m| m.value), Some(0.0001));
    assert!(g
        .evidence
        .iter()
        .any(|e| e.contains("error: connection refused")));
}

#[test]
fn run_verdict_combines_metrics() {
    let pass = drive(spec("< 0.001", 1, 0, 0, 0), vec![ok()]).0;
    let fail = drive(spec("< 0.001", 1, 0, 0, 0), vec![bad()]).0;
    let inconclusive = drive(spec("< 0.001", 1, 0, 0, 0), vec![empty()]).0;
    let error = drive(spec("< 0.001", 1, 0, 0, 0), vec![err()]).0;
    assert_eq!(run_verdict(&[pass.clone(), pass.clone()]), Verdict::Pass);
    assert_eq!(run_verdict(&[pass.clone(), fail.clone()]), Verdict::Fail);
    assert_eq!(
        run_verdict(&[pass.clone(), inconclusive.clone()]),
        Verdict::Inconclusive
    );
    assert_eq!(
        run_verdict(&[fail.clone(), inconclusive.clone()]),
        Verdict::Fail
    );
    assert_eq!(run_verdict(&[fail, error.clone()]), Verdict::Error);
    assert_eq!(run_verdict(&[]), Verdict::Inconclusive);
    assert_eq!(metric_gate_results(&[pass, error]).len(), 2);
}

#[test]
fn misuse_is_an_error_not_a_panic() {
    let mut run = MetricRun::new(spec("< 0.001", 1, 0, 0, 0)).unwrap_or_else(|e| panic!("{e}"));
    assert!(run.record(10.0, ok()).is_ok());
    assert!(matches!(
        run.record(40.0, ok()),
        Err(AnalysisError::AlreadyFinished { .. })
    ));
    let mut run = MetricRun::new(spec("< 0.001", 2, 0, 0, 0)).unwrap_or_else(|e| panic!("{e}"));
    assert!(run.record(10.0, ok()).is_ok());
    assert!(matches!(
        run.record(5.0, ok()),
        Err(AnalysisError::TimeWentBackwards { .. })
    ));
    assert!(matches!(
        run.record(f64::NAN, ok()),
        Err(AnalysisError::TimeWentBackwards { .. })
    ));
}

#[test]
fn invalid_specs_are_rejected() {
    assert!(MetricRun::new(spec("< 0.001", 0, 0, 0, 0)).is_err());
    let mut s = spec("< 0.001", 1, 0, 0, 0);
    s.interval_seconds = f64::NAN;
    assert!(MetricRun::new(s).is_err());
    assert!(MetricRun::new(spec("<= +10%", 1, 0, 0, 0)).is_err());
    let mut s = spec("< 0.001", 1, 0, 0, 0);
    s.name = " ".into();
    assert!(MetricRun::new(s).is_err());
}

fn arb_sample() -> impl Strategy<Value = Sample> {
    prop_oneof![
        (0.0f64..0.002).prop_map(Sample::value),
        Just(Sample::Values(vec![])),
        Just(Sample::value(f64::NAN)),
        Just(Sample::error("timeout")),
    ]
}

proptest! {
    /// Whatever the samples, the machine terminates within its bound, the counters match
    /// the recorded measurements, and the status obeys the limits.
    #[test]
    fn terminates_and_obeys_the_limits(
        count in 1u32..6, fl in 0u32..3, il in 0u32..3, el in 0u32..3,
        samples in proptest::collection::vec(arb_sample(), 60),
    ) {
        let bound = (count * (el + 1) + el) as usize;
        let (o, times) = drive(spec("< 0.001", count, fl, il, el), samples);
        prop_assert!(times.len() <= bound);
        prop_assert!(times.windows(2).all(|w| (w[1] - w[0] - 30.0).abs() < 1e-9));
        let conclusive = o.successful + o.failed + o.inconclusive;
        prop_assert_eq!((conclusive + o.errors) as usize, o.measurements.len());
        match o.status {
            MetricStatus::Successful => prop_assert!(conclusive == count && o.failed <= fl && o.inconclusive <= il),
            MetricStatus::Failed => prop_assert_eq!(o.failed, fl + 1),
            MetricStatus::Inconclusive => prop_assert_eq!(o.inconclusive, il + 1),
            MetricStatus::Error => {
                let tail_all_errors = o.measurements.iter().rev().take((el + 1) as usize)
                    .all(|m| matches!(m.result, MeasurementResult::Error { .. }));
                prop_assert!(tail_all_errors);
            }
        }
    }
}
