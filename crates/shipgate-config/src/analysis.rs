//! The resolved `analysis:` section: the canary judge comparing canary and baseline samples.

/// The `analysis:` section.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisConfig {
    /// Label matchers selecting the canary (`label = value`), in file order.
    pub canary: Vec<(String, String)>,
    /// Label matchers selecting the baseline, in file order.
    pub baseline: Vec<(String, String)>,
    /// The range queried, ending now, in seconds (`window:`, required).
    pub window_seconds: f64,
    /// Resolution of the range query, in seconds (`step:`, default 30).
    pub step_seconds: f64,
    /// Minimum samples per side; fewer is *nodata* (default 20).
    pub min_samples: u64,
    /// Score at or above which the analysis passes (default 95).
    pub pass_score: f64,
    /// Score at or above which (below `pass_score`) it is marginal (default 75).
    pub marginal_score: f64,
    /// Whether a marginal analysis lets the release through (default `false`).
    pub allow_marginal: bool,
    /// Significance level of the Mann-Whitney test (default 0.01, in (0, 0.5]).
    pub alpha: f64,
    /// The metrics compared, in file order; names are unique.
    pub metrics: Vec<AnalysisMetricConfig>,
}

/// Which change of a metric is bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `increase`: a rise is bad (error ratios, latency).
    Increase,
    /// `decrease`: a fall is bad (throughput, success ratio).
    Decrease,
    /// `either`: any change beyond the allowance is bad.
    Either,
}

impl Direction {
    /// The config keywords, in order.
    pub const KEYWORDS: [&'static str; 3] = ["increase", "decrease", "either"];

    /// The config keyword.
    pub fn key(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
            Direction::Either => "either",
        }
    }
}

/// One compared metric.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisMetricConfig {
    /// Unique within the section.
    pub name: String,
    /// PromQL range-query body containing `{{selector}}`, which becomes the canary's or
    /// the baseline's label matchers.
    pub query: String,
    /// Which change is bad (required).
    pub direction: Direction,
    /// The tolerated relative change as a fraction (`10%` or `0.1`, required, ≥ 0).
    pub allowed_change: f64,
    /// A failing critical metric fails the whole analysis (default `false`).
    pub critical: bool,
}
