//! The canary judge's configuration and the direction of a bad change.

use serde::Serialize;

use crate::AnalysisError;

/// Which change of a metric is bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// An increase is bad (error ratios, latency).
    Increase,
    /// A decrease is bad (throughput, success ratio).
    Decrease,
    /// Any change beyond the allowance is bad.
    Either,
}

impl Direction {
    /// The config keyword.
    pub fn key(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
            Direction::Either => "either",
        }
    }
}

/// Judge settings (`analysis:` in the config).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JudgeConfig {
    /// Minimum finite samples per side; fewer is *nodata* (never pass). Values below 1
    /// behave as 1.
    pub min_samples: usize,
    /// Significance level of the Mann-Whitney test (default 0.01: at 0.05 the seeded
    /// simulations in `examples/judge_accuracy.rs` raise 1–3% false alarms on healthy canaries).
    pub alpha: f64,
    /// Score at or above which the analysis passes (default 95).
    pub pass_score: f64,
    /// Score at or above which (and below `pass_score`) the analysis is marginal
    /// (default 75).
    pub marginal_score: f64,
    /// Whether a marginal analysis lets the release through (as a warning).
    pub allow_marginal: bool,
}

impl Default for JudgeConfig {
    /// `min_samples: 20, alpha: 0.01, pass_score: 95, marginal_score: 75,
    /// allow_marginal: false`.
    fn default() -> Self {
        JudgeConfig {
            min_samples: 20,
            alpha: 0.01,
            pass_score: 95.0,
            marginal_score: 75.0,
            allow_marginal: false,
        }
    }
}

impl JudgeConfig {
    /// Check `0 < alpha < 1` and `0 ≤ marginal_score ≤ pass_score ≤ 100`.
    pub fn validate(&self) -> Result<(), AnalysisError> {
        let invalid = |reason: String| Err(AnalysisError::InvalidJudgeConfig { reason });
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return invalid(format!(
                "`alpha` must be between 0 and 1 (exclusive), got {}",
                self.alpha
            ));
        }
        if !(0.0..=100.0).contains(&self.pass_score) {
            return invalid(format!(
                "`pass_score` must be between 0 and 100, got {}",
                self.pass_score
            ));
        }
        if !(0.0..=self.pass_score).contains(&self.marginal_score) {
            return invalid(format!(
                "`marginal_score` must be between 0 and `pass_score` ({}), got {}",
                self.pass_score, self.marginal_score
            ));
        }
        Ok(())
    }
}
