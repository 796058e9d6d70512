use serde::Serialize;

use crate::Verdict;

/// What `shipgate analyze` judged: the score and every metric's comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CanarySection {
    /// 100 x passing / counted metrics.
    pub score: f64,
    pub pass_score: f64,
    pub marginal_score: f64,
    /// `pass`, `marginal`, `fail` or `inconclusive`.
    pub outcome: String,
    /// Caveats such as overlapping rate windows (samples not independent).
    pub warnings: Vec<String>,
    pub metrics: Vec<CanaryMetricRow>,
}

/// One metric compared between canary and baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CanaryMetricRow {
    pub name: String,
    /// `pass`, `high`, `low` or `nodata`.
    pub classification: String,
    pub verdict: Verdict,
    pub critical: bool,
    /// Two-sided Mann-Whitney U p-value; `None` with too few samples.
    pub p_value: Option<f64>,
    /// Hodges-Lehmann shift, canary minus baseline.
    pub shift: Option<f64>,
    /// Shift relative to the baseline level.
    pub relative_effect: Option<f64>,
    /// The tolerated relative change (0.10 for 10%).
    pub allowed_change: f64,
    pub canary: SampleStats,
    pub baseline: SampleStats,
    /// One line explaining the classification.
    pub reason: String,
}

/// A sample's summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SampleStats {
    /// Finite samples used.
    pub n: usize,
    /// NaN or infinite samples dropped.
    pub dropped: usize,
    pub min: Option<f64>,
    pub median: Option<f64>,
    pub mean: Option<f64>,
    pub p90: Option<f64>,
    pub max: Option<f64>,
}
