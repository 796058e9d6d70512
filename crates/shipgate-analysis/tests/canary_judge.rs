//! The canary judge: classification, the minimum-sample guard, the score and the verdict,
//! and the fix of Kayenta's estimate-scaled tolerance.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use proptest::prelude::*;
use shipgate_analysis::{
    hodges_lehmann_interval, judge, judge_metric, AnalysisError, CanaryVerdict, Classification,
    Direction, JudgeConfig, MetricSamples,
};
use shipgate_core::Verdict;

/// Deterministic "noise" in [-1, 1).
fn wobble(i: usize) -> f64 {
    ((i * 7919 + 13) % 1000) as f64 / 500.0 - 1.0
}

fn series(level: f64, spread: f64, n: usize, seed: usize) -> Vec<f64> {
    (0..n)
        .map(|i| level + spread * wobble(i * 31 + seed))
        .collect()
}

fn metric(name: &str, canary: Vec<f64>, baseline: Vec<f64>, direction: Direction) -> MetricSamples {
    MetricSamples {
        name: name.into(),
        canary,
        baseline,
        direction,
        allowed_change: 0.10,
        critical: false,
    }
}

fn one(m: &MetricSamples) -> shipgate_analysis::MetricJudgement {
    judge_metric(&JudgeConfig::default(), m).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn identical_samples_pass() {
    let b = series(0.01, 0.002, 60, 1);
    let j = one(&metric("error_ratio", b.clone(), b, Direction::Increase));
    assert_eq!(j.classification, Classification::Pass);
    assert_eq!(j.verdict, Verdict::Pass);
    assert_eq!(j.p_value, Some(1.0));
    assert_eq!(j.shift, Some(0.0));
    assert!(
        j.reason.starts_with("no significant difference"),
        "{}",
        j.reason
    );
}

#[test]
fn clear_regression_is_high_and_fails() {
    let j = one(&metric(
        "error_ratio",
        series(0.03, 0.003, 60, 2),
        series(0.01, 0.002, 60, 3),
        Direction::Increase,
    ));
    assert_eq!(j.classification, Classification::High);
    assert_eq!(j.verdict, Verdict::Fail);
    assert!(j.p_value.unwrap_or(1.0) < 1e-10);
    let effect = j.relative_effect.unwrap_or(0.0);
    assert!(effect > 1.5 && effect < 2.5, "{effect}");
    assert_eq!(j.canary.n, 60);
    assert!(j.reason.starts_with("canary higher"), "{}", j.reason);
    assert!(
        j.reason
            .contains("exceeds the allowed 10% of the baseline median"),
        "{}",
        j.reason
    );
}

#[test]
fn improvement_in_the_good_direction_passes() {
    let j = one(&metric(
        "error_ratio",
        series(0.002, 0.0005, 60, 4),
        series(0.01, 0.002, 60, 5),
        Direction::Increase,
    ));
    assert_eq!(j.classification, Classification::Low);
    assert_eq!(j.verdict, Verdict::Pass);
    assert!(j.reason.contains("improvement"), "{}", j.reason);
    // The same drop fails a metric where a decrease is bad, and one where either is.
    for d in [Direction::Decrease, Direction::Either] {
        let j = one(&metric(
            "throughput",
            series(0.002, 0.0005, 60, 4),
            series(0.01, 0.002, 60, 5),
            d,
        ));
        assert_eq!(j.verdict, Verdict::Fail, "{d:?}");
    }
}

#[test]
fn significant_but_within_the_allowance_passes() {
    // A +3% shift measured very precisely: significant, but under the 10% allowed.
    let b = series(100.0, 0.5, 60, 6);
    let c: Vec<f64> = b.iter().map(|v| v + 3.0).collect();
    let j = one(&metric("latency", c, b, Direction::Increase));
    assert!(j.significant);
    assert_eq!(j.classification, Classification::Pass);
    assert!(j.reason.contains("within the allowed"), "{}", j.reason);
}

#[test]
fn min_samples_guard_is_nodata() {
    let j = one(&metric(
        "m",
        series(0.03, 0.003, 19, 7),
        series(0.01, 0.002, 60, 8),
        Direction::Increase,
    ));
    assert_eq!(j.classification, Classification::NoData);
    assert_eq!(j.verdict, Verdict::Inconclusive);
    assert!(
        j.reason.contains("19 canary and 60 baseline"),
        "{}",
        j.reason
    );
    assert_eq!(j.p_value, None);
}

#[test]
fn all_nan_is_nodata_and_dropped_samples_are_counted() {
    let j = one(&metric(
        "m",
        vec![f64::NAN; 60],
        series(0.01, 0.002, 60, 9),
        Direction::Increase,
    ));
    assert_eq!(j.classification, Classification::NoData);
    assert_eq!(j.canary.dropped, 60);
    assert!(j.reason.contains("60 NaN/Inf dropped"), "{}", j.reason);
    let mut c = series(0.01, 0.002, 60, 10);
    c.extend([f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
    let j = one(&metric(
        "m",
        c,
        series(0.01, 0.002, 60, 11),
        Direction::Increase,
    ));
    assert_eq!((j.canary.n, j.canary.dropped), (60, 3));
    assert_ne!(j.classification, Classification::NoData);
}

#[test]
fn zero_baseline_uses_the_absolute_rule() {
    // Baseline without errors at all; the canary errs in a third of the steps. The HL shift
    // is 0 (most pairs are 0 − 0), but the rank test sees the difference.
    let c: Vec<f64> = (0..60)
        .map(|i| if i % 3 == 0 { 0.02 } else { 0.0 })
        .collect();
    let j = one(&metric(
        "error_ratio",
        c,
        vec![0.0; 60],
        Direction::Increase,
    ));
    assert_eq!(j.relative_effect, None);
    assert_eq!(j.baseline_center, Some(0.0));
    assert_eq!(j.classification, Classification::High);
    assert_eq!(j.verdict, Verdict::Fail);
    assert!(j.reason.contains("baseline of 0"), "{}", j.reason);
}

#[test]
fn baseline_mean_is_used_when_the_median_is_zero() {
    let b: Vec<f64> = (0..60)
        .map(|i| if i % 4 == 0 { 0.04 } else { 0.0 })
        .collect();
    let c: Vec<f64> = (0..60)
        .map(|i| if i % 4 == 0 { 0.04 } else { 0.0 })
        .collect();
    let j = one(&metric("error_ratio", c, b, Direction::Increase));
    assert_eq!(j.baseline_center, Some(0.01));
    assert_eq!(j.relative_effect, Some(0.0));
    assert_eq!(j.verdict, Verdict::Pass);
}

/// Kayenta's MannWhitneyClassifier: High when the lower confidence bound of the shift
/// exceeds `fraction × |estimate|` (fraction 0.25 by default): the band scales with the
/// estimate itself.
fn kayenta_says_high(canary: &[f64], baseline: &[f64], fraction: f64) -> bool {
    let estimate = shipgate_analysis::hodges_lehmann(canary, baseline).unwrap_or(0.0);
    let (lower, _) = hodges_lehmann_interval(canary, baseline, 0.95).unwrap_or((0.0, 0.0));
    lower > fraction * estimate.abs()
}

#[test]
fn kayenta_blind_spot_a_large_regression_widens_its_own_allowance() {
    // Baseline latency ~100 ms, tight. The canary's median doubled: 8 requests stay fast
    // (105–112 ms), 12 take 200–310 ms. Every canary sample is above every baseline sample.
    let baseline: Vec<f64> = (0..20).map(|i| 100.0 + f64::from(i) * 0.05).collect();
    let canary: Vec<f64> = (0..8)
        .map(|i| 105.0 + f64::from(i))
        .chain((0..12).map(|i| 200.0 + 10.0 * f64::from(i)))
        .collect();
    // The estimate-scaled band (±25% of a +114.5 ms shift = ±28.6 ms) exceeds the
    // interval's lower bound (10.35 ms): Kayenta's rule calls this a pass.
    assert!(!kayenta_says_high(&canary, &baseline, 0.25));
    let m = MetricSamples {
        allowed_change: 0.25,
        ..metric("latency", canary, baseline, Direction::Increase)
    };
    let j = one(&m);
    // Here the band is 25% of the baseline median (±25 ms): the +114.5 ms shift fails.
    assert!((j.allowed_band.unwrap_or(0.0) - 0.25 * 100.475).abs() < 1e-9);
    assert!((j.shift.unwrap_or(0.0) - 114.525).abs() < 1e-9);
    assert!(j.p_value.unwrap_or(1.0) < 1e-10, "{:?}", j.p_value);
    assert_eq!(j.classification, Classification::High);
    assert_eq!(j.verdict, Verdict::Fail);
}

#[test]
fn kayenta_blind_spot_a_negligible_shift_is_flagged_by_the_estimate_scaled_band() {
    // The other side of the same flaw: a +0.5% shift measured precisely has a tiny
    // estimate-scaled band, so Kayenta flags it; against the baseline level it is noise.
    let baseline = series(100.0, 0.05, 60, 12);
    let canary: Vec<f64> = baseline.iter().map(|v| v + 0.5).collect();
    assert!(kayenta_says_high(&canary, &baseline, 0.25));
    let j = one(&metric("latency", canary, baseline, Direction::Increase));
    assert!(j.significant);
    assert_eq!(j.verdict, Verdict::Pass);
}

fn healthy(name: &str, seed: usize) -> MetricSamples {
    metric(
        name,
        series(1.0, 0.1, 60, seed),
        series(1.0, 0.1, 60, seed + 1000),
        Direction::Increase,
    )
}

fn regressed(name: &str, critical: bool) -> MetricSamples {
    MetricSamples {
        critical,
        ..metric(
            name,
            series(2.0, 0.1, 60, 5),
            series(1.0, 0.1, 60, 6),
            Direction::Increase,
        )
    }
}

#[test]
fn critical_failure_fails_the_analysis_even_at_a_high_score() {
    let mut metrics: Vec<MetricSamples> = (0..19).map(|i| healthy(&format!("m{i}"), i)).collect();
    metrics.push(regressed("error_ratio", true));
    let a = judge(&JudgeConfig::default(), &metrics).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.score, 95.0);
    assert_eq!(a.outcome, CanaryVerdict::Fail);
    assert_eq!(a.verdict(), Verdict::Fail);
    assert!(
        a.reason.contains("critical metric failed: error_ratio"),
        "{}",
        a.reason
    );
    // The same failure on a non-critical metric: score 95 passes.
    metrics.pop();
    metrics.push(regressed("error_ratio", false));
    let a = judge(&JudgeConfig::default(), &metrics).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.outcome, CanaryVerdict::Pass);
}

#[test]
fn marginal_fails_unless_allowed() {
    let mut metrics: Vec<MetricSamples> = (0..4).map(|i| healthy(&format!("m{i}"), i)).collect();
    metrics.push(regressed("latency", false));
    let a = judge(&JudgeConfig::default(), &metrics).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((a.score, a.outcome), (80.0, CanaryVerdict::Marginal));
    assert_eq!(a.verdict(), Verdict::Fail);
    let allow = JudgeConfig {
        allow_marginal: true,
        ..JudgeConfig::default()
    };
    let a = judge(&allow, &metrics).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.verdict(), Verdict::Warn);
    // Below the marginal score: fail.
    metrics.push(regressed("cpu", false));
    let a = judge(&JudgeConfig::default(), &metrics).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.outcome, CanaryVerdict::Fail);
}

