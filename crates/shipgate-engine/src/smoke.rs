//! The smoke section: poll the configured HTTP checks until they pass or the deadline ends.

use std::time::Duration;

use shipgate_config::{SmokeCheckConfig, SmokeConfig};
use shipgate_core::{Report, SmokeCheckRow, SmokeSection};
use shipgate_http::smoke::{
    run_smoke_with_clock, CheckSpec, ExpectSpec, RequestSpec, SmokeAuth, SmokeOutcome, SmokeSpec,
    WaitSpec,
};
use url::Url;

use crate::context::Context;
use crate::error::EngineError;
use crate::events::Event;
use crate::interrupted::{because, interrupted_report};
use crate::interruptible::until_cancelled;
use crate::waiting_clock::{WaitKind, WaitingClock};
use crate::words::{human_duration, plural, seconds};

/// Timeout of one request (connect, send, read the whole answer).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Run the smoke section (with an optional base URL override) into a report.
pub async fn evaluate_smoke(
    ctx: &Context<'_>,
    base_url: Option<&str>,
) -> Result<Report, EngineError> {
    let config = section(ctx)?;
    let spec = spec(config, base_url)?;
    ctx.emit(Event::SectionStarted {
        section: "smoke",
        detail: format!(
            "{} against {} (deadline {})",
            plural(spec.checks.len(), "check"),
            display_url(&spec.base_url),
            human_duration(spec.wait.timeout)
        ),
    });
    let clock = WaitingClock::start(
        WaitKind::Smoke {
            checks: spec.checks.len(),
            deadline: spec.wait.timeout,
        },
        spec.wait.interval.max(Duration::from_secs(1)),
        ctx.events,
    );
    let Some(outcome) = until_cancelled(&ctx.cancel, run_smoke_with_clock(&spec, &clock)).await
    else {
        let gates: Vec<(String, String)> = spec
            .checks
            .iter()
            .map(|c| (format!("SMOKE-{}", c.name), c.name.clone()))
            .collect();
        let why = because(ctx.cancel.reason(), "before the checks passed");
        return Ok(interrupted_report(&gates, &why));
    };
    Ok(report(&spec, &outcome?))
}

fn section<'c>(ctx: &'c Context<'_>) -> Result<&'c SmokeConfig, EngineError> {
    let config = ctx.config("; `shipgate smoke` reads its checks from the `smoke:` section")?;
    config.smoke.as_ref().ok_or_else(|| EngineError::NoSection {
        config: config.path.clone(),
        section: "smoke",
        hint: "see `shipgate smoke --help`",
    })
}

/// The runner's spec from the config section; `base_url` overrides the configured one.
pub fn spec(config: &SmokeConfig, base_url: Option<&str>) -> Result<SmokeSpec, EngineError> {
    let (text, origin) = match base_url {
        Some(url) => (url, "--base-url"),
        None => (config.base_url.as_str(), "smoke.base_url"),
    };
    let base = Url::parse(text).map_err(|source| EngineError::InvalidUrl {
        origin,
        text: text.to_string(),
        source,
    })?;
    let mut spec = SmokeSpec::new(base, config.checks.iter().map(check).collect());
    spec.wait = WaitSpec {
        timeout: seconds(config.wait_timeout_seconds),
        interval: seconds(config.wait_interval_seconds),
    };
    spec.auth = match &config.auth {
        shipgate_config::SmokeAuth::None => SmokeAuth::None,
        shipgate_config::SmokeAuth::Bearer { token } => SmokeAuth::Bearer {
            token: token.clone(),
        },
        shipgate_config::SmokeAuth::Basic { user, password } => SmokeAuth::Basic {
            user: user.clone(),
            password: password.clone(),
        },
    };
    spec.tls_verify = config.tls_verify;
    spec.ca_file = config.tls.ca_file.clone();
    spec.request_timeout = REQUEST_TIMEOUT;
    Ok(spec)
}

fn check(c: &SmokeCheckConfig) -> CheckSpec {
    CheckSpec {
        name: c.name.clone(),
        request: RequestSpec {
            method: c.method.clone(),
            path: c.path.clone(),
            headers: c.headers.clone(),
            json: c.json.clone(),
            body: c.body.clone(),
        },
        expect: ExpectSpec {
            status: c.expect_status.clone(),
            json: c.expect_json.clone(),
            body_contains: c.body_contains.clone(),
            headers: c.expect_headers.clone(),
            max_latency: c.max_latency_seconds.map(seconds),
        },
        capture: c.capture.clone(),
    }
}

/// The URL without its password.
fn display_url(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some("***"));
    }
    shown.to_string()
}

/// The report of a smoke run: one gate per check and the smoke section.
pub fn report(spec: &SmokeSpec, outcome: &SmokeOutcome) -> Report {
    let gates = outcome.gate_results();
    let checks = outcome
        .checks
        .iter()
        .zip(&gates)
        .map(|(c, g)| SmokeCheckRow {
            name: c.name.clone(),
            verdict: c.verdict,
            attempts: c.attempts,
            last_status: c.last_status,
            last_latency_seconds: c.last_latency.map(|d| d.as_secs_f64()),
            detail: g.message.clone(),
        })
        .collect();
    let mut report = Report::new(gates);
    report.verdict = outcome.verdict;
    report.add_warnings(outcome.warnings.iter().cloned());
    report.smoke = Some(SmokeSection {
        base_url: display_url(&spec.base_url),
        elapsed_seconds: outcome.elapsed_seconds,
        checks,
    });
    report
}
