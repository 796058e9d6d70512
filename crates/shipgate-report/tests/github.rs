//! GitHub workflow-command annotations: one line per gate that did not pass, escaped.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may fail loudly

mod common;

use shipgate_core::{GateResult, Measured, Report, Verdict};
use shipgate_report::github_annotations;

use common::gate;

/// Undo the workflow-command escaping (the runner's side of the contract).
fn unescape(s: &str) -> String {
    s.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// `(level, title, message)` of every annotation line.
fn annotations(report: &Report) -> Vec<(String, String, String)> {
    let out = github_annotations(report);
    out.lines()
        .map(|line| {
            let rest = line.strip_prefix("::").expect("a workflow command");
            let (command, message) = rest.split_once("::").expect("command::message");
            let (level, props) = command.split_once(' ').expect("level and properties");
            let title = props.strip_prefix("title=").expect("a title property");
            assert!(
                !title.contains([':', ',']),
                "unescaped property separator in {title:?}"
            );
            (level.to_string(), unescape(title), unescape(message))
        })
        .collect()
}

#[test]
fn one_line_per_gate_that_did_not_pass() {
    let report = Report::new(vec![
        gate("A-1", "pass", Verdict::Pass, "== 0", None, "fine", &[]),
        gate("A-2", "warn", Verdict::Warn, "== 0", None, "careful", &[]),
        gate("A-3", "fail", Verdict::Fail, "== 0", None, "broken", &[]),
        gate(
            "A-4",
            "inconclusive",
            Verdict::Inconclusive,
            "== 0",
            None,
            "unknown",
            &[],
        ),
        gate(
            "A-5",
            "error",
            Verdict::Error,
            "== 0",
            None,
            "unreachable",
            &[],
        ),
        GateResult::not_evaluated("A-6", "skipped", "not given"),
    ]);
    let found: Vec<(String, String)> = annotations(&report)
        .into_iter()
        .map(|(level, title, _)| (level, title))
        .collect();
    let expected = [
        ("warning", "A-2 warn"),
        ("error", "A-3 fail"),
        ("error", "A-4 inconclusive"),
        ("error", "A-5 error"),
    ];
    assert_eq!(found, expected.map(|(l, t)| (l.to_string(), t.to_string())));
}

#[test]
fn the_message_says_what_was_measured_against_what() {
    let report = common::failing();
    let all = annotations(&report);
    let (level, title, message) = &all[0];
    assert_eq!(
        (level.as_str(), title.as_str()),
        ("error", "TQ-02 pass_rate")
    );
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(
        lines[0],
        "39 of 40 executed tests passed (1 failed, 0 errored, 3 skipped not counted)"
    );
    assert_eq!(lines[1], "threshold: >= 98%, actual: 97.50%");
    assert_eq!(lines[2], "tests.test_api::test_refund_rounding");
}

#[test]
fn newlines_percent_colons_and_commas_are_escaped() {
    let report = Report::new(vec![gate(
        "TQ-02",
        "pass:rate, really",
        Verdict::Fail,
        ">= 98%",
        Some(Measured::ratio(0.5)),
        "line one\r\nline two: 100% sure, honestly",
        &[],
    )]);
    let out = github_annotations(&report);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.ends_with('\n'));
    assert!(
        out.starts_with("::error title=TQ-02 pass%3Arate%2C really::line one%0D%0Aline two: 100%25 sure, honestly%0A"),
        "{out}"
    );
    let all = annotations(&report);
    assert_eq!(all[0].1, "TQ-02 pass:rate, really");
    assert!(all[0].2.starts_with(
        "line one\r\nline two: 100% sure, honestly\nthreshold: >= 98%, actual: 50.00%"
    ));
}

#[test]
fn long_evidence_is_cut_short() {
    let evidence: Vec<String> = (0..8).map(|i| format!("t::{i}")).collect();
    let refs: Vec<&str> = evidence.iter().map(String::as_str).collect();
    let report = Report::new(vec![gate(
        "TQ-04",
        "flaky",
        Verdict::Fail,
        "== 0",
        Some(Measured::count(8)),
        "8 flaky",
        &refs,
    )]);
    let message = &annotations(&report)[0].2;
    assert_eq!(message.lines().count(), 2 + 5 + 1, "{message}");
    assert!(message.ends_with("… and 3 more"));
}

#[test]
fn nothing_evaluated_is_still_an_error() {
    for report in [
        Report::new(vec![]),
        Report::new(vec![GateResult::not_evaluated("TQ-01", "x", "no run")]),
    ] {
        let all = annotations(&report);
        assert_eq!(all.len(), 1);
        assert_eq!(
            (all[0].0.as_str(), all[0].1.as_str()),
            ("error", "shipgate")
        );
        assert!(all[0].2.contains("no gate was evaluated"));
    }
}

#[test]
fn a_passing_report_annotates_nothing() {
    assert_eq!(github_annotations(&common::all_pass()), "");
}

#[test]
fn findings_are_annotated_at_their_place_in_the_file() {
    let out = github_annotations(&common::docs());
    let findings: Vec<&str> = out.lines().filter(|l| l.contains(" file=")).collect();
    assert_eq!(findings.len(), 10, "{out}");
    assert!(findings.contains(
        &"::error file=docs/guide.md,line=12,col=30,title=broken-link::`instal.md` does not exist. Did you mean `install.md`?"
    ));
    // No line: the file only; a line without a column: no `col`.
    assert!(findings
        .contains(&"::error file=docs/guide.md,title=requirement::no link to `docs/runbook.md`"));
    assert!(findings
        .iter()
        .any(|l| l.starts_with("::error file=docs/guide.md,line=88,title=mermaid-syntax::")));
    // The commits gate only warns.
    assert!(findings
        .iter()
        .any(|l| l
            .starts_with("::warning file=docs/runbook.md,line=15,col=11,title=unknown-commit::")));
    assert!(github_annotations(&common::docs_clean()).is_empty());
}

#[test]
fn finding_properties_and_messages_are_escaped() {
    let mut report = common::docs_clean();
    report.docs.as_mut().expect("docs").findings = vec![shipgate_core::Finding::at(
        shipgate_core::FindingKind::MissingPath,
        "docs/a,b:c%.md",
        3,
        4,
        "line one\n100% gone",
    )];
    let out = github_annotations(&report);
    assert_eq!(
        out,
        "::error file=docs/a%2Cb%3Ac%25.md,line=3,col=4,title=missing-path::line one%0A100%25 gone\n"
    );
}
