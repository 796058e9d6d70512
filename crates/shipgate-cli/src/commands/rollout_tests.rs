//! Every form of a rollout's summary, snapshotted from one rolled-back rollout whose
//! analysis measured a check and ran the judge.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::path::PathBuf;

use shipgate_core::Redactor;
use shipgate_engine::rollout::incident;
use shipgate_engine::rollout::report::gate_report;
use shipgate_engine::rollout::session::{HookSummary, RolloutSummary, TimelineEntry};
use shipgate_rollout::{AnalysisRound, CheckRound, JudgeMetricRound, JudgeRound};

use super::{human, json};
use crate::args::FormatArg;

fn entry(at_ms: u64, what: &str, result: &str) -> TimelineEntry {
    TimelineEntry {
        at_ms,
        what: what.into(),
        result: result.into(),
    }
}

fn rolled_back() -> RolloutSummary {
    let t0 = 1_795_782_357_000;
    RolloutSummary {
        schema_version: 1,
        service: "web".into(),
        rollout_id: 4,
        version: "v2".into(),
        stable: Some("v1".into()),
        plan: "steps".into(),
        outcome: "rolled_back".into(),
        failure: Some(
            "step 4: analysis: judge: the canary scores 0 against stable (1 of 1 metrics fail): error_ratio (high)"
                .into(),
        ),
        stuck: None,
        approvals: vec![],
        started_by: Some("https://ci.example/acme/web/actions/runs/7".into()),
        timeline: vec![
            entry(t0, "running the hook of step 1", "begun"),
            entry(t0 + 400, "running the hook of step 1", "succeeded"),
            entry(t0 + 900, "deploying the canary", "succeeded"),
            entry(t0 + 1_200, "checking that the canary is ready", "succeeded"),
            entry(t0 + 1_500, "sending 10% of the traffic to the canary", "succeeded"),
            entry(
                t0 + 31_500,
                "pausing",
                "analysis failed: judge: the canary scores 0 against stable",
            ),
            entry(t0 + 31_700, "rolling back: all traffic to stable", "succeeded"),
            entry(t0 + 32_100, "rolling back: removing the canary", "succeeded"),
            entry(t0 + 32_500, "rolling back: undoing the hook of step 2", "succeeded"),
            entry(t0 + 32_600, "notifying: rolled_back", "succeeded"),
        ],
        incident_report: Some(PathBuf::from(".shipgate/incidents/web-4.md")),
        analysis: Some(AnalysisRound {
            at_ms: t0 + 31_500,
            traffic_for_ms: 30_000,
            step_end: false,
            result: "failed".into(),
            why: Some("judge: the canary scores 0 against stable".into()),
            checks: vec![CheckRound {
                name: "canary_error_ratio".into(),
                condition: "< 0.05".into(),
                measured: "0.031".into(),
                value: Some(0.031),
                result: "healthy".into(),
                failed: 0,
                failure_limit: 0,
                inconclusive: 0,
                inconclusive_limit: 0,
                consecutive_errors: 0,
                consecutive_error_limit: 4,
            }],
            judge: Some(JudgeRound {
                outcome: "fail".into(),
                score: 0.0,
                pass_score: 95.0,
                marginal_score: 75.0,
                window_seconds: 30.0,
                min_samples: 10,
                metrics: vec![JudgeMetricRound {
                    name: "error_ratio".into(),
                    classification: "high".into(),
                    canary_samples: 30,
                    baseline_samples: 30,
                    canary_median: Some(0.031),
                    baseline_median: Some(0.0098),
                    relative_effect: Some(2.16),
                    allowed_change: 0.5,
                    p_value: Some(1.2e-9),
                    reason: "canary higher than stable by 216%, beyond the 50% allowed".into(),
                }],
            }),
        }),
        hooks: vec![
            HookSummary {
                step: 1,
                name: "backup".into(),
                ran: "succeeded".into(),
                undo: "no undo command".into(),
            },
            HookSummary {
                step: 2,
                name: "migrate".into(),
                ran: "succeeded".into(),
                undo: "undone".into(),
            },
        ],
        stable_servers: vec!["127.0.0.1:8081".into()],
    }
}

#[test]
fn human_output() {
    insta::assert_snapshot!("rollout_human", human(&rolled_back()));
}

#[test]
fn json_contract() {
    insta::assert_snapshot!("rollout_json", json(&rolled_back()).unwrap());
}

#[test]
fn markdown_is_the_incident_report() {
    insta::assert_snapshot!("rollout_markdown", incident::render(&rolled_back()));
}

#[test]
fn junit_and_sarif_carry_the_outcome_and_each_measured_check() {
    let report = gate_report(&rolled_back());
    let redactor = Redactor::default();
    for (format, name) in [
        (FormatArg::Junit, "rollout_junit"),
        (FormatArg::Sarif, "rollout_sarif"),
    ] {
        let text = crate::output::render(&report, format, "shipgate rollout", &redactor);
        insta::assert_snapshot!(name, text);
    }
}
