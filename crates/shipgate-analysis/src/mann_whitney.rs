//! The two-sided Mann-Whitney U test (Wilcoxon rank-sum test).
//!
//! `U` is the statistic of the *first* sample (the canary): the number of pairs
//! `(x_i, y_j)` with `x_i > y_j`, ties counting one half; it equals R's `wilcox.test` `W`
//! and SciPy's `mannwhitneyu(x, y).statistic`.
//!
//! p-value (two-sided):
//! * **Exact** when there are no ties and `n1 × n2 ≤` [`EXACT_MAX_PRODUCT`] (400): the
//!   permutation distribution of `U` by the classical recurrence, `p = min(1, 2 ×
//!   min(P(U ≤ u), P(U ≥ u)))` (R's and SciPy's definition).
//! * Otherwise the **normal approximation** with tie correction of the variance and a
//!   continuity correction of 0.5 toward the mean: `σ² = n1·n2/12 · ((N+1) − Σ(t³−t) /
//!   (N(N−1)))`, `z = (|U − n1·n2/2| − 0.5)/σ`, `p = erfc(|z|/√2)`, clipped to 1 (SciPy's
//!   `method="asymptotic"`, `use_continuity=True`). When every value is tied (σ = 0) there
//!   is no evidence of a difference and `p = 1`.

use serde::Serialize;

use crate::normal;

/// Largest `n1 × n2` for which the exact distribution is used (when there are no ties).
pub const EXACT_MAX_PRODUCT: usize = 400;

/// How the p-value was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PValueMethod {
    /// The exact permutation distribution (small samples, no ties).
    Exact,
    /// The normal approximation with tie and continuity corrections.
    Normal,
}

/// The result of a Mann-Whitney U test of `x` (canary) against `y` (baseline).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MannWhitney {
    /// U of the first sample: pairs with `x > y`, plus half the tied pairs.
    pub u: f64,
    /// Size of the first sample.
    pub n1: usize,
    /// Size of the second sample.
    pub n2: usize,
    /// Standardised statistic with continuity correction (positive when `x` tends to be
    /// larger); for the exact method it is reported for information only.
    pub z: f64,
    /// Two-sided p-value in [0, 1].
    pub p_value: f64,
    /// How the p-value was computed.
    pub method: PValueMethod,
    /// Whether any values were tied (across or within samples).
    pub ties: bool,
}

impl MannWhitney {
    /// `U − n1·n2/2`: positive when the first sample tends to be larger.
    pub fn u_minus_mean(&self) -> f64 {
        self.u - (self.n1 as f64 * self.n2 as f64) / 2.0
    }
}

