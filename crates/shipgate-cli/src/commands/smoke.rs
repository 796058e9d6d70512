//! `shipgate smoke`: poll the configured HTTP checks until they pass or the deadline ends.

use std::time::Duration;

use shipgate_config::{SmokeCheckConfig, SmokeConfig};
use shipgate_core::{ExitCode, Report, SmokeCheckRow, SmokeSection};
use shipgate_http::smoke::{
    run_smoke_with_clock, CheckSpec, ExpectSpec, RequestSpec, SmokeAuth, SmokeError, SmokeOutcome,
    SmokeSpec, WaitSpec,
};
use url::Url;

use crate::args::SmokeArgs;
use crate::context::Context;
use crate::error::CliError;
use crate::progress::{ProgressClock, Waiting};
use crate::{output, runtime};

/// Timeout of one request (connect, send, read the whole answer).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Run the smoke section and print its report.
pub fn run(ctx: &Context<'_>, args: &SmokeArgs) -> Result<ExitCode, CliError> {
    let report = evaluate(ctx, args.base_url.as_deref())?;
    output::emit(
        &report,
        ctx.format,
        "shipgate smoke",
        ctx.env,
        ctx.secrets(),
    )?;
    Ok(ExitCode::for_verdict(report.verdict))
}

/// Run the smoke section (with an optional base URL override) into a report.
pub fn evaluate(ctx: &Context<'_>, base_url: Option<&str>) -> Result<Report, CliError> {
    let config = section(ctx)?;
    let spec = spec(config, base_url)?;
    output::note(
        &format!(
            "shipgate: smoke: {} against {} (deadline {})",
            plural(spec.checks.len(), "check"),
            display_url(&spec.base_url),
            crate::progress::human_duration(spec.wait.timeout)
        ),
        ctx.secrets(),
    );
    let clock = ProgressClock::start(
        Waiting::Smoke {
            checks: spec.checks.len(),
            deadline: spec.wait.timeout,
        },
        spec.wait.interval.max(Duration::from_secs(1)),
    );
    let outcome = runtime::block_on(run_smoke_with_clock(&spec, &clock))?.map_err(|e| match e {
        SmokeError::Spec(spec) => CliError::Usage(spec.to_string()),
        SmokeError::Client { .. } => CliError::Dependency(e.to_string()),
    })?;
    Ok(report(&spec, &outcome))
}

fn section<'c>(ctx: &'c Context<'_>) -> Result<&'c SmokeConfig, CliError> {
    let Some(config) = &ctx.config else {
        return Err(CliError::Usage(
            "no shipgate.yaml found here or at the repository root (give one with --config); `shipgate smoke` reads its checks from the `smoke:` section".into(),
        ));
    };
    config.smoke.as_ref().ok_or_else(|| {
        CliError::Usage(format!(
            "{}: no `smoke:` section (see `shipgate smoke --help`)",
            config.path.display()
        ))
    })
}

/// The runner's spec from the config section; `base_url` overrides the configured one.
pub fn spec(config: &SmokeConfig, base_url: Option<&str>) -> Result<SmokeSpec, CliError> {
    let (text, origin) = match base_url {
        Some(url) => (url, "--base-url"),
        None => (config.base_url.as_str(), "smoke.base_url"),
    };
    let base = Url::parse(text)
        .map_err(|e| CliError::Usage(format!("{origin}: `{text}` is not a URL: {e}")))?;
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

/// A config duration (finite, non-negative seconds) as a `Duration`; anything else is 0.
pub fn seconds(s: f64) -> Duration {
    Duration::try_from_secs_f64(s).unwrap_or(Duration::ZERO)
}

/// The URL without its password.
fn display_url(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some("***"));
    }
    shown.to_string()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
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
    report.smoke = Some(SmokeSection {
        base_url: display_url(&spec.base_url),
        elapsed_seconds: outcome.elapsed_seconds,
        checks,
    });
    report
}
