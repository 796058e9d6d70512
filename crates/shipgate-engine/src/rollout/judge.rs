//! The canary judge inside a rollout (`rollout.analysis.judge: true`): the `analysis:`
//! section's metrics, canary (`{{version}}`) against stable (`{{stable}}`), compared over
//! the time the canary has had traffic (at most the section's `window`), every round.
//!
//! The judge decides only once every metric has `min_samples` per side; fewer is "not yet"
//! (and "not yet" when a step ends is inconclusive: the driver rolls back). A critical metric
//! that fails decides at once. Prometheus unreachable, a query that returns several series,
//! anything that keeps the judge from judging: the round fails (fail-closed).

use std::time::Duration;

use shipgate_analysis::{judge, CanaryAnalysis, CanaryVerdict, Classification, JudgeConfig};
use shipgate_config::AnalysisConfig;
use shipgate_http::prometheus::PrometheusClient;
use shipgate_rollout::{JudgeMetricRound, JudgeRound};

use super::placeholders::Vars;
use super::world::Tick;
use crate::analysis::{fetch_all, judge_config, Fetched};
use crate::words::seconds;

/// The judge of one rollout, its selectors and queries already substituted.
#[derive(Debug, Clone)]
pub struct RolloutJudge {
    client: PrometheusClient,
    section: AnalysisConfig,
    config: JudgeConfig,
}

impl RolloutJudge {
    /// The judge of `section` with `{{version}}` and `{{stable}}` replaced by `vars` in its
    /// selectors and queries (`{{selector}}` stays for the judge's own matchers).
    pub fn new(client: PrometheusClient, section: &AnalysisConfig, vars: &Vars) -> Self {
        let mut section = section.clone();
        let substitute = |pairs: &mut Vec<(String, String)>| {
            for (_, value) in pairs.iter_mut() {
                *value = vars.substitute(value);
            }
        };
        substitute(&mut section.canary);
        substitute(&mut section.baseline);
        for metric in &mut section.metrics {
            metric.query = vars.substitute(&metric.query);
        }
        let config = judge_config(&section);
        RolloutJudge {
            client,
            section,
            config,
        }
    }

    /// One round over the time the canary has had traffic.
    pub async fn tick(&self, traffic_for: Duration) -> (Tick, JudgeRound) {
        let step = self.section.step_seconds;
        let window = traffic_for.as_secs_f64().min(self.section.window_seconds);
        let mut round = JudgeRound {
            outcome: "not_yet".to_string(),
            score: 0.0,
            pass_score: self.section.pass_score,
            marginal_score: self.section.marginal_score,
            window_seconds: window,
            min_samples: self.section.min_samples,
            metrics: Vec::new(),
        };
        if window < step {
            let why = format!(
                "judge: the canary has had traffic for {:.0}s, less than one step ({step}s)",
                traffic_for.as_secs_f64()
            );
            return (Tick::NotYet(why), round);
        }
        let fetched = fetch_all(
            &self.client,
            &self.section,
            &self.section.canary,
            &self.section.baseline,
            seconds(window),
        )
        .await;
        let fetched = match fetched {
            Ok(f) => f,
            Err(e) => {
                round.outcome = "error".to_string();
                return (
                    Tick::Failed(format!("judge: {}", crate::error::chain(&e))),
                    round,
                );
            }
        };
        let mut samples = Vec::with_capacity(fetched.len());
        for f in fetched {
            match f {
                Fetched::Samples { samples: s, .. } => samples.push(s),
                Fetched::Unreachable { name, message } => {
                    round.outcome = "error".to_string();
                    return (Tick::Failed(format!("judge: {name}: {message}")), round);
                }
            }
        }
        match judge(&self.config, &samples) {
            Ok(analysis) => {
                let tick = decide(&analysis, self.section.min_samples);
                round.metrics = rows(&analysis);
                round.score = analysis.score;
                round.outcome = match tick {
                    Tick::NotYet(_) => "not_yet".to_string(),
                    _ => analysis.outcome.key().to_string(),
                };
                (tick, round)
            }
            Err(e) => {
                round.outcome = "error".to_string();
                (Tick::Failed(format!("judge: {e}")), round)
            }
        }
    }
}

/// What the judge's analysis means for the rollout.
fn decide(analysis: &CanaryAnalysis, min_samples: u64) -> Tick {
    let failing: Vec<String> = analysis
        .metrics
        .iter()
        .filter(|m| matches!(m.classification, Classification::High | Classification::Low))
        .filter(|m| !m.verdict.is_passing())
        .map(|m| format!("{} ({})", m.name, m.reason))
        .collect();
    let critical_failed = analysis.metrics.iter().any(|m| {
        m.critical && !m.verdict.is_passing() && m.classification != Classification::NoData
    });
    let waiting: Vec<String> = analysis
        .metrics
        .iter()
        .filter(|m| m.classification == Classification::NoData)
        .map(|m| {
            format!(
                "{}: {} canary and {} stable samples, {min_samples} needed per side",
                m.name, m.canary.n, m.baseline.n
            )
        })
        .collect();
    if critical_failed {
        return Tick::Failed(format!(
            "judge: a critical metric fails: {}",
            failing.join("; ")
        ));
    }
    if !waiting.is_empty() {
        return Tick::NotYet(format!("judge: {}", waiting.join("; ")));
    }
    match analysis.outcome {
        CanaryVerdict::Pass => Tick::Healthy,
        CanaryVerdict::Marginal if analysis.allow_marginal => Tick::Healthy,
        CanaryVerdict::Marginal | CanaryVerdict::Fail => Tick::Failed(format!(
            "judge: the canary scores {:.0} against stable ({}){}",
            analysis.score,
            analysis.reason,
            if failing.is_empty() {
                String::new()
            } else {
                format!(": {}", failing.join("; "))
            }
        )),
        CanaryVerdict::Inconclusive => Tick::NotYet(format!("judge: {}", analysis.reason)),
    }
}

fn rows(analysis: &CanaryAnalysis) -> Vec<JudgeMetricRound> {
    let finite = |v: f64| v.is_finite().then_some(v);
    analysis
        .metrics
        .iter()
        .map(|m| JudgeMetricRound {
            name: m.name.clone(),
            classification: m.classification.key().to_string(),
            canary_samples: m.canary.n,
            baseline_samples: m.baseline.n,
            canary_median: m.canary.median.and_then(finite),
            baseline_median: m.baseline.median.and_then(finite),
            relative_effect: m.relative_effect.and_then(finite),
            allowed_change: m.allowed_change,
            p_value: m.p_value.and_then(finite),
            reason: m.reason.clone(),
        })
        .collect()
}
