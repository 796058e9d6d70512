//! `shipgate rollout start|status|resume|abort|approve` and `shipgate history deployments`:
//! flags into engine requests, the summary out.

use shipgate_core::ExitCode;
use shipgate_engine::rollout::session::{self, RolloutSummary, StartRequest};

use crate::args::{FormatArg, RolloutCommand};
use crate::context::Context;
use crate::error::CliError;

pub async fn run(ctx: &Context<'_>, cmd: &RolloutCommand) -> Result<ExitCode, CliError> {
    match cmd {
        RolloutCommand::Start {
            version,
            stable,
            plan,
        } => {
            let request = StartRequest {
                version: version.clone(),
                stable: stable.clone(),
                plan: plan.clone(),
                started_by: started_by(ctx),
            };
            let summary = session::start(ctx, &request).await?;
            finished(ctx, &summary)
        }
        RolloutCommand::Resume { service } => {
            let summary = session::resume(ctx, service.as_deref()).await?;
            finished(ctx, &summary)
        }
        RolloutCommand::Status { service } => match session::status(ctx, service.as_deref())? {
            Some(summary) => {
                print(ctx, &summary)?;
                Ok(ExitCode::Pass)
            }
            None => {
                eprintln!("shipgate: no rollout recorded for this service yet");
                Ok(ExitCode::Pass)
            }
        },
        RolloutCommand::Abort { service, reason } => {
            let id = session::abort(ctx, service.as_deref(), &who(), reason)?;
            eprintln!("shipgate: rollout {id} asked to roll back");
            Ok(ExitCode::Pass)
        }
        RolloutCommand::Approve { service } => {
            let id = session::approve(ctx, service.as_deref(), &who())?;
            eprintln!("shipgate: rollout {id} approved");
            Ok(ExitCode::Pass)
        }
    }
}

/// `shipgate history deployments`.
pub fn deployments(ctx: &Context<'_>, service: Option<&str>) -> Result<ExitCode, CliError> {
    let all = session::deployments(ctx, service)?;
    let text = if ctx.format == FormatArg::Json {
        json(&all)?
    } else {
        let mut out = String::new();
        for d in &all {
            out.push_str(&format!(
                "{:>4}  {:<12} {:<12} {:<10} {}\n",
                d.rollout_id,
                d.version,
                d.outcome,
                d.plan,
                d.failure.as_deref().unwrap_or("")
            ));
        }
        if all.is_empty() {
            out.push_str("no rollout recorded\n");
        }
        out
    };
    crate::output::write_stdout(&text)?;
    Ok(ExitCode::Pass)
}

fn finished(ctx: &Context<'_>, summary: &RolloutSummary) -> Result<ExitCode, CliError> {
    print(ctx, summary)?;
    if let Some(path) = &summary.incident_report {
        eprintln!("shipgate: incident report: {}", path.display());
        step_summary(ctx, path);
    }
    Ok(if summary.promoted() {
        ExitCode::Pass
    } else {
        ExitCode::GateFailed
    })
}

fn print(ctx: &Context<'_>, summary: &RolloutSummary) -> Result<(), CliError> {
    let text = if ctx.format == FormatArg::Json {
        json(summary)?
    } else {
        human(summary)
    };
    crate::output::write_stdout(&ctx.redactor().redact(&text))
}

fn human(s: &RolloutSummary) -> String {
    let mut out = format!(
        "rollout {} of {}: {} (stable {}, plan {}): {}\n",
        s.rollout_id,
        s.service,
        s.version,
        s.stable.as_deref().unwrap_or("none"),
        s.plan,
        s.outcome.replace('_', " ")
    );
    if let Some(failure) = &s.failure {
        out.push_str(&format!("  why: {failure}\n"));
    }
    if let Some(path) = &s.incident_report {
        out.push_str(&format!("  incident report: {}\n", path.display()));
    }
    if let Some(stuck) = &s.stuck {
        out.push_str(&format!(
            "  stuck: {stuck}\n  retry with `shipgate rollout resume`, or `shipgate rollout abort`\n"
        ));
    }
    for (step, by) in &s.approvals {
        out.push_str(&format!("  step {} approved by {by}\n", step + 1));
    }
    for t in s.timeline.iter().filter(|t| t.result != "begun") {
        out.push_str(&format!("  {}  {}: {}\n", t.at_ms, t.what, t.result));
    }
    out
}

fn json(value: &impl Encode) -> Result<String, CliError> {
    value
        .encode()
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| CliError::Output {
            what: "cannot encode the rollout as JSON".to_string(),
            source: std::io::Error::other(e),
        })
}

/// In GitHub Actions, the incident report goes into the job's step summary too.
fn step_summary(ctx: &Context<'_>, report: &std::path::Path) {
    use std::io::Write;
    let env = |k: &str| (ctx.env)(k);
    if env("GITHUB_ACTIONS").as_deref() != Some("true") {
        return;
    }
    let Some(summary) = env("GITHUB_STEP_SUMMARY") else {
        return;
    };
    let text = std::fs::read_to_string(report).unwrap_or_default();
    let appended = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&summary)
        .and_then(|mut f| f.write_all(ctx.redactor().redact(&text).as_bytes()));
    if let Err(e) = appended {
        eprintln!("shipgate: warning: cannot append to the step summary {summary}: {e}");
    }
}

/// What can be printed as JSON here.
trait Encode {
    fn encode(&self) -> serde_json::Result<String>;
}

impl Encode for RolloutSummary {
    fn encode(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self)
    }
}

impl Encode for Vec<RolloutSummary> {
    fn encode(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self)
    }
}

/// Who runs this: the CI run's URL in GitHub Actions, else the user.
fn started_by(ctx: &Context<'_>) -> Option<String> {
    let env = |k: &str| (ctx.env)(k);
    match (
        env("GITHUB_SERVER_URL"),
        env("GITHUB_REPOSITORY"),
        env("GITHUB_RUN_ID"),
    ) {
        (Some(server), Some(repo), Some(run)) => {
            Some(format!("{server}/{repo}/actions/runs/{run}"))
        }
        _ => Some(who()),
    }
}

fn who() -> String {
    std::env::var("USER").unwrap_or_else(|_| "unknown".to_string())
}
