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
        deployments_table(&all)
    };
    crate::output::write_stdout(&text)?;
    Ok(ExitCode::Pass)
}

/// One line per rollout: when, what, how it ended and why, who approved.
fn deployments_table(all: &[RolloutSummary]) -> String {
    if all.is_empty() {
        return "no rollout recorded\n".to_string();
    }
    let mut out = format!(
        "{:>4}  {:<20}  {:>7}  {:<12} {:<12} {:<10} {:<12} {}\n",
        "id", "started (UTC)", "took", "version", "stable", "plan", "outcome", "why / approved by"
    );
    for d in all {
        let started = i64::try_from(d.started_at_ms / 1000).unwrap_or(i64::MAX);
        let took = d.finished_at_ms.map_or_else(
            || "-".to_string(),
            |end| format!("{}s", end.saturating_sub(d.started_at_ms) / 1000),
        );
        let approved: Vec<String> = d
            .approvals
            .iter()
            .map(|(step, by)| format!("step {} by {by}", step + 1))
            .collect();
        let why = match (&d.failure, approved.is_empty()) {
            (Some(f), _) => f.clone(),
            (None, false) => format!("approved {}", approved.join(", ")),
            (None, true) => String::new(),
        };
        out.push_str(&format!(
            "{:>4}  {:<20}  {:>7}  {:<12} {:<12} {:<10} {:<12} {}\n",
            d.rollout_id,
            shipgate_core::format_unix(started),
            took,
            d.version,
            d.stable.as_deref().unwrap_or("-"),
            d.plan,
            d.outcome,
            why
        ));
    }
    out
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
    let text = match ctx.format {
        FormatArg::Json => json(summary)?,
        FormatArg::Human => human(summary),
        FormatArg::Markdown => shipgate_engine::rollout::incident::render(summary),
        FormatArg::Junit | FormatArg::Sarif => crate::output::render(
            &shipgate_engine::rollout::report::gate_report(summary),
            ctx.format,
            "shipgate rollout",
            ctx.redactor(),
        ),
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
    if let Some(round) = &s.analysis {
        out.push_str(&format!(
            "  analysis, last round ({:.0}s of canary traffic{}): {}\n",
            round.traffic_for_ms as f64 / 1000.0,
            if round.step_end {
                ", end of a step"
            } else {
                ""
            },
            round.result.replace('_', " ")
        ));
        for c in &round.checks {
            out.push_str(&format!(
                "    {:<24} {:<8} measured {} ({}; failed {}/{} tolerated)\n",
                c.name,
                c.condition,
                c.measured,
                c.result.replace('_', " "),
                c.failed,
                c.failure_limit
            ));
        }
        if let Some(judge) = &round.judge {
            out.push_str(&format!(
                "    judge over {:.0}s: {}, score {:.0} (pass {:.0})\n",
                judge.window_seconds,
                judge.outcome.replace('_', " "),
                judge.score,
                judge.pass_score
            ));
            for m in &judge.metrics {
                let median =
                    |v: Option<f64>| v.map_or_else(|| "-".to_string(), shipgate_core::format_value);
                out.push_str(&format!(
                    "    {:<24} canary {} (n={}) vs stable {} (n={}): {}\n",
                    m.name,
                    median(m.canary_median),
                    m.canary_samples,
                    median(m.baseline_median),
                    m.baseline_samples,
                    m.reason
                ));
            }
        }
    }
    for h in &s.hooks {
        out.push_str(&format!(
            "  hook {} (step {}): {}; undo: {}\n",
            h.name, h.step, h.ran, h.undo
        ));
    }
    for t in s.timeline.iter().filter(|t| t.result != "begun") {
        let at = i64::try_from(t.at_ms / 1000).unwrap_or(i64::MAX);
        out.push_str(&format!(
            "  {}  {}: {}\n",
            shipgate_core::format_unix(at),
            t.what,
            t.result
        ));
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

/// The user running this, as `user@host`: `USER` or `LOGNAME`, else the uid.
fn who() -> String {
    use std::os::unix::fs::MetadataExt;
    let user = ["USER", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .or_else(|| {
            std::fs::metadata("/proc/self")
                .ok()
                .map(|m| format!("uid {}", m.uid()))
        })
        .unwrap_or_else(|| "unknown".to_string());
    match std::fs::read_to_string("/proc/sys/kernel/hostname") {
        Ok(host) if !host.trim().is_empty() => format!("{user}@{}", host.trim()),
        _ => user,
    }
}

#[cfg(test)]
#[path = "rollout_tests.rs"]
mod tests;
