//! The metrics section: measure the configured PromQL queries against their conditions.

use std::time::Duration;

use shipgate_analysis::{
    metric_gate_results, run_verdict, MeasurementResult, MetricOutcome, MetricSpec,
};
use shipgate_config::{Config, MetricCheckConfig, PrometheusConfig};
use shipgate_core::{MeasurementRow, MetricRow, MetricsSection, Report};
use shipgate_http::prometheus::{run_metric_checks_observed, MeasurementSeen, PrometheusClient};
use url::Url;

use crate::context::Context;
use crate::error::EngineError;
use crate::events::Event;
use crate::interrupted::{because, interrupted_report};
use crate::interruptible::until_cancelled;
use crate::waiting_clock::{WaitKind, WaitingClock};
use crate::words::{human_duration, plural, seconds};

/// Run every metric gate into a report (verdict `error` when Prometheus could not be read
/// past a metric's `consecutive_error_limit`).
pub async fn evaluate_metrics(ctx: &Context<'_>) -> Result<Report, EngineError> {
    let config = ctx.config("")?;
    let Some(section) = &config.metrics else {
        return Err(EngineError::NoSection {
            config: config.path.clone(),
            section: "metrics",
            hint: "see `shipgate metrics --help`",
        });
    };
    let client = client(config)?;
    let specs: Vec<MetricSpec> = section.checks.iter().map(spec).collect();
    let longest = specs
        .iter()
        .map(|s| s.interval_seconds * f64::from(s.count.saturating_sub(1)))
        .fold(0.0, f64::max);
    ctx.emit(Event::SectionStarted {
        section: "metrics",
        detail: format!(
            "{} against {} (about {})",
            plural(specs.len(), "metric"),
            client.url(),
            human_duration(seconds(longest))
        ),
    });
    let shortest_interval = specs
        .iter()
        .map(|s| s.interval_seconds)
        .fold(f64::INFINITY, f64::min);
    let clock = WaitingClock::start(
        WaitKind::Metrics {
            metrics: specs.len(),
        },
        seconds(shortest_interval.min(3600.0)).max(Duration::from_secs(1)),
        ctx.events,
    );
    let observe = |m: MeasurementSeen<'_>| {
        ctx.emit(Event::Measurement {
            metric: m.metric.to_string(),
            at_seconds: m.at_seconds,
            result: m.result,
        })
    };
    let Some(outcomes) = until_cancelled(
        &ctx.cancel,
        run_metric_checks_observed(&client, &specs, &clock, &observe),
    )
    .await
    else {
        let gates: Vec<(String, String)> = specs
            .iter()
            .map(|s| (format!("MG-{}", s.name), s.name.clone()))
            .collect();
        let why = because(ctx.cancel.reason(), "before the measurements ended");
        return Ok(interrupted_report(&gates, &why));
    };
    let outcomes = outcomes.map_err(|source| EngineError::Analysis {
        section: "metrics".to_string(),
        source: Box::new(source),
    })?;
    Ok(report(&outcomes))
}

/// The Prometheus client of the `prometheus:` section.
pub fn client(config: &Config) -> Result<PrometheusClient, EngineError> {
    let Some(p) = &config.prometheus else {
        return Err(EngineError::NoSection {
            config: config.path.clone(),
            section: "prometheus",
            hint: "metrics and analysis query it",
        });
    };
    prometheus_client(p)
}

fn prometheus_client(p: &PrometheusConfig) -> Result<PrometheusClient, EngineError> {
    let url = Url::parse(&p.url).map_err(|source| EngineError::InvalidUrl {
        origin: "prometheus.url",
        text: p.url.clone(),
        source,
    })?;
    let timeout = seconds(p.timeout_seconds);
    Ok(PrometheusClient::with_ca_file(
        url,
        p.bearer_token.clone(),
        timeout,
        p.tls.ca_file.as_deref(),
    )?)
}

fn spec(c: &MetricCheckConfig) -> MetricSpec {
    let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    let mut s = MetricSpec::new(c.name.clone(), c.query.clone(), c.condition.clone());
    s.count = small(c.count);
    s.interval_seconds = c.interval_seconds;
    s.failure_limit = small(c.failure_limit);
    s.inconclusive_limit = small(c.inconclusive_limit);
    s.consecutive_error_limit = small(c.consecutive_error_limit);
    s
}

/// One gate per metric, the metrics section with every measurement, and the run verdict.
pub fn report(outcomes: &[MetricOutcome]) -> Report {
    let mut report = Report::new(metric_gate_results(outcomes));
    report.verdict = run_verdict(outcomes);
    report.metrics = Some(MetricsSection {
        metrics: outcomes
            .iter()
            .map(|o| MetricRow {
                name: o.name.clone(),
                query: o.query.clone(),
                condition: o.condition.source.clone(),
                verdict: o.verdict(),
                measurements: o
                    .measurements
                    .iter()
                    .map(|m| MeasurementRow {
                        at_seconds: m.at_seconds,
                        outcome: m.result.key().to_string(),
                        values: m
                            .values
                            .iter()
                            .map(|v| (v.labels.clone(), v.value))
                            .collect(),
                        error: match &m.result {
                            MeasurementResult::Error { message } => Some(message.clone()),
                            _ => None,
                        },
                    })
                    .collect(),
            })
            .collect(),
    });
    report
}