/// Test `x` against `y`. `None` when either sample is empty or holds a non-finite value
/// (callers drop those first; see [`crate::SampleSummary::of`]).
pub fn mann_whitney_u(x: &[f64], y: &[f64]) -> Option<MannWhitney> {
    let (n1, n2) = (x.len(), y.len());
    if n1 == 0 || n2 == 0 || x.iter().chain(y).any(|v| !v.is_finite()) {
        return None;
    }
    let mut all: Vec<(f64, bool)> = x
        .iter()
        .map(|&v| (v, true))
        .chain(y.iter().map(|&v| (v, false)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Midranks and the tie term Σ(t³ − t).
    let n = all.len();
    let mut rank_sum_x = 0.0;
    let mut tie_term = 0.0;
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && all.get(j).map(|e| e.0) == all.get(i).map(|e| e.0) {
            j += 1;
        }
        // Ranks i+1 ..= j share the midrank (i + 1 + j) / 2.
        let midrank = (i + 1 + j) as f64 / 2.0;
        let t = (j - i) as f64;
        tie_term += t * t * t - t;
        let in_x = all
            .get(i..j)
            .map_or(0, |s| s.iter().filter(|e| e.1).count());
        rank_sum_x += midrank * in_x as f64;
        i = j;
    }
    let (f1, f2) = (n1 as f64, n2 as f64);
    let u = rank_sum_x - f1 * (f1 + 1.0) / 2.0;
    let mean = f1 * f2 / 2.0;
    let nf = n as f64;
    let variance = f1 * f2 / 12.0 * ((nf + 1.0) - tie_term / (nf * (nf - 1.0)));
    let d = u - mean;
    let z = if variance > 0.0 {
        d.signum() * (d.abs() - 0.5).max(0.0) / variance.sqrt()
    } else {
        0.0
    };
    let ties = tie_term > 0.0;
    let (p_value, method) = if !ties && n1.saturating_mul(n2) <= EXACT_MAX_PRODUCT {
        (exact_p(u, n1, n2), PValueMethod::Exact)
    } else if variance > 0.0 {
        (normal::two_sided_p(z), PValueMethod::Normal)
    } else {
        (1.0, PValueMethod::Normal)
    };
    Some(MannWhitney {
        u,
        n1,
        n2,
        z,
        p_value,
        method,
        ties,
    })
}

/// Exact two-sided p-value of an integer `u` for sample sizes `n1`, `n2` without ties.
fn exact_p(u: f64, n1: usize, n2: usize) -> f64 {
    let counts = exact_counts(n1, n2);
    let total: f64 = counts.iter().sum();
    let u = u.round().max(0.0) as usize;
    let below: f64 = counts.iter().take(u + 1).sum();
    let above: f64 = counts.iter().skip(u).sum();
    (2.0 * below.min(above) / total).clamp(0.0, 1.0)
}

/// `counts[u]` = number of arrangements of `n1` x's and `n2` y's with statistic `u`.
///
/// Recurrence on the largest element: it is an x (contributing `n2` to U) or a y:
/// `f(n1, n2; u) = f(n1 − 1, n2; u − n2) + f(n1, n2 − 1; u)`, with `f(0, ·) = f(·, 0) = [1]`.
/// Counts stay below 2^53 for `n1·n2 ≤ 400` (at most C(40, 20) ≈ 1.4e11), so f64 is exact.
fn exact_counts(n1: usize, n2: usize) -> Vec<f64> {
    // prev[j] holds f(i − 1, j; ·); cur[j] holds f(i, j; ·).
    let mut prev: Vec<Vec<f64>> = vec![vec![1.0]; n2 + 1];
    for i in 1..=n1 {
        let mut cur: Vec<Vec<f64>> = Vec::with_capacity(n2 + 1);
        cur.push(vec![1.0]);
        for j in 1..=n2 {
            let mut f = vec![0.0; i * j + 1];
            if let Some(left) = prev.get(j) {
                // f(i − 1, j; u − j): the largest element is an x, above all j y's.
                for (u, c) in left.iter().enumerate() {
                    if let Some(slot) = f.get_mut(u + j) {
                        *slot += c;
                    }
                }
            }
            if let Some(down) = cur.get(j - 1) {
                for (u, c) in down.iter().enumerate() {
                    if let Some(slot) = f.get_mut(u) {
                        *slot += c;
                    }
                }
            }
            cur.push(f);
        }
        prev = cur;
    }
    prev.pop().unwrap_or_else(|| vec![1.0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_counts_match_combinatorics() {
        // n1 = n2 = 2: U ∈ {0,1,2,3,4} with counts 1,1,2,1,1 (C(4,2) = 6).
        assert_eq!(exact_counts(2, 2), vec![1.0, 1.0, 2.0, 1.0, 1.0]);
        let c = exact_counts(20, 20);
        assert_eq!(c.len(), 401);
        assert_eq!(c.iter().sum::<f64>(), 137_846_528_820.0);
        // Symmetric.
        assert!(c.iter().zip(c.iter().rev()).all(|(a, b)| a == b));
        assert_eq!(exact_counts(3, 0), vec![1.0]);
    }

    #[test]
    fn empty_or_non_finite_is_none() {
        assert!(mann_whitney_u(&[], &[1.0]).is_none());
        assert!(mann_whitney_u(&[1.0, f64::NAN], &[1.0]).is_none());
    }
}
