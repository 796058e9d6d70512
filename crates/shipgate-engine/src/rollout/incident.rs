//! The incident report a rollback leaves behind: Markdown, for a person on call and for the
//! CI step summary — what was rolled out, what failed and how (the analysis's measured
//! values next to their conditions, the judge's table), the timeline, where traffic went
//! back to, and the commands to look further. The same Markdown is `--format markdown` for
//! any rollout.

use shipgate_core::format_unix;

use shipgate_rollout::AnalysisRound;

use super::session::RolloutSummary;

/// The report of a rollout: for one that did not promote (rolled back, stopped or stuck),
/// the incident report.
pub fn render(summary: &RolloutSummary) -> String {
    let stable_servers = &summary.stable_servers;
    let mut out = format!(
        "# Rollout of {} {}: {}\n\n",
        summary.service,
        summary.version,
        summary.outcome.replace('_', " ")
    );
    out.push_str(&format!(
        "- rollout: {} (plan `{}`)\n- version: {}\n- returned to: {}\n",
        summary.rollout_id,
        summary.plan,
        summary.version,
        summary
            .stable
            .as_deref()
            .unwrap_or("(no stable version recorded)")
    ));
    if let Some(by) = &summary.started_by {
        out.push_str(&format!("- started by: {}\n", escape(by)));
    }
    for (step, by) in &summary.approvals {
        out.push_str(&format!("- step {} approved by {}\n", step + 1, escape(by)));
    }
    let promoted = summary.outcome == "promoted";
    match &summary.failure {
        Some(failure) => out.push_str(&format!("\n## What failed\n\n{}\n", escape(failure))),
        None if !promoted => out.push_str("\n## What failed\n\nnothing was recorded as failing\n"),
        None => {}
    }
    if let Some(stuck) = &summary.stuck {
        out.push_str(&format!(
            "\n**The rollback is not complete.** This action failed: {}\n\
             The rollout is still active: retry with `shipgate rollout resume`, or roll it back \
             with `shipgate rollout abort`.\n",
            escape(stuck)
        ));
    }
    if let Some(round) = &summary.analysis {
        out.push_str(&analysis_section(round));
    }
    out.push_str("\n## Traffic\n\n");
    match summary.outcome.as_str() {
        "stopped" => out.push_str("Traffic never moved and nothing was deployed.\n"),
        "stuck" => out.push_str("See above: the rollback stopped before its end.\n"),
        "active" => out.push_str("The rollout is still running.\n"),
        "promoted" => out.push_str(&format!(
            "All traffic goes to the stable servers, which now run {}: {}.\n",
            summary.version,
            servers(stable_servers)
        )),
        _ => out.push_str(&format!(
            "All traffic is back on the stable servers: {}.\n",
            servers(stable_servers)
        )),
    }
    if !summary.hooks.is_empty() {
        out.push_str("\n## Hooks\n\n| step | hook | ran | undo |\n|---|---|---|---|\n");
        for h in &summary.hooks {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                h.step,
                escape(&h.name),
                escape(&h.ran),
                escape(&h.undo)
            ));
        }
    }
    out.push_str("\n## Timeline\n\n| time (UTC) | what | result |\n|---|---|---|\n");
    for t in summary.timeline.iter().filter(|t| t.result != "begun") {
        let at = i64::try_from(t.at_ms / 1000).unwrap_or(i64::MAX);
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            format_unix(at),
            escape(&t.what),
            escape(&t.result)
        ));
    }
    out.push_str(&format!(
        "\n## Look further\n\n```sh\nshipgate rollout status --service {0} --format json\nshipgate history deployments --service {0}\n```\n",
        summary.service
    ));
    out
}

