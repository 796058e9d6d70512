//! The Hodges-Lehmann shift estimate: the median of all pairwise differences `x_i − y_j`
//! (canary − baseline), and its distribution-free confidence interval.
//!
//! Exact for any sample sizes without materialising `n × m` differences: with both
//! samples sorted, the number of differences `≤ t` is counted in `O(n + m)` by two
//! pointers, and the value range is bisected until at most [`MATERIALIZE_CAP`] differences
//! remain in the band that contains the wanted order statistic; those are collected and the
//! order statistic is selected exactly. Small inputs (`n × m ≤` the cap, e.g. 60 × 60) are
//! materialised and sorted once, and the median and both interval bounds are read from
//! them. Memory is bounded by the cap (8 MiB); beyond it, time is `O((n + m) · steps)`,
//! each step halving the value range (bounded by the bits of a double; a few dozen in
//! practice), so 10,000 × 10,000 samples never materialise 10^8 differences.

use crate::normal;

/// At most this many pairwise differences are held in memory at once.
pub const MATERIALIZE_CAP: usize = 1 << 20;

/// The Hodges-Lehmann estimate of the shift of `x` relative to `y`: the median of
/// `x_i − y_j` over all pairs (the mean of the two middle ones for an even count).
/// `None` when either sample is empty or holds a non-finite value.
pub fn hodges_lehmann(x: &[f64], y: &[f64]) -> Option<f64> {
    let (xs, ys) = sorted_pair(x, y)?;
    Differences::new(&xs, &ys).median()
}

/// The distribution-free confidence interval of the shift at `confidence` (e.g. 0.95):
/// `[D(k), D(N + 1 − k)]` over the sorted differences `D`, with
/// `k = ⌊N/2 − z·√(n·m·(n+m+1)/12)⌋` (normal approximation, no tie correction; `k ≥ 1`, so
/// for tiny samples the interval is the full range of differences). `None` for empty or
/// non-finite input or a confidence outside (0, 1).
pub fn hodges_lehmann_interval(x: &[f64], y: &[f64], confidence: f64) -> Option<(f64, f64)> {
    let (xs, ys) = sorted_pair(x, y)?;
    Differences::new(&xs, &ys).interval(confidence)
}

/// Both samples sorted ascending, or `None` when one is empty or not finite.
fn sorted_pair(x: &[f64], y: &[f64]) -> Option<(Vec<f64>, Vec<f64>)> {
    if x.is_empty() || y.is_empty() || x.iter().chain(y).any(|v| !v.is_finite()) {
        return None;
    }
    let mut xs = x.to_vec();
    let mut ys = y.to_vec();
    xs.sort_by(f64::total_cmp);
    ys.sort_by(f64::total_cmp);
    Some((xs, ys))
}

/// The pairwise differences `x_i − y_j` of two ascending, finite samples, answering order
/// statistics: materialised and sorted once when there are at most [`MATERIALIZE_CAP`] of
/// them, otherwise found by bisection for each query.
pub(crate) struct Differences<'a> {
    xs: &'a [f64],
    ys: &'a [f64],
    total: usize,
    sorted: Option<Vec<f64>>,
}

impl<'a> Differences<'a> {
    /// `xs` and `ys` must be ascending and finite.
    pub(crate) fn new(xs: &'a [f64], ys: &'a [f64]) -> Self {
        let total = xs.len().saturating_mul(ys.len());
        let sorted = (total <= MATERIALIZE_CAP).then(|| {
            let mut d: Vec<f64> = xs
                .iter()
                .flat_map(|&x| ys.iter().map(move |&y| x - y))
                .collect();
            d.sort_unstable_by(f64::total_cmp);
            d
        });
        Differences {
            xs,
            ys,
            total,
            sorted,
        }
    }

    /// The `k`-th smallest difference (0-based).
    pub(crate) fn kth(&self, k: usize) -> Option<f64> {
        match &self.sorted {
            Some(d) => d.get(k).copied(),
            None => kth_difference(self.xs, self.ys, k),
        }
    }