#[test]
fn nodata_counts_as_not_passing_and_all_nodata_is_inconclusive() {
    let none = metric("nodata", vec![], vec![], Direction::Increase);
    let a = judge(&JudgeConfig::default(), std::slice::from_ref(&none))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.outcome, CanaryVerdict::Inconclusive);
    assert_eq!(a.verdict(), Verdict::Inconclusive);
    let a = judge(&JudgeConfig::default(), &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.outcome, CanaryVerdict::Inconclusive);
    // One of four without data: score 75 → marginal, not pass.
    let metrics = vec![
        healthy("a", 1),
        healthy("b", 2),
        healthy("c", 3),
        none.clone(),
    ];
    let a = judge(&JudgeConfig::default(), &metrics).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((a.score, a.outcome), (75.0, CanaryVerdict::Marginal));
    // A critical metric without data is never passed, whatever the score.
    let mut metrics: Vec<MetricSamples> = (0..30).map(|i| healthy(&format!("m{i}"), i)).collect();
    metrics.push(MetricSamples {
        critical: true,
        ..none
    });
    let a = judge(&JudgeConfig::default(), &metrics).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.outcome, CanaryVerdict::Inconclusive);
}

#[test]
fn gate_results_carry_summaries_and_the_test() {
    let a = judge(&JudgeConfig::default(), &[regressed("error_ratio", true)])
        .unwrap_or_else(|e| panic!("{e}"));
    let g = a.gate_results();
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].id, "CA-error_ratio");
    assert_eq!(g[0].threshold.as_deref(), Some("<= +10%"));
    assert_eq!(g[0].verdict, Verdict::Fail);
    assert!(
        g[0].evidence[0].starts_with("canary: n=60 dropped=0"),
        "{:?}",
        g[0].evidence
    );
    assert!(
        g[0].evidence[2].starts_with("Mann-Whitney U=3600"),
        "{:?}",
        g[0].evidence
    );
    assert!(
        g[0].evidence[3].contains("classification=high (critical)"),
        "{:?}",
        g[0].evidence
    );
}

