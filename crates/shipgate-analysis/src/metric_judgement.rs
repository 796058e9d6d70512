//! The canary judge for one metric.
//!
//! 1. Non-finite samples are dropped (and counted). Fewer than `min_samples` finite samples
//!    on either side (at least 1) is [`Classification::NoData`]: never a pass.
//! 2. Two-sided Mann-Whitney U test of canary against baseline ([`crate::mann_whitney_u`]).
//! 3. Hodges-Lehmann shift `Δ` = median of all `canary_i − baseline_j`, with its
//!    `1 − alpha` confidence interval (for the report).
//! 4. The **allowed band is fixed by the baseline level**: `band = allowed_change ×
//!    |baseline center|`, where the center is the baseline median, or the baseline mean if
//!    the median is 0. The relative effect is `Δ / |center|`. Kayenta's classifier instead
//!    draws its band from the estimate itself (`±fraction × |Δ|`), so a larger shift widens
//!    its own allowance and a wide interval hides a large regression, while a negligible
//!    but precisely measured shift is flagged; a band fixed by the baseline has neither
//!    blind spot.
//! 5. Classification: `High` when the difference is significant (`p < alpha`) and
//!    `Δ > band`; `Low` when significant and `Δ < −band`; otherwise `Pass`. If the baseline
//!    median and mean are both 0 there is no level to be relative to: the absolute rule
//!    applies and *any* significant difference is `High` or `Low` by the direction of the
//!    rank statistic (canary stochastically larger → `High`), whatever `Δ` is.
//! 6. The direction decides what fails: `increase` → `High` fails (`Low` is an
//!    improvement and passes), `decrease` → `Low` fails, `either` → both fail.

use serde::Serialize;
use shipgate_core::Verdict;

use crate::format;
use crate::hodges_lehmann::Differences;
use crate::{mann_whitney_u, AnalysisError, Direction, JudgeConfig, PValueMethod, SampleSummary};

/// One metric's samples and settings, as queried over the analysis window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricSamples {
    /// The metric's name.
    pub name: String,
    /// The canary's samples (one per step).
    pub canary: Vec<f64>,
    /// The baseline's samples.
    pub baseline: Vec<f64>,
    /// Which change is bad.
    pub direction: Direction,
    /// Tolerated relative change, e.g. 0.10 for 10%; finite, ≥ 0.
    pub allowed_change: f64,
    /// A failing critical metric fails the whole analysis.
    pub critical: bool,
}

/// How a metric compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    /// No significant difference beyond the allowance.
    Pass,
    /// The canary is significantly higher, beyond the allowance.
    High,
    /// The canary is significantly lower, beyond the allowance.
    Low,
    /// Too few samples on at least one side.
    NoData,
}

impl Classification {
    /// The machine keyword.
    pub fn key(self) -> &'static str {
        match self {
            Classification::Pass => "pass",
            Classification::High => "high",
            Classification::Low => "low",
            Classification::NoData => "nodata",
        }
    }
}

/// What the relative effect is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BaselineCenter {
    /// The baseline median (the usual case).
    Median,
    /// The baseline mean, because the median was 0.
    Mean,
    /// Both were 0: the absolute rule applies.
    Zero,
}

/// The judgement of one metric, with everything the report shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricJudgement {
    /// The metric's name.
    pub name: String,
    /// Which change is bad.
    pub direction: Direction,
    /// The tolerated relative change.
    pub allowed_change: f64,
    /// Whether the metric is critical.
    pub critical: bool,
    /// Canary samples summary.
    pub canary: SampleSummary,
    /// Baseline samples summary.
    pub baseline: SampleSummary,
    /// Mann-Whitney U of the canary (`None` for nodata).
    pub u: Option<f64>,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// How the p-value was computed.
    pub p_method: Option<PValueMethod>,
    /// Hodges-Lehmann shift, canary − baseline, in the metric's unit.
    pub shift: Option<f64>,
    /// `1 − alpha` confidence interval of the shift.
    pub shift_interval: Option<(f64, f64)>,
    /// What the relative effect is relative to.
    pub center_kind: Option<BaselineCenter>,
    /// The baseline center's value (0 for [`BaselineCenter::Zero`]).
    pub baseline_center: Option<f64>,
    /// The allowed band in the metric's unit: `allowed_change × |baseline center|`.
    pub allowed_band: Option<f64>,
    /// `shift / |baseline center|`; `None` when the center is 0 or for nodata.
    pub relative_effect: Option<f64>,
    /// Whether `p < alpha`.
    pub significant: bool,
    /// The classification.
    pub classification: Classification,
    /// The metric's verdict: `Pass`, `Fail` (a High/Low in a bad direction) or
    /// `Inconclusive` (nodata).
    pub verdict: Verdict,
    /// One line explaining the verdict.
    pub reason: String,
}

impl MetricJudgement {
    /// Whether the metric counts as passing in the score.
    pub fn passed(&self) -> bool {
        self.verdict == Verdict::Pass
    }

    /// Whether the metric failed (a bad-direction change), as opposed to passing or nodata.
    pub fn failed(&self) -> bool {
        self.verdict == Verdict::Fail
    }
}

impl MetricSamples {
    /// Check `allowed_change` is finite and not negative, and the name is not empty.
    pub fn validate(&self) -> Result<(), AnalysisError> {
        let invalid = |reason: &str| AnalysisError::InvalidCanaryMetric {
            metric: self.name.clone(),
            reason: reason.to_string(),
        };
        if self.name.trim().is_empty() {
            return Err(invalid("the metric needs a name"));
        }
        if !self.allowed_change.is_finite() || self.allowed_change < 0.0 {
            return Err(invalid(
                "`allowed_change` must be a finite, non-negative ratio",
            ));
        }
        Ok(())
    }
}

