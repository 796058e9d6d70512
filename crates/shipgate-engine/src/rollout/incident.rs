//! The incident report a rollback leaves behind: Markdown, for a person on call and for the
//! CI step summary — what was rolled out, what failed and how, the timeline, where traffic
//! went back to, and the commands to look further.

use shipgate_core::format_unix;

use super::session::RolloutSummary;

/// The report of a rollout that did not promote (rolled back, stopped or stuck).
pub fn render(summary: &RolloutSummary, stable_servers: &[String]) -> String {
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
        out.push_str(&format!("- started by: {by}\n"));
    }
    out.push_str("\n## What failed\n\n");
    match &summary.failure {
        Some(failure) => out.push_str(&format!("{}\n", escape(failure))),
        None => out.push_str("nothing was recorded as failing\n"),
    }
    if let Some(stuck) = &summary.stuck {
        out.push_str(&format!(
            "\n**The rollback is not complete.** This action failed: {}\n\
             The rollout is still active: retry with `shipgate rollout resume`, or roll it back \
             with `shipgate rollout abort`.\n",
            escape(stuck)
        ));
    }
    out.push_str("\n## Traffic\n\n");
    match summary.outcome.as_str() {
        "stopped" => out.push_str("Traffic never moved and nothing was deployed.\n"),
        "stuck" => out.push_str("See above: the rollback stopped before its end.\n"),
        _ => out.push_str(&format!(
            "All traffic is back on the stable servers: {}.\n",
            stable_servers
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
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
        let text = render(
            &summary(
                "rolled_back",
                Some("step 3: analysis: error_ratio 0.1 | > 0.01"),
            ),
            &["127.0.0.1:8081".into()],
        );
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
        let stopped = render(&summary("stopped", Some("step 1: backup failed")), &[]);
        assert!(stopped.contains("Traffic never moved"), "{stopped}");
    }
}