#[test]
fn invalid_settings_are_errors() {
    let bad_alpha = JudgeConfig {
        alpha: 0.0,
        ..JudgeConfig::default()
    };
    assert!(matches!(
        judge(&bad_alpha, &[]),
        Err(AnalysisError::InvalidJudgeConfig { .. })
    ));
    let bad_scores = JudgeConfig {
        marginal_score: 99.0,
        ..JudgeConfig::default()
    };
    assert!(judge(&bad_scores, &[]).is_err());
    let m = MetricSamples {
        allowed_change: f64::NAN,
        ..healthy("a", 1)
    };
    assert!(matches!(
        judge(&JudgeConfig::default(), &[m]),
        Err(AnalysisError::InvalidCanaryMetric { .. })
    ));
    assert!(judge(&JudgeConfig::default(), &[healthy("a", 1), healthy("a", 2)]).is_err());
}

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => -1e3f64..1e3,
        1 => Just(0.0),
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => proptest::num::f64::ANY,
    ]
}

proptest! {
    #[test]
    fn judgements_hold_up_whatever_the_samples(
        c in proptest::collection::vec(any_f64(), 0..70),
        b in proptest::collection::vec(any_f64(), 0..70),
        min in 0usize..25,
        dir in prop_oneof![Just(Direction::Increase), Just(Direction::Decrease), Just(Direction::Either)],
    ) {
        let config = JudgeConfig { min_samples: min, ..JudgeConfig::default() };
        let (m_canary, m_baseline) = (c.clone(), b.clone());
        let m = MetricSamples { name: "m".into(), canary: c, baseline: b, direction: dir, allowed_change: 0.1, critical: true };
        let a = judge(&config, &[m]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let j = &a.metrics[0];
        if let Some(p) = j.p_value {
            prop_assert!((0.0..=1.0).contains(&p));
        }
        prop_assert!((0.0..=100.0).contains(&a.score));
        if j.classification == Classification::NoData {
            prop_assert_eq!(a.verdict(), Verdict::Inconclusive);
        }
        // Only finite samples count: the rest are dropped, and said to be.
        let finite = |v: &[f64]| v.iter().filter(|x| x.is_finite()).count();
        let (cf, bf) = (finite(&m_canary), finite(&m_baseline));
        prop_assert_eq!((j.canary.n, j.baseline.n), (cf, bf));
        prop_assert_eq!(j.canary.dropped + j.baseline.dropped, m_canary.len() + m_baseline.len() - cf - bf);
        // Too few finite samples on either side is no data, never a pass.
        if cf < min.max(1) || bf < min.max(1) {
            prop_assert_eq!(j.classification, Classification::NoData);
            prop_assert_ne!(a.verdict(), Verdict::Pass);
        }
        // The same samples judge the same way, and as their finite part alone.
        let again = judge(&config, &[MetricSamples { name: "m".into(), canary: m_canary.clone(), baseline: m_baseline.clone(), direction: dir, allowed_change: 0.1, critical: true }])
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(format!("{:?}", again.metrics[0]), format!("{:?}", j));
        let keep = |v: &[f64]| v.iter().copied().filter(|x| x.is_finite()).collect::<Vec<_>>();
        let clean = judge(&config, &[MetricSamples { name: "m".into(), canary: keep(&m_canary), baseline: keep(&m_baseline), direction: dir, allowed_change: 0.1, critical: true }])
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(clean.metrics[0].classification, j.classification);
        prop_assert_eq!(format!("{:?}", clean.metrics[0].p_value), format!("{:?}", j.p_value));
        prop_assert_eq!(clean.verdict(), a.verdict());
    }

    #[test]
    fn swapping_sides_gives_the_same_p(
        c in proptest::collection::vec(-10.0f64..10.0, 20..50),
        b in proptest::collection::vec(-10.0f64..10.0, 20..50),
    ) {
        let j1 = one(&metric("m", c.clone(), b.clone(), Direction::Either));
        let j2 = one(&metric("m", b, c, Direction::Either));
        let (p1, p2) = (j1.p_value.unwrap_or(-1.0), j2.p_value.unwrap_or(-2.0));
        prop_assert!((p1 - p2).abs() <= 1e-12 * p1.max(1e-300));
    }
}