    /// The median difference: the Hodges-Lehmann estimate.
    pub(crate) fn median(&self) -> Option<f64> {
        let total = self.total;
        if total == 0 {
            None
        } else if total % 2 == 1 {
            self.kth(total / 2)
        } else {
            let a = self.kth(total / 2 - 1)?;
            let b = self.kth(total / 2)?;
            Some(a / 2.0 + b / 2.0)
        }
    }

    /// The confidence interval (see [`hodges_lehmann_interval`]).
    pub(crate) fn interval(&self, confidence: f64) -> Option<(f64, f64)> {
        if !(confidence > 0.0 && confidence < 1.0) || self.total == 0 {
            return None;
        }
        let (n, m) = (self.xs.len() as f64, self.ys.len() as f64);
        let z = normal::quantile(1.0 - (1.0 - confidence) / 2.0);
        let k = (n * m / 2.0 - z * (n * m * (n + m + 1.0) / 12.0).sqrt()).floor();
        let k = if k < 1.0 {
            1
        } else {
            (k as usize).min(self.total)
        };
        // 1-based D(k) is 0-based k − 1; D(N + 1 − k) is N − k.
        Some((self.kth(k - 1)?, self.kth(self.total - k)?))
    }
}

/// Number of pairs with `x_i − y_j ≤ t` (both ascending). For fixed `i` the difference is
/// non-increasing in `j`, and the first `j` where it is `≤ t` moves right as `i` grows.
fn count_le(xs: &[f64], ys: &[f64], t: f64) -> usize {
    let m = ys.len();
    let mut j = 0;
    let mut count = 0;
    for &x in xs {
        while j < m && ys.get(j).is_some_and(|&y| x - y > t) {
            j += 1;
        }
        count += m - j;
    }
    count
}

