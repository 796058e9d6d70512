//! `shipgate history flaky|coverage`: read the store.

use shipgate_core::ExitCode;
use shipgate_store::Store;

use crate::args::{FormatArg, HistoryCommand};
use crate::context::{Context, DEFAULT_STORE};
use crate::error::CliError;
use crate::table::Table;

pub fn run(ctx: &Context<'_>, cmd: &HistoryCommand) -> Result<ExitCode, CliError> {
    if let HistoryCommand::Deployments { service } = cmd {
        return crate::commands::rollout::deployments(ctx, service.as_deref());
    }
    let path = ctx
        .store
        .clone()
        .unwrap_or_else(|| ctx.cwd.join(DEFAULT_STORE));
    let store = if ctx.store_named {
        // A path the user gave that does not exist is a mistake, not an empty history.
        Some(Store::open_required(&path)?)
    } else {
        Store::open_existing(&path)?
    };
    if store.is_none() {
        eprintln!("shipgate: no history recorded yet at {}", path.display());
    }
    let text = match cmd {
        HistoryCommand::Flaky { window, limit } => {
            let mut rates = match &store {
                Some(s) => s.flip_rates(*window)?,
                None => Vec::new(),
            };
            rates.truncate(*limit);
            if ctx.format == FormatArg::Json {
                let items: Vec<serde_json::Value> = rates
                    .iter()
                    .map(|f| {
                        serde_json::json!({"id": f.id, "observations": f.observations, "flips": f.flips,
                            "flaky_runs": f.flaky_runs, "failures": f.failures, "rate": f.rate,
                            "last_outcome": f.last_outcome})
                    })
                    .collect();
                json(&serde_json::json!({"schema_version": 1, "window": window, "tests": items}))
            } else {
                let mut t = Table::new(&[
                    "Test",
                    "Flip rate",
                    "Runs",
                    "Flips",
                    "Flaky runs",
                    "Failures",
                    "Last",
                ]);
                for f in &rates {
                    t.row(vec![
                        f.id.clone(),
                        format!("{:.1}%", f.rate * 100.0),
                        f.observations.to_string(),
                        f.flips.to_string(),
                        f.flaky_runs.to_string(),
                        f.failures.to_string(),
                        format!("{:?}", f.last_outcome).to_lowercase(),
                    ]);
                }
                format!(
                    "Flip rates over the last {window} recorded runs\n{}",
                    t.render(ctx.format == FormatArg::Markdown)
                )
            }
        }
        HistoryCommand::Coverage { branch, limit } => {
            let points = match &store {
                Some(s) => s.coverage_trend(branch.as_deref(), *limit)?,
                None => Vec::new(),
            };
            if ctx.format == FormatArg::Json {
                let items: Vec<serde_json::Value> = points
                    .iter()
                    .map(|p| {
                        serde_json::json!({"invocation_id": p.invocation_id, "recorded_at": p.recorded_at,
                            "commit": p.commit, "branch": p.branch,
                            "lines_valid": p.totals.lines_valid, "lines_covered": p.totals.lines_covered,
                            "branches_valid": p.totals.branches_valid, "branches_covered": p.totals.branches_covered,
                            "line_rate": p.totals.line_ratio(), "branch_rate": p.totals.branch_ratio()})
                    })
                    .collect();
                json(&serde_json::json!({"schema_version": 1, "points": items}))
            } else {
                let mut t =
                    Table::new(&["Recorded (UTC)", "Branch", "Commit", "Lines", "Branches"]);
                for p in &points {
                    let pct = |r: Option<f64>| {
                        r.map_or("-".to_string(), |r| format!("{:.2}%", r * 100.0))
                    };
                    t.row(vec![
                        crate::table::format_unix(p.recorded_at),
                        p.branch.clone().unwrap_or_else(|| "-".into()),
                        p.commit
                            .as_deref()
                            .map_or("-".into(), |c| c.chars().take(12).collect()),
                        pct(p.totals.line_ratio()),
                        pct(p.totals.branch_ratio()),
                    ]);
                }
                format!(
                    "Coverage, most recent first\n{}",
                    t.render(ctx.format == FormatArg::Markdown)
                )
            }
        }
        HistoryCommand::Deployments { .. } => String::new(),
    };
    crate::output::write_stdout(&text)?;
    Ok(ExitCode::Pass)
}

fn json(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
