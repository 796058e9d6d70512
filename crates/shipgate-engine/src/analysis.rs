//! The analysis section: the canary judge. Query every metric for the canary and the
//! baseline over the window, compare them, score the canary.

use shipgate_analysis::{
    judge, CanaryAnalysis, Direction, JudgeConfig, MetricSamples, SampleSummary,
};
use shipgate_config::{AnalysisConfig, AnalysisMetricConfig};
use shipgate_core::{CanaryMetricRow, CanarySection, GateResult, Report, SampleStats, Verdict};
use shipgate_http::prometheus::{fetch_samples, CanaryError, PrometheusClient};

use crate::context::Context;
use crate::error::EngineError;
use crate::events::Event;
use crate::interrupted::{because, interrupted_report};
use crate::interruptible::until_cancelled;
use crate::metrics::client;
use crate::words::{human_duration, seconds};

/// Selectors that override the config's (`label=value,...` text as given).
#[derive(Debug, Clone, Default)]
pub struct AnalysisRequest {
    pub canary: Option<String>,
    pub baseline: Option<String>,
}

/// Parse `k=v,k2=v2` into label matchers.
pub fn parse_selector(
    flag: &'static str,
    text: &str,
) -> Result<Vec<(String, String)>, EngineError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(EngineError::Selector {
                flag,
                problem: format!("`{pair}` is not `label=value`"),
            });
        };
        let (k, v) = (k.trim(), v.trim());
        if k.is_empty() {
            return Err(EngineError::Selector {
                flag,
                problem: format!("`{pair}` has no label name"),
            });
        }
        out.push((k.to_string(), v.to_string()));
    }
    if out.is_empty() {
        return Err(EngineError::Selector {
            flag,
            problem: "give at least one `label=value` pair".to_string(),
        });
    }
    Ok(out)
}

/// The judge's settings of an `analysis:` section.
pub(crate) fn judge_config(section: &AnalysisConfig) -> JudgeConfig {
    JudgeConfig {
        min_samples: usize::try_from(section.min_samples).unwrap_or(usize::MAX),
        alpha: section.alpha,
        pass_score: section.pass_score,
        marginal_score: section.marginal_score,
        allow_marginal: section.allow_marginal,
    }
}

/// What one metric's queries produced.
pub(crate) enum Fetched {
    Samples {
        samples: MetricSamples,
        warnings: Vec<String>,
    },
    /// Prometheus could not be read: evaluation impossible for this metric.
    Unreachable { name: String, message: String },
}

/// Query, judge and build the report.
pub async fn evaluate_analysis(
    ctx: &Context<'_>,
    args: &AnalysisRequest,
) -> Result<Report, EngineError> {
    let config = ctx.config("")?;
    let Some(section) = &config.analysis else {
        return Err(EngineError::NoSection {
            config: config.path.clone(),
            section: "analysis",
            hint: "see `shipgate analyze --help`",
        });
    };
    let client = client(config)?;
    let canary = match &args.canary {
        Some(t) => parse_selector("--canary", t)?,
        None => section.canary.clone(),
    };
    let baseline = match &args.baseline {
        Some(t) => parse_selector("--baseline", t)?,
        None => section.baseline.clone(),
    };
    let judge_config = judge_config(section);
    ctx.emit(Event::SectionStarted {
        section: "analyze",
        detail: format!(
            "{} metric(s), canary {{{}}} vs baseline {{{}}} over the last {} every {}",
            section.metrics.len(),
            selector_text(&canary),
            selector_text(&baseline),
            human_duration(seconds(section.window_seconds)),
            human_duration(seconds(section.step_seconds)),
        ),
    });
    let window = seconds(section.window_seconds);
    let Some(fetched) = until_cancelled(
        &ctx.cancel,
        fetch_all(&client, section, &canary, &baseline, window),
    )
    .await
    else {
        let gates: Vec<(String, String)> = section
            .metrics
            .iter()
            .map(|m| (format!("CA-{}", m.name), m.name.clone()))
            .collect();
        let why = because(ctx.cancel.reason(), "while querying Prometheus");
        return Ok(interrupted_report(&gates, &why));
    };
    let fetched = fetched?;
    let mut warnings: Vec<String> = Vec::new();
    let mut samples = Vec::new();
    let mut unreachable = Vec::new();
    for f in fetched {
        match f {
            Fetched::Samples {
                samples: s,
                warnings: w,
            } => {
                for warning in w {
                    if !warnings.contains(&warning) {
                        warnings.push(warning);
                    }
                }
                samples.push(s);
            }
            Fetched::Unreachable { name, message } => unreachable.push((name, message)),
        }
    }
    for w in &warnings {
        ctx.emit(Event::Warning { message: w.clone() });
    }
    if !unreachable.is_empty() {
        return Ok(unreachable_report(
            &unreachable,
            &samples,
            warnings,
            section,
        ));
    }
    let analysis = judge(&judge_config, &samples).map_err(|source| EngineError::Analysis {
        section: "analysis".to_string(),
        source: Box::new(source),
    })?;
    Ok(report(&analysis, section, warnings))
}

