//! Mann-Whitney U and Hodges-Lehmann against reference values computed with SciPy 1.17
//! (`scipy.stats.mannwhitneyu(x, y, method=...)`, two-sided; the statistic is U of `x`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use proptest::prelude::*;
use shipgate_analysis::{hodges_lehmann, mann_whitney_u, PValueMethod};

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(f64::MIN_POSITIVE)
}

#[test]
fn exact_small_samples() {
    // mannwhitneyu([1.1,2.3,3.5,4.2,5.9], [0.5,0.8,1.9,2.2,2.7,3.0], method="exact")
    // → statistic 24.0, pvalue 0.12554112554112554 (= 58/462).
    let r = mann_whitney_u(&[1.1, 2.3, 3.5, 4.2, 5.9], &[0.5, 0.8, 1.9, 2.2, 2.7, 3.0])
        .unwrap_or_else(|| panic!("test"));
    assert_eq!(r.method, PValueMethod::Exact);
    assert_eq!(r.u, 24.0);
    assert!(
        close(r.p_value, 0.125_541_125_541_125_54, 1e-12),
        "{}",
        r.p_value
    );
}

fn twenty_by_twenty() -> (Vec<f64>, Vec<f64>) {
    let x = (0..20)
        .map(|i| f64::from(i * 37 % 101) / 10.0 + 0.05)
        .collect();
    let y = (0..20).map(|i| f64::from(i * 53 % 97) / 10.0).collect();
    (x, y)
}

#[test]
fn exact_at_the_size_limit_and_normal_beyond() {
    // 20 × 20 = 400 = EXACT_MAX_PRODUCT, no ties: exact 0.4945234964967034
    // (normal approximation would give 0.49033426450951045).
    let (x, y) = twenty_by_twenty();
    let r = mann_whitney_u(&x, &y).unwrap_or_else(|| panic!("test"));
    assert_eq!((r.u, r.method), (226.0, PValueMethod::Exact));
    assert!(
        close(r.p_value, 0.494_523_496_496_703_4, 1e-12),
        "{}",
        r.p_value
    );
    // One more baseline sample (20 × 21 > 400) switches to the normal approximation.
    let mut y2 = y.clone();
    y2.push(100.0);
    let r2 = mann_whitney_u(&x, &y2).unwrap_or_else(|| panic!("test"));
    assert_eq!(r2.method, PValueMethod::Normal);
}

#[test]
fn exact_complete_separation() {
    // x all above y, 20 × 20: p = 2 / C(40, 20) = 1.4508889103849684e-11.
    let x: Vec<f64> = (0..20).map(|i| 10.0 + f64::from(i)).collect();
    let y: Vec<f64> = (0..20).map(|i| f64::from(i) * 0.5).collect();
    let r = mann_whitney_u(&x, &y).unwrap_or_else(|| panic!("test"));
    assert_eq!(r.u, 400.0);
    assert!(
        close(r.p_value, 1.450_888_910_384_968_4e-11, 1e-10),
        "{}",
        r.p_value
    );
}

#[test]
fn normal_with_ties() {
    // x = [(7i) mod 11 for i < 30], y = [(5i) mod 9 for i < 40], method="asymptotic":
    // statistic 726.5, pvalue 0.13293057457448323 (tie- and continuity-corrected).
    let x: Vec<f64> = (0..30).map(|i| f64::from((i * 7) % 11)).collect();
    let y: Vec<f64> = (0..40).map(|i| f64::from((i * 5) % 9)).collect();
    let r = mann_whitney_u(&x, &y).unwrap_or_else(|| panic!("test"));
    assert_eq!(r.method, PValueMethod::Normal);
    assert!(r.ties);
    assert_eq!(r.u, 726.5);
    assert!(
        close(r.p_value, 0.132_930_574_574_483_23, 1e-10),
        "{}",
        r.p_value
    );
}

#[test]
fn normal_with_few_ties_60_by_60() {
    // x = [(7919 i mod 1009)/1000], y = [(104729 i mod 1013)/1000 + 0.1], i < 60:
    // statistic 1514.0, pvalue 0.1340042266614501.
    let x: Vec<f64> = (0..60u64)
        .map(|i| ((i * 7919) % 1009) as f64 / 1000.0)
        .collect();
    let y: Vec<f64> = (0..60u64)
        .map(|i| ((i * 104_729) % 1013) as f64 / 1000.0 + 0.1)
        .collect();
    let r = mann_whitney_u(&x, &y).unwrap_or_else(|| panic!("test"));
    assert_eq!(r.u, 1514.0);
    assert!(
        close(r.p_value, 0.134_004_226_661_450_1, 1e-9),
        "{}",
        r.p_value
    );
}

#[test]
fn all_values_tied_is_no_evidence() {
    let r = mann_whitney_u(&[1.0; 30], &[1.0; 30]).unwrap_or_else(|| panic!("test"));
    assert_eq!(r.p_value, 1.0);
}

#[test]
fn hodges_lehmann_known_data() {
    // Differences of [1,2,3] − [0,1] are 1,0,2,1,3,2: median 1.5.
    assert_eq!(hodges_lehmann(&[1.0, 2.0, 3.0], &[0.0, 1.0]), Some(1.5));
    // A pure shift is recovered exactly.
    let y: Vec<f64> = (0..50).map(|i| f64::from(i) * 0.25).collect();
    let x: Vec<f64> = y.iter().map(|v| v + 3.0).collect();
    assert_eq!(hodges_lehmann(&x, &y), Some(3.0));
}

proptest! {
    #[test]
    fn p_in_unit_interval_and_symmetric(
        x in proptest::collection::vec(-1e6f64..1e6, 1..40),
        y in proptest::collection::vec(-1e6f64..1e6, 1..40),
    ) {
        let a = mann_whitney_u(&x, &y).ok_or_else(|| TestCaseError::fail("none"))?;
        let b = mann_whitney_u(&y, &x).ok_or_else(|| TestCaseError::fail("none"))?;
        prop_assert!((0.0..=1.0).contains(&a.p_value));
        prop_assert!((a.p_value - b.p_value).abs() <= 1e-12 * a.p_value.max(1e-300), "{} vs {}", a.p_value, b.p_value);
        prop_assert!((a.u + b.u - (x.len() * y.len()) as f64).abs() < 1e-9);
    }

    #[test]
    fn small_integer_samples_with_ties(
        x in proptest::collection::vec(0u8..5, 1..30),
        y in proptest::collection::vec(0u8..5, 1..30),
    ) {
        let x: Vec<f64> = x.into_iter().map(f64::from).collect();
        let y: Vec<f64> = y.into_iter().map(f64::from).collect();
        let a = mann_whitney_u(&x, &y).ok_or_else(|| TestCaseError::fail("none"))?;
        let b = mann_whitney_u(&y, &x).ok_or_else(|| TestCaseError::fail("none"))?;
        prop_assert!((0.0..=1.0).contains(&a.p_value));
        prop_assert!((a.p_value - b.p_value).abs() <= 1e-12);
        let hl_xy = hodges_lehmann(&x, &y).ok_or_else(|| TestCaseError::fail("none"))?;
        let hl_yx = hodges_lehmann(&y, &x).ok_or_else(|| TestCaseError::fail("none"))?;
        prop_assert_eq!(hl_xy, -hl_yx);
    }
}
