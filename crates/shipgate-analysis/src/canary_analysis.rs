//! The canary analysis over all metrics: score and verdict.
//!
//! * Score = 100 × passing / counted metrics, where every metric is counted and a
//!   *nodata* metric counts as **not passing** (fail-closed: missing data never raises
//!   the score).
//! * Verdict, first rule that applies:
//!   1. no metrics, or every metric nodata → `Inconclusive`;
//!   2. any **critical** metric failed → `Fail`, whatever the score;
//!   3. any critical metric nodata → `Inconclusive` (a critical metric is never passed
//!      unmeasured);
//!   4. score ≥ `pass_score` → `Pass`; score ≥ `marginal_score` → `Marginal`; else `Fail`.
//! * [`CanaryAnalysis::verdict`] maps onto the report [`Verdict`]: a marginal analysis is
//!   `Warn` (exit 0) with `allow_marginal`, otherwise `Fail` (exit 1).

use serde::Serialize;
use shipgate_core::{GateResult, Measured, Verdict};

use crate::format;
use crate::{
    judge_metric, AnalysisError, Classification, Direction, JudgeConfig, MetricJudgement,
    MetricSamples,
};

/// The analysis outcome before mapping onto a report verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CanaryVerdict {
    /// Score ≥ `pass_score` and no critical metric failed or lacked data.
    Pass,
    /// `marginal_score` ≤ score < `pass_score`.
    Marginal,
    /// Score below `marginal_score`, or a critical metric failed.
    Fail,
    /// No data to judge (every metric nodata, or a critical metric nodata).
    Inconclusive,
}

impl CanaryVerdict {
    /// The machine keyword.
    pub fn key(self) -> &'static str {
        match self {
            CanaryVerdict::Pass => "pass",
            CanaryVerdict::Marginal => "marginal",
            CanaryVerdict::Fail => "fail",
            CanaryVerdict::Inconclusive => "inconclusive",
        }
    }
}

/// The result of a canary analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CanaryAnalysis {
    /// 100 × passing / counted, in [0, 100].
    pub score: f64,
    /// Metrics passing.
    pub passing: usize,
    /// Metrics counted (all of them).
    pub counted: usize,
    /// The outcome.
    pub outcome: CanaryVerdict,
    /// Whether a marginal outcome passes (as a warning).
    pub allow_marginal: bool,
    /// One line explaining the outcome.
    pub reason: String,
    /// Per-metric judgements, in the given order.
    pub metrics: Vec<MetricJudgement>,
}

impl CanaryAnalysis {
    /// The report verdict: marginal is `Warn` with `allow_marginal`, else `Fail`.
    pub fn verdict(&self) -> Verdict {
        match self.outcome {
            CanaryVerdict::Pass => Verdict::Pass,
            CanaryVerdict::Marginal if self.allow_marginal => Verdict::Warn,
            CanaryVerdict::Marginal | CanaryVerdict::Fail => Verdict::Fail,
            CanaryVerdict::Inconclusive => Verdict::Inconclusive,
        }
    }

    /// One [`GateResult`] per metric: id `CA-<name>`, threshold the allowed change in the
    /// bad direction (`<= +10%`, `>= -10%`, `within ±10%`), measured the relative effect
    /// (a ratio), or the absolute shift when the baseline is 0; message the reason;
    /// evidence both summaries, the test and the shift.
    pub fn gate_results(&self) -> Vec<GateResult> {
        self.metrics.iter().map(metric_gate).collect()
    }
}

