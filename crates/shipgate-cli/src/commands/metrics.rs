//! `shipgate metrics`: measure the configured PromQL queries against their conditions.

use std::time::Duration;

use shipgate_analysis::{
    metric_gate_results, run_verdict, MeasurementResult, MetricOutcome, MetricSpec,
};
use shipgate_config::{Config, MetricCheckConfig, PrometheusConfig};
use shipgate_core::{ExitCode, MeasurementRow, MetricRow, MetricsSection, Report};
use shipgate_http::prometheus::{run_metric_checks, PrometheusClient};
use url::Url;

use crate::context::Context;
use crate::error::CliError;
use crate::progress::{ProgressClock, Waiting};
use crate::{output, runtime};

/// Run the metrics section and print its report.
pub fn run(ctx: &Context<'_>) -> Result<ExitCode, CliError> {
    let report = evaluate(ctx)?;
    output::emit(
        &report,
        ctx.format,
        "shipgate metrics",
        ctx.env,
        ctx.secrets(),
    )?;
    Ok(ExitCode::for_verdict(report.verdict))
}

/// Run every metric gate into a report (verdict `error` when Prometheus could not be read
/// past a metric's `consecutive_error_limit`).
pub fn evaluate(ctx: &Context<'_>) -> Result<Report, CliError> {
    let config = config(ctx)?;
    let Some(section) = &config.metrics else {
        return Err(CliError::Usage(format!(
            "{}: no `metrics:` section (see `shipgate metrics --help`)",
            config.path.display()
        )));
    };
    let client = client(config)?;
    let specs: Vec<MetricSpec> = section.checks.iter().map(spec).collect();
    let longest = specs
        .iter()
        .map(|s| s.interval_seconds * f64::from(s.count.saturating_sub(1)))
        .fold(0.0, f64::max);
    output::note(
        &format!(
            "shipgate: metrics: {} against {} (about {})",
            match specs.len() {
                1 => "1 metric".to_string(),
                n => format!("{n} metrics"),
            },
            client.url(),
            crate::progress::human_duration(crate::commands::smoke::seconds(longest))
        ),
        ctx.secrets(),
    );
    let shortest_interval = specs
        .iter()
        .map(|s| s.interval_seconds)
        .fold(f64::INFINITY, f64::min);
    let clock = ProgressClock::start(
        Waiting::Metrics {
            metrics: specs.len(),
        },
        crate::commands::smoke::seconds(shortest_interval.min(3600.0)).max(Duration::from_secs(1)),
    );
    let outcomes = runtime::block_on(run_metric_checks(&client, &specs, &clock))?
        .map_err(|e| CliError::Usage(format!("metrics: {e}")))?;
    Ok(report(&outcomes))
}

/// The config, or a usage error naming what is missing.
pub fn config<'c>(ctx: &'c Context<'_>) -> Result<&'c Config, CliError> {
    ctx.config.as_ref().ok_or_else(|| {
        CliError::Usage(
            "no shipgate.yaml found here or at the repository root (give one with --config)".into(),
        )
    })
}

/// The Prometheus client of the `prometheus:` section.
pub fn client(config: &Config) -> Result<PrometheusClient, CliError> {
    let Some(p) = &config.prometheus else {
        return Err(CliError::Usage(format!(
            "{}: no `prometheus:` section (metrics and analysis query it)",
            config.path.display()
        )));
    };
    prometheus_client(p)
}

fn prometheus_client(p: &PrometheusConfig) -> Result<PrometheusClient, CliError> {
    let url = Url::parse(&p.url)
        .map_err(|e| CliError::Usage(format!("prometheus.url: `{}` is not a URL: {e}", p.url)))?;
    let timeout = crate::commands::smoke::seconds(p.timeout_seconds);
    PrometheusClient::new(url, p.bearer_token.clone(), timeout)
        .map_err(|e| CliError::Usage(e.to_string()))
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