fn selector_text(selector: &[(String, String)]) -> String {
    selector
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Every metric of `section`, both sides, over the `window` ending now.
pub(crate) async fn fetch_all(
    client: &PrometheusClient,
    section: &AnalysisConfig,
    canary: &[(String, String)],
    baseline: &[(String, String)],
    window: std::time::Duration,
) -> Result<Vec<Fetched>, EngineError> {
    let step = seconds(section.step_seconds);
    let mut out = Vec::with_capacity(section.metrics.len());
    for metric in &section.metrics {
        let (c, b) = tokio::join!(
            fetch_samples(client, &metric.query, canary, window, step),
            fetch_samples(client, &metric.query, baseline, window, step),
        );
        out.push(match (c, b) {
            (Ok(c), Ok(b)) => {
                let warnings = [c.overlap_warning, b.overlap_warning]
                    .into_iter()
                    .flatten()
                    .map(|w| format!("{}: {w}", metric.name))
                    .collect();
                Fetched::Samples {
                    samples: metric_samples(metric, c.values, b.values),
                    warnings,
                }
            }
            (Err(CanaryError::Prometheus(e)), _) | (_, Err(CanaryError::Prometheus(e))) => {
                Fetched::Unreachable {
                    name: metric.name.clone(),
                    message: e.to_string(),
                }
            }
            (Err(source), _) | (_, Err(source)) => {
                return Err(EngineError::CanaryQuery {
                    metric: metric.name.clone(),
                    source: Box::new(source),
                })
            }
        });
    }
    Ok(out)
}

fn metric_samples(m: &AnalysisMetricConfig, canary: Vec<f64>, baseline: Vec<f64>) -> MetricSamples {
    MetricSamples {
        name: m.name.clone(),
        canary,
        baseline,
        direction: match m.direction {
            shipgate_config::Direction::Increase => Direction::Increase,
            shipgate_config::Direction::Decrease => Direction::Decrease,
            shipgate_config::Direction::Either => Direction::Either,
        },
        allowed_change: m.allowed_change,
        critical: m.critical,
    }
}

fn stats(s: &SampleSummary) -> SampleStats {
    SampleStats {
        n: s.n,
        dropped: s.dropped,
        min: s.min,
        median: s.median,
        mean: s.mean,
        p90: s.p90,
        max: s.max,
    }
}

/// The report of a finished analysis. Its verdict is the analysis verdict; when that lets
/// the release through (pass, or marginal with `allow_marginal`), metric gates that failed
/// within the score's tolerance are shown as warnings so that rows and verdict agree.
pub fn report(
    analysis: &CanaryAnalysis,
    section: &AnalysisConfig,
    warnings: Vec<String>,
) -> Report {
    let verdict = analysis.verdict();
    let mut gates = analysis.gate_results();
    if verdict.is_passing() {
        for g in &mut gates {
            if !g.verdict.is_passing() {
                g.message = format!("{} (tolerated: {})", g.message, analysis.reason);
                g.verdict = Verdict::Warn;
            }
        }
    }
    let mut report = Report::new(gates);
    report.verdict = verdict;
    report.canary = Some(CanarySection {
        score: analysis.score,
        pass_score: section.pass_score,
        marginal_score: section.marginal_score,
        outcome: analysis.outcome.key().to_string(),
        warnings,
        metrics: analysis
            .metrics
            .iter()
            .map(|j| CanaryMetricRow {
                name: j.name.clone(),
                classification: j.classification.key().to_string(),
                verdict: j.verdict,
                critical: j.critical,
                p_value: j.p_value,
                shift: j.shift,
                relative_effect: j.relative_effect,
                allowed_change: j.allowed_change,
                canary: stats(&j.canary),
                baseline: stats(&j.baseline),
                reason: j.reason.clone(),
            })
            .collect(),
    });
    report
}

/// Prometheus could not be read for some metrics: an `error` gate for each (exit 3), the
/// others listed as not evaluated; nothing is judged on partial data.
fn unreachable_report(
    unreachable: &[(String, String)],
    fetched: &[MetricSamples],
    warnings: Vec<String>,
    section: &AnalysisConfig,
) -> Report {
    let mut gates: Vec<GateResult> = unreachable
        .iter()
        .map(|(name, message)| GateResult {
            id: format!("CA-{name}"),
            name: name.clone(),
            verdict: Verdict::Error,
            threshold: None,
            measured: None,
            message: message.clone(),
            evidence: Vec::new(),
        })
        .collect();
    gates.extend(fetched.iter().map(|m| GateResult {
        id: format!("CA-{}", m.name),
        name: m.name.clone(),
        verdict: Verdict::NotEvaluated,
        threshold: None,
        measured: None,
        message: "not judged: another metric could not be queried".to_string(),
        evidence: Vec::new(),
    }));
    let mut report = Report::new(gates);
    report.verdict = Verdict::Error;
    report.canary = Some(CanarySection {
        score: 0.0,
        pass_score: section.pass_score,
        marginal_score: section.marginal_score,
        outcome: "error".to_string(),
        warnings,
        metrics: Vec::new(),
    });
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_parse_and_refuse_nonsense() {
        let s = parse_selector("--canary", "version=v2, track=canary").unwrap_or_default();
        assert_eq!(
            s,
            [
                ("version".to_string(), "v2".to_string()),
                ("track".to_string(), "canary".to_string())
            ]
        );
        for bad in ["", "version", "=v2", ",,"] {
            let e = parse_selector("--canary", bad).err();
            assert_eq!(
                e.map(|e| e.exit_code()),
                Some(shipgate_core::ExitCode::Usage),
                "{bad}"
            );
        }
    }
}