fn metric_gate(j: &MetricJudgement) -> GateResult {
    let pct = format::value(j.allowed_change * 100.0);
    let threshold = match j.direction {
        Direction::Increase => format!("<= +{pct}%"),
        Direction::Decrease => format!(">= -{pct}%"),
        Direction::Either => format!("within ±{pct}%"),
    };
    let measured = match (j.relative_effect, j.shift) {
        (Some(r), _) => Some(Measured::ratio(r)),
        (None, Some(s)) => Some(Measured {
            value: s,
            unit: shipgate_core::Unit::Number,
        }),
        _ => None,
    };
    let summary = |side: &str, s: &crate::SampleSummary| {
        let v = |x: Option<f64>| x.map_or("-".to_string(), format::value);
        format!(
            "{side}: n={} dropped={} min={} median={} mean={} p90={} max={}",
            s.n,
            s.dropped,
            v(s.min),
            v(s.median),
            v(s.mean),
            v(s.p90),
            v(s.max)
        )
    };
    let mut evidence = vec![
        summary("canary", &j.canary),
        summary("baseline", &j.baseline),
    ];
    if let (Some(u), Some(p), Some(method)) = (j.u, j.p_value, j.p_method) {
        evidence.push(format!(
            "Mann-Whitney U={} p={} ({})",
            format::value(u),
            format::p_value(p),
            match method {
                crate::PValueMethod::Exact => "exact",
                crate::PValueMethod::Normal => "normal approximation",
            }
        ));
    }
    if let Some(shift) = j.shift {
        let ci = j.shift_interval.map_or(String::new(), |(lo, hi)| {
            format!(" [{}, {}]", format::value(lo), format::value(hi))
        });
        evidence.push(format!(
            "Hodges-Lehmann shift={}{ci} allowed band=±{} classification={}{}",
            format::value(shift),
            format::value(j.allowed_band.unwrap_or(0.0)),
            j.classification.key(),
            if j.critical { " (critical)" } else { "" }
        ));
    }
    GateResult {
        id: format!("CA-{}", j.name),
        name: j.name.clone(),
        verdict: j.verdict,
        threshold: Some(threshold),
        measured,
        message: j.reason.clone(),
        evidence,
    }
}

/// Judge every metric and combine them (see the module docs). Errors for an invalid
/// config, an invalid metric or duplicate metric names; bad *data* is never an error.
pub fn judge(
    config: &JudgeConfig,
    metrics: &[MetricSamples],
) -> Result<CanaryAnalysis, AnalysisError> {
    config.validate()?;
    for (i, m) in metrics.iter().enumerate() {
        if metrics.iter().take(i).any(|o| o.name == m.name) {
            return Err(AnalysisError::InvalidCanaryMetric {
                metric: m.name.clone(),
                reason: "the name is used by another metric".to_string(),
            });
        }
    }
    let judged = metrics
        .iter()
        .map(|m| judge_metric(config, m))
        .collect::<Result<Vec<_>, _>>()?;
    let counted = judged.len();
    let passing = judged.iter().filter(|j| j.passed()).count();
    let nodata = judged
        .iter()
        .filter(|j| j.classification == Classification::NoData)
        .count();
    let score = if counted == 0 {
        0.0
    } else {
        100.0 * passing as f64 / counted as f64
    };
    let critical_failed: Vec<&str> = judged
        .iter()
        .filter(|j| j.critical && j.failed())
        .map(|j| j.name.as_str())
        .collect();
    let critical_nodata: Vec<&str> = judged
        .iter()
        .filter(|j| j.critical && j.classification == Classification::NoData)
        .map(|j| j.name.as_str())
        .collect();
    let score_text = format!(
        "score {} ({passing} of {counted} metrics passing)",
        format::value(score)
    );
    let (outcome, reason) = if counted == 0 {
        (
            CanaryVerdict::Inconclusive,
            "no metrics to judge".to_string(),
        )
    } else if nodata == counted {
        (
            CanaryVerdict::Inconclusive,
            "no data for any metric: nothing was compared".to_string(),
        )
    } else if !critical_failed.is_empty() {
        (
            CanaryVerdict::Fail,
            format!(
                "critical metric failed: {}; {score_text}",
                critical_failed.join(", ")
            ),
        )
    } else if !critical_nodata.is_empty() {
        (
            CanaryVerdict::Inconclusive,
            format!(
                "no data for critical metric: {}; {score_text}",
                critical_nodata.join(", ")
            ),
        )
    } else if score >= config.pass_score {
        (
            CanaryVerdict::Pass,
            format!(
                "{score_text} ≥ pass score {}",
                format::value(config.pass_score)
            ),
        )
    } else if score >= config.marginal_score {
        (
            CanaryVerdict::Marginal,
            format!(
                "{score_text}: marginal (≥ {} but below the pass score {})",
                format::value(config.marginal_score),
                format::value(config.pass_score)
            ),
        )
    } else {
        (
            CanaryVerdict::Fail,
            format!(
                "{score_text} < marginal score {}",
                format::value(config.marginal_score)
            ),
        )
    };
    Ok(CanaryAnalysis {
        score,
        passing,
        counted,
        outcome,
        allow_marginal: config.allow_marginal,
        reason,
        metrics: judged,
    })
}