/// Judge one metric (see the module docs). Validates the metric and the config.
pub fn judge_metric(
    config: &JudgeConfig,
    metric: &MetricSamples,
) -> Result<MetricJudgement, AnalysisError> {
    config.validate()?;
    metric.validate()?;
    let (canary, cs) = SampleSummary::of(&metric.canary);
    let (baseline, bs) = SampleSummary::of(&metric.baseline);
    let mut j = MetricJudgement {
        name: metric.name.clone(),
        direction: metric.direction,
        allowed_change: metric.allowed_change,
        critical: metric.critical,
        canary,
        baseline,
        u: None,
        p_value: None,
        p_method: None,
        shift: None,
        shift_interval: None,
        center_kind: None,
        baseline_center: None,
        allowed_band: None,
        relative_effect: None,
        significant: false,
        classification: Classification::NoData,
        verdict: Verdict::Inconclusive,
        reason: String::new(),
    };
    let need = config.min_samples.max(1);
    let test = if cs.len() < need || bs.len() < need {
        None
    } else {
        mann_whitney_u(&cs, &bs)
    };
    let differences = test.as_ref().map(|_| Differences::new(&cs, &bs));
    let shift = differences.as_ref().and_then(Differences::median);
    let (Some(test), Some(shift)) = (test, shift) else {
        let dropped = j.canary.dropped + j.baseline.dropped;
        j.reason = format!(
            "no data: {} canary and {} baseline finite samples, at least {need} per side needed{}",
            j.canary.n,
            j.baseline.n,
            if dropped > 0 {
                format!(" ({dropped} NaN/Inf dropped)")
            } else {
                String::new()
            }
        );
        return Ok(j);
    };
    j.u = Some(test.u);
    j.p_value = Some(test.p_value);
    j.p_method = Some(test.method);
    j.shift = Some(shift);
    j.shift_interval = differences
        .as_ref()
        .and_then(|d| d.interval(1.0 - config.alpha));
    j.significant = test.p_value < config.alpha;

    let median = j.baseline.median.unwrap_or(0.0);
    let mean = j.baseline.mean.unwrap_or(0.0);
    let (kind, center) = if median != 0.0 {
        (BaselineCenter::Median, median)
    } else if mean != 0.0 {
        (BaselineCenter::Mean, mean)
    } else {
        (BaselineCenter::Zero, 0.0)
    };
    let band = metric.allowed_change * center.abs();
    j.center_kind = Some(kind);
    j.baseline_center = Some(center);
    j.allowed_band = Some(band);
    j.relative_effect = (kind != BaselineCenter::Zero).then(|| shift / center.abs());

    j.classification = if !j.significant {
        Classification::Pass
    } else if kind == BaselineCenter::Zero {
        if test.u_minus_mean() > 0.0 {
            Classification::High
        } else {
            Classification::Low
        }
    } else if shift > band {
        Classification::High
    } else if shift < -band {
        Classification::Low
    } else {
        Classification::Pass
    };
    let bad = matches!(
        (j.classification, metric.direction),
        (
            Classification::High,
            Direction::Increase | Direction::Either
        ) | (Classification::Low, Direction::Decrease | Direction::Either)
    );
    j.verdict = if bad { Verdict::Fail } else { Verdict::Pass };
    j.reason = reason(&j, config.alpha, kind);
    Ok(j)
}

fn reason(j: &MetricJudgement, alpha: f64, kind: BaselineCenter) -> String {
    let p = format::p_value(j.p_value.unwrap_or(1.0));
    let shift = j.shift.unwrap_or(0.0);
    let shift_text = match j.relative_effect {
        Some(r) => format!(
            "shift {}{} ({})",
            if shift > 0.0 { "+" } else { "" },
            format::value(shift),
            format::signed_percent(r)
        ),
        None => format!(
            "shift {}{}",
            if shift > 0.0 { "+" } else { "" },
            format::value(shift)
        ),
    };
    let center_name = match kind {
        BaselineCenter::Median => "baseline median",
        BaselineCenter::Mean => "baseline mean",
        BaselineCenter::Zero => "baseline level",
    };
    let allowed = format!(
        "{}% of the {center_name} {} (±{})",
        format::value(j.allowed_change * 100.0),
        format::value(j.baseline_center.unwrap_or(0.0)),
        format::value(j.allowed_band.unwrap_or(0.0))
    );
    let side = match j.classification {
        Classification::High => "higher",
        Classification::Low => "lower",
        _ => "",
    };
    match j.classification {
        Classification::Pass if !j.significant => {
            format!("no significant difference (p = {p} ≥ {alpha}); {shift_text}")
        }
        Classification::Pass => format!(
            "significant (p = {p}) but the {shift_text} is within the allowed {allowed}"
        ),
        Classification::High | Classification::Low if kind == BaselineCenter::Zero => format!(
            "canary {side} than a baseline of 0 (p = {p} < {alpha}); with no baseline level any significant change counts{}",
            if j.verdict == Verdict::Fail {
                String::new()
            } else {
                format!(", and {side} is not bad for this metric ({} is)", j.direction.key())
            }
        ),
        Classification::High | Classification::Low if j.verdict == Verdict::Fail => format!(
            "canary {side}: {shift_text} exceeds the allowed {allowed}, p = {p} < {alpha}"
        ),
        Classification::High | Classification::Low => format!(
            "canary {side} ({shift_text}, p = {p}): an improvement, only {} is bad for this metric",
            if j.direction == Direction::Increase { "an increase" } else { "a decrease" }
        ),
        Classification::NoData => "no data".to_string(),
    }
}
