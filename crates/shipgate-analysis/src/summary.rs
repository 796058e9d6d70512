//! The summary of one side's samples shown in reports.

use serde::Serialize;

/// Summary statistics of one side's samples after non-finite values were dropped.
/// Every statistic is `None` when no finite sample is left.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleSummary {
    /// Finite samples used.
    pub n: usize,
    /// NaN/±Inf samples dropped.
    pub dropped: usize,
    /// Smallest sample.
    pub min: Option<f64>,
    /// Median (average of the two middle values for an even count).
    pub median: Option<f64>,
    /// Arithmetic mean.
    pub mean: Option<f64>,
    /// 90th percentile by linear interpolation between order statistics (R type 7,
    /// NumPy's default).
    pub p90: Option<f64>,
    /// Largest sample.
    pub max: Option<f64>,
}

impl SampleSummary {
    /// Summarise `sorted`, finite values in ascending order, having dropped `dropped`.
    pub(crate) fn of_sorted(sorted: &[f64], dropped: usize) -> Self {
        let n = sorted.len();
        let mean = if n == 0 {
            None
        } else {
            // Welford-style running mean: no overflow for large magnitudes.
            Some(
                sorted
                    .iter()
                    .enumerate()
                    .fold(0.0, |m, (i, v)| m + (v - m) / (i + 1) as f64),
            )
        };
        SampleSummary {
            n,
            dropped,
            min: sorted.first().copied(),
            median: quantile_sorted(sorted, 0.5),
            mean,
            p90: quantile_sorted(sorted, 0.9),
            max: sorted.last().copied(),
        }
    }

    /// Drop non-finite values from `values`, sort the rest and summarise them; returns the
    /// sorted finite values too.
    pub fn of(values: &[f64]) -> (Self, Vec<f64>) {
        let mut finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        finite.sort_by(f64::total_cmp);
        let dropped = values.len() - finite.len();
        (SampleSummary::of_sorted(&finite, dropped), finite)
    }
}

/// The `q` quantile of ascending `sorted` by linear interpolation (type 7).
pub(crate) fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let a = *sorted.get(lo)?;
    match sorted.get(lo + 1) {
        Some(b) => Some(a + (h - lo as f64) * (b - a)),
        None => Some(a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_known_data() {
        let (s, sorted) = SampleSummary::of(&[3.0, f64::NAN, 1.0, 2.0, 4.0, f64::INFINITY, 10.0]);
        assert_eq!(sorted, vec![1.0, 2.0, 3.0, 4.0, 10.0]);
        assert_eq!(s.n, 5);
        assert_eq!(s.dropped, 2);
        assert_eq!(s.min, Some(1.0));
        assert_eq!(s.median, Some(3.0));
        assert_eq!(s.mean, Some(4.0));
        // numpy.percentile([1,2,3,4,10], 90) == 7.6
        assert!((s.p90.unwrap_or(f64::NAN) - 7.6).abs() < 1e-12);
        assert_eq!(s.max, Some(10.0));
    }

    #[test]
    fn even_median_and_empty() {
        let (s, _) = SampleSummary::of(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(s.median, Some(2.5));
        let (e, _) = SampleSummary::of(&[f64::NAN]);
        assert_eq!((e.n, e.dropped, e.median, e.mean), (0, 1, None, None));
    }
}