/// The last round of the analysis: each check's measured values next to its condition,
/// and the judge's table.
pub fn analysis_section(round: &AnalysisRound) -> String {
    let mut out = format!(
        "\n## Analysis\n\nThe last round ran {} after the canary's first traffic{}: {}.\n",
        seconds_text(round.traffic_for_ms),
        if round.step_end {
            ", at the end of a step"
        } else {
            ""
        },
        round.result.replace('_', " ")
    );
    if !round.checks.is_empty() {
        out.push_str("\n| check | condition | measured | result | failed / tolerated | errors in a row / tolerated |\n|---|---|---|---|---|---|\n");
        for c in &round.checks {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} / {} | {} / {} |\n",
                escape(&c.name),
                escape(&c.condition),
                escape(&c.measured),
                c.result.replace('_', " "),
                c.failed,
                c.failure_limit,
                c.consecutive_errors,
                c.consecutive_error_limit
            ));
        }
    }
    if let Some(judge) = &round.judge {
        out.push_str(&format!(
            "\nCanary judge over the last {}: {}, score {:.0} (pass {:.0}, marginal {:.0}), at least {} samples per side.\n",
            seconds_text((judge.window_seconds * 1000.0) as u64),
            judge.outcome.replace('_', " "),
            judge.score,
            judge.pass_score,
            judge.marginal_score,
            judge.min_samples
        ));
        if !judge.metrics.is_empty() {
            out.push_str("\n| metric | canary median (samples) | stable median (samples) | change | allowed | p-value | result |\n|---|---|---|---|---|---|---|\n");
            for m in &judge.metrics {
                out.push_str(&format!(
                    "| {} | {} ({}) | {} ({}) | {} | ±{:.0}% | {} | {}: {} |\n",
                    escape(&m.name),
                    number(m.canary_median),
                    m.canary_samples,
                    number(m.baseline_median),
                    m.baseline_samples,
                    m.relative_effect
                        .map_or_else(|| "-".to_string(), |e| format!("{:+.0}%", e * 100.0)),
                    m.allowed_change * 100.0,
                    m.p_value
                        .map_or_else(|| "-".to_string(), |p| format!("{p:.2e}")),
                    m.classification,
                    escape(&m.reason)
                ));
            }
        }
    }
    // a failed round's reason is what failed, said above
    if let (Some(why), false) = (&round.why, round.result == "failed") {
        out.push_str(&format!("\n{}\n", escape(why)));
    }
    out
}

fn servers(list: &[String]) -> String {
    if list.is_empty() {
        return "(not known here)".to_string();
    }
    list.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn number(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), shipgate_core::format_value)
}

fn seconds_text(ms: u64) -> String {
    format!("{:.0}s", ms as f64 / 1000.0)
}

/// Text that cannot break a Markdown table or start markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rollout::session::TimelineEntry;

    fn summary(outcome: &str, failure: Option<&str>) -> RolloutSummary {
        RolloutSummary {
            schema_version: 1,
            service: "web".into(),
            rollout_id: 7,
            version: "v2".into(),
            stable: Some("v1".into()),
            plan: "steps".into(),
            outcome: outcome.into(),
            failure: failure.map(str::to_string),
            stuck: None,
            approvals: vec![],
            started_by: Some("https://ci.example/run/1".into()),
            incident_report: None,
            analysis: None,
            hooks: vec![],
            stable_servers: vec!["127.0.0.1:8081".into()],
            timeline: vec![
                TimelineEntry {
                    at_ms: 1_795_782_357_000,
                    what: "sending 10% of the traffic to the canary".into(),
                    result: "succeeded".into(),
                },
                TimelineEntry {
                    at_ms: 1_795_782_358_000,
                    what: "rolling back: all traffic to stable".into(),
                    result: "begun".into(),
                },
            ],
        }
    }

    #[test]
    fn the_report_says_what_failed_where_traffic_went_and_when() {
        let text = render(&summary(
            "rolled_back",
            Some("step 3: analysis: error_ratio 0.1 | > 0.01"),
        ));
        assert!(
            text.starts_with("# Rollout of web v2: rolled back\n"),
            "{text}"
        );
        assert!(
            text.contains("step 3: analysis: error\\_ratio 0.1 \\| \\> 0.01"),
            "{text}"
        );
        assert!(
            text.contains("back on the stable servers: `127.0.0.1:8081`"),
            "{text}"
        );
        assert!(
            text.contains(
                "| 2026-11-27 12:25:57Z | sending 10% of the traffic to the canary | succeeded |"
            ),
            "{text}"
        );
        assert!(!text.contains("begun"), "{text}");
        assert!(
            text.contains("shipgate rollout status --service web"),
            "{text}"
        );
        let stopped = render(&summary("stopped", Some("step 1: backup failed")));
        assert!(stopped.contains("Traffic never moved"), "{stopped}");
    }
}