/// The `k`-th smallest (0-based) of `x_i − y_j` for ascending, finite `xs`, `ys`.
pub(crate) fn kth_difference(xs: &[f64], ys: &[f64], k: usize) -> Option<f64> {
    let total = xs.len().checked_mul(ys.len())?;
    if k >= total {
        return None;
    }
    let min = xs.first()? - ys.last()?;
    let max = xs.last()? - ys.first()?;
    // Band (lo, hi] holds the answer; c_lo = count_le(lo) ≤ k < count_le(hi) = c_hi.
    let mut lo = min;
    let mut c_lo = count_le(xs, ys, lo);
    if c_lo > k {
        return Some(min);
    }
    let mut hi = max;
    let mut c_hi = total;
    while c_hi - c_lo > MATERIALIZE_CAP {
        let mid = lo / 2.0 + hi / 2.0;
        if mid <= lo || mid >= hi {
            // lo and hi are adjacent doubles: every difference in the band equals hi.
            return Some(hi);
        }
        let c = count_le(xs, ys, mid);
        if c > k {
            hi = mid;
            c_hi = c;
        } else {
            lo = mid;
            c_lo = c;
        }
    }
    let mut band: Vec<f64> = Vec::with_capacity(c_hi - c_lo);
    for &x in xs {
        // For fixed x the differences decrease along ys: skip those > hi, stop at ≤ lo.
        let start = ys.partition_point(|&y| x - y > hi);
        let end = ys.partition_point(|&y| x - y > lo);
        if let Some(slice) = ys.get(start..end) {
            band.extend(slice.iter().map(|&y| x - y));
        }
    }
    let index = k - c_lo;
    if index >= band.len() {
        return None;
    }
    let (_, value, _) = band.select_nth_unstable_by(index, f64::total_cmp);
    Some(*value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(x: &[f64], y: &[f64]) -> Vec<f64> {
        let mut d: Vec<f64> = x
            .iter()
            .flat_map(|a| y.iter().map(move |b| a - b))
            .collect();
        d.sort_by(f64::total_cmp);
        d
    }

    #[test]
    #[allow(clippy::approx_constant)] // 3.14 is a data value, not π
    fn known_values() {
        // Differences of [1,2,3] − [0,1]: 1,0,2,1,3,2 → sorted 0,1,1,2,2,3 → median 1.5.
        assert_eq!(hodges_lehmann(&[1.0, 2.0, 3.0], &[0.0, 1.0]), Some(1.5));
        // Hollander & Wolfe's depression data taken as two independent samples: the
        // median of the 81 differences is 0.56 (NumPy: median(subtract.outer(x, y))).
        let x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30];
        let y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
        let hl = hodges_lehmann(&x, &y).unwrap_or(f64::NAN);
        assert!((hl - 0.56).abs() < 1e-12, "{hl}");
        assert_eq!(hodges_lehmann(&[], &[1.0]), None);
        assert_eq!(hodges_lehmann(&[f64::NAN], &[1.0]), None);
    }

    #[test]
    fn every_order_statistic_matches_brute_force() {
        let x: Vec<f64> = (0..37).map(|i| ((i * 7919) % 101) as f64 / 10.0).collect();
        let y: Vec<f64> = (0..23).map(|i| ((i * 104729) % 67) as f64 / 7.0).collect();
        let (xs, ys) = sorted_pair(&x, &y).unwrap_or_default();
        let d = brute(&x, &y);
        for (k, want) in d.iter().enumerate() {
            assert_eq!(kth_difference(&xs, &ys, k), Some(*want), "k={k}");
        }
        assert_eq!(kth_difference(&xs, &ys, d.len()), None);
    }

    #[test]
    fn bisection_path_matches_brute_force() {
        // 1,100 × 1,000 = 1.1M differences > MATERIALIZE_CAP: exercises the bisection.
        let x: Vec<f64> = (0..1100u64)
            .map(|i| ((i * 2_654_435_761) % 10_007) as f64 * 0.37)
            .collect();
        let y: Vec<f64> = (0..1000u64)
            .map(|i| ((i * 40_503) % 9_973) as f64 * 0.41)
            .collect();
        let (xs, ys) = sorted_pair(&x, &y).unwrap_or_default();
        let d = brute(&x, &y);
        for k in [0, 1, d.len() / 3, d.len() / 2 - 1, d.len() / 2, d.len() - 1] {
            assert_eq!(kth_difference(&xs, &ys, k), d.get(k).copied(), "k={k}");
        }
        let want = (d[d.len() / 2 - 1] + d[d.len() / 2]) / 2.0;
        assert_eq!(hodges_lehmann(&x, &y), Some(want));
    }

    #[test]
    fn ten_thousand_by_ten_thousand() {
        // 10^8 differences, never materialised: a pure shift is recovered exactly.
        let y: Vec<f64> = (0..10_000u64)
            .map(|i| ((i * 7919) % 10_007) as f64 * 0.01)
            .collect();
        let x: Vec<f64> = y.iter().map(|v| v + 5.0).collect();
        let hl = hodges_lehmann(&x, &y).unwrap_or(f64::NAN);
        assert!((hl - 5.0).abs() < 1e-9, "{hl}");
    }

    #[test]
    fn many_ties_beyond_the_cap() {
        // 2,000 × 1,000 identical differences: the band cannot shrink, the answer is exact.
        let x = vec![3.0; 2000];
        let y = vec![1.0; 1000];
        assert_eq!(hodges_lehmann(&x, &y), Some(2.0));
    }

    #[test]
    #[allow(clippy::approx_constant)] // 3.14 is a data value, not π
    fn interval_brackets_the_estimate() {
        let x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30];
        let y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
        let (lo, hi) = hodges_lehmann_interval(&x, &y, 0.95).unwrap_or((f64::NAN, f64::NAN));
        let d = brute(&x, &y);
        // N = 81, z = 1.96, k = ⌊40.5 − 1.96·√(81·19/12)⌋ = ⌊40.5 − 22.19⌋ = 18.
        assert_eq!((lo, hi), (d[17], d[81 - 18]));
        assert!(lo <= 0.56 && 0.56 <= hi);
        assert!((lo + 0.37).abs() < 1e-12 && (hi - 1.183).abs() < 1e-12);
        assert_eq!(hodges_lehmann_interval(&x, &y, 1.0), None);
    }
}
