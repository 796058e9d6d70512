//! The human table: readable without colour, coloured only where asked, always aligned.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may fail loudly

mod common;

use shipgate_core::{GateResult, Measured, Report, Verdict};
use shipgate_report::{render, Format, RenderOptions};

use common::gate;

fn human(report: &Report, color: bool) -> String {
    render(
        report,
        Format::Human,
        &RenderOptions {
            color,
            title: "shipgate tests".to_string(),
        },
    )
}

/// A report with every verdict once.
fn every_verdict() -> Report {
    Report::new(vec![
        gate(
            "A-1",
            "pass",
            Verdict::Pass,
            "== 0",
            Some(Measured::count(0)),
            "ok",
            &[],
        ),
        gate(
            "A-2",
            "warn",
            Verdict::Warn,
            "== 0",
            Some(Measured::count(1)),
            "hm",
            &["e"],
        ),
        gate(
            "A-3",
            "fail",
            Verdict::Fail,
            "== 0",
            Some(Measured::count(2)),
            "no",
            &["e"],
        ),
        gate(
            "A-4",
            "inconclusive",
            Verdict::Inconclusive,
            "== 0",
            None,
            "?",
            &[],
        ),
        gate("A-5", "error", Verdict::Error, "== 0", None, "!", &[]),
        GateResult::not_evaluated("A-6", "skipped", "how to enable"),
    ])
}

/// Remove `ESC [ … m` sequences.
fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn no_escape_codes_without_colour() {
    for report in [every_verdict(), common::failing(), common::all_pass()] {
        let out = human(&report, false);
        assert!(!out.contains('\u{1b}'), "{out:?}");
    }
}

#[test]
fn colour_only_wraps_the_status_words() {
    let plain = human(&every_verdict(), false);
    let coloured = human(&every_verdict(), true);
    assert_ne!(plain, coloured);
    assert_eq!(
        strip_ansi(&coloured),
        plain,
        "colour must not change layout or words"
    );
    for painted in [
        "\u{1b}[32mPASS\u{1b}[0m",
        "\u{1b}[33mWARN\u{1b}[0m",
        "\u{1b}[31mFAIL\u{1b}[0m",
        "\u{1b}[35mINCONCLUSIVE\u{1b}[0m",
        "\u{1b}[31mERROR\u{1b}[0m",
        "\u{1b}[2mNOT EVALUATED\u{1b}[0m",
    ] {
        assert!(coloured.contains(painted), "{painted:?} in\n{coloured}");
    }
    assert!(coloured.ends_with("verdict: \u{1b}[31mERROR\u{1b}[0m\n"));
    // Gate names and thresholds are never painted.
    let table_row = coloured
        .lines()
        .find(|l| l.starts_with("A-3 fail"))
        .expect("row");
    assert_eq!(table_row.matches('\u{1b}').count(), 2, "{table_row:?}");
}

#[test]
fn escape_codes_in_messages_are_made_visible() {
    let report = Report::new(vec![gate(
        "A",
        "x",
        Verdict::Fail,
        "== 0",
        None,
        "red \u{1b}[31m text",
        &["\u{7}bell"],
    )]);
    let out = human(&report, false);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    assert!(out.contains("red \\u{1b}[31m text"), "{out}");
}

/// Where each cell of a table line starts, given the header line's column starts.
fn column_starts(header: &str, names: &[&str]) -> Vec<usize> {
    names
        .iter()
        .map(|n| {
            header
                .find(n)
                .unwrap_or_else(|| panic!("{n} in {header:?}"))
        })
        .collect()
}

#[test]
fn columns_stay_aligned_with_a_long_gate_name() {
    let long = "an_exceptionally_long_gate_name_that_widens_the_first_column";
    let report = Report::new(vec![
        gate(
            "TQ-02",
            "pass_rate",
            Verdict::Fail,
            ">= 98%",
            Some(Measured::ratio(0.975)),
            "m",
            &[],
        ),
        gate(
            "X-99",
            long,
            Verdict::Pass,
            "< 0.001",
            Some(Measured::count(0)),
            "m",
            &[],
        ),
        GateResult::not_evaluated("TQ-01", "order_dependent", "m"),
    ]);
    for color in [false, true] {
        let out = strip_ansi(&human(&report, color));
        let lines: Vec<&str> = out.lines().collect();
        let header = lines
            .iter()
            .position(|l| l.starts_with("Gate"))
            .expect("header");
        let starts = column_starts(lines[header], &["Gate", "Threshold", "Actual", "Status"]);
        assert!(
            starts[1] > long.len(),
            "threshold column after the long name"
        );
        let rows = &lines[header + 2..header + 5];
        let cells = [
            ["TQ-02 pass_rate", ">= 98%", "97.50%", "FAIL"],
            [&format!("X-99 {long}"), "< 0.001", "0", "PASS"],
            ["TQ-01 order_dependent", "-", "-", "NOT EVALUATED"],
        ];
        for (row, cells) in rows.iter().zip(cells) {
            for (start, cell) in starts.iter().zip(cells) {
                assert_eq!(
                    row.get(*start..*start + cell.len()),
                    Some(cell),
                    "{cell} at {start} in {row:?}"
                );
            }
        }
        // The rule under the header is exactly as wide as each column.
        let rule = lines[header + 1];
        assert!(rule.chars().all(|c| c == '-' || c == ' '), "{rule}");
        assert_eq!(rule.split("  ").next().map(str::len), Some(starts[1] - 2));
    }
}

#[test]
fn numbers_in_the_runs_table_are_right_aligned() {
    let out = human(&common::all_pass(), false);
    let lines: Vec<&str> = out.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.trim_start().starts_with("Run "))
        .expect("runs header");
    let end = lines[header].find("Passed").expect("Passed") + "Passed".len();
    for row in &lines[header + 2..header + 4] {
        assert_eq!(&row[end - 3..end], "240", "{row}");
    }
}

#[test]
fn long_id_lists_are_capped_at_twenty() {
    let mut report = common::failing();
    let many: Vec<String> = (0..27).map(|i| format!("tests.t::case_{i:02}")).collect();
    if let Some(t) = report.tests.as_mut() {
        t.flaky = many.clone();
        t.order_dependent = many[..20].to_vec();
    }
    let out = human(&report, false);
    assert!(out.contains("Flaky tests (27)\n"));
    assert!(
        out.contains("  tests.t::case_19\n  … and 7 more\n"),
        "{out}"
    );
    assert!(
        !out.contains("case_20\n  … and"),
        "the 21st id is not shown"
    );
    assert!(out.contains("Order-dependent tests (20)\n"));
    assert_eq!(
        out.matches("… and").count(),
        1,
        "exactly twenty are not cut"
    );
}

#[test]
fn the_slowest_list_shows_ten() {
    let out = human(&common::failing(), false);
    assert!(out.contains("tests.test_slow::test_case_09"));
    assert!(!out.contains("tests.test_slow::test_case_10"));
}

#[test]
fn details_list_only_gates_that_did_not_pass() {
    let out = human(&common::failing(), false);
    let details = out.split("Details\n").nth(1).expect("a details section");
    let details = details.split("\n\n").next().expect("section");
    assert!(details.contains("TQ-01 order_dependent: NOT EVALUATED"));
    assert!(details.contains("    - enable it with --shuffled-run GLOB"));
    assert!(details.contains("TQ-02 pass_rate: FAIL"));
    assert!(!details.contains("TQ-05"), "passing gates have no details");
    assert!(!human(&common::all_pass(), false).contains("Details"));
}

#[test]
fn ends_with_the_verdict_in_capitals() {
    let cases = [
        (common::all_pass(), "verdict: PASS"),
        (common::failing(), "verdict: FAIL"),
        (common::inconclusive_zero_tests(), "verdict: INCONCLUSIVE"),
        (common::empty(), "verdict: INCONCLUSIVE"),
    ];
    for (report, last) in cases {
        assert_eq!(human(&report, false).lines().last(), Some(last));
    }
}

#[test]
fn multi_line_messages_stay_indented() {
    let report = Report::new(vec![gate(
        "A",
        "x",
        Verdict::Fail,
        "== 0",
        None,
        "first\nsecond  ",
        &["ev one\nev two"],
    )]);
    let out = human(&report, false);
    assert!(
        out.contains("    first\n    second\n    - ev one\n      ev two\n"),
        "{out}"
    );
}

#[test]
fn canary_section_reads_without_colour_and_colours_only_status_words() {
    let plain = human(&common::canary(), false);
    assert!(!plain.contains('\x1b'));
    assert!(plain.contains("  score 66.7 (pass >= 95, marginal >= 75): FAIL\n"));
    assert!(plain.contains("  warning: latency_p90: the query's range [5m]"));
    assert!(plain.contains(
        "  Metric       Class   p-value   Effect  Allowed  Canary median (n)  Baseline median (n)  Critical\n"
    ));
    assert!(plain.contains("  queue_depth: no data:"));

    let coloured = human(&common::canary(), true);
    assert!(coloured.contains(": \x1b[31mFAIL\x1b[0m\n"));
    assert!(coloured.contains("\x1b[31mhigh\x1b[0m"));
    assert!(coloured.contains("\x1b[35mnodata\x1b[0m"));
    let stripped = coloured
        .replace("\x1b[0m", "")
        .replace("\x1b[31m", "")
        .replace("\x1b[32m", "")
        .replace("\x1b[35m", "");
    assert_eq!(stripped, plain, "colour never moves a column");
}

#[test]
fn metric_checks_show_each_value_next_to_the_condition() {
    let out = human(&common::metrics(), false);
    assert!(out.contains("    condition: < 0.001\n"));
    assert!(
        out.contains("0.0008 ok (series {version=\"v1\"}), 0.0031 FAIL (series {version=\"v2\"})")
    );
    assert!(out.contains("inconclusive  not a number → inconclusive\n"));
    assert!(out.contains("error         error: connection refused"));
    assert!(out.contains("inconclusive  empty → inconclusive\n"));
}

#[test]
fn smoke_checks_table_shows_the_failing_status() {
    let out = human(&common::smoke(), false);
    assert!(out.contains("Smoke checks against https://staging.example.com in 5m 00s\n"));
    assert!(out.contains("  create order  FAIL          60          503     45ms  status 503"));
}

#[test]
fn findings_show_the_line_and_a_caret_under_the_column() {
    let out = human(&common::docs(), false);
    let lines: Vec<&str> = out.lines().collect();
    let at = |prefix: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix:?} in\n{out}"))
    };
    let i = at("  12:30  broken-link");
    assert_eq!(
        lines[i + 1],
        "     | See the [installation guide](instal.md) before you start."
    );
    // The caret sits under the first character of the link target.
    let caret = lines[i + 2].find('^').expect("a caret");
    assert_eq!(&lines[i + 1][caret..caret + 9], "instal.md");
    assert_eq!(lines[i + 3], "     = did you mean `install.md`?");
    assert!(lines[at("docs/guía rápida.md")..].len() > 3);
    assert!(out.contains("\n10 findings in 3 of 4 documents\n"), "{out}");

    // A line without a column: the excerpt, no caret.
    let i = at("  88     mermaid-syntax");
    assert_eq!(lines[i + 1], "     |     A --> B --");
    assert!(!lines[i + 2].contains('^'));

    let clean = human(&common::docs_clean(), false);
    assert!(clean.contains("\nNo findings in 2 documents\n"), "{clean}");
}

#[test]
fn findings_read_the_same_with_colour() {
    let plain = human(&common::docs(), false);
    let coloured = human(&common::docs(), true);
    assert!(!plain.contains('\u{1b}'));
    assert_eq!(strip_ansi(&coloured), plain);
    assert!(coloured.contains("\u{1b}[31mbroken-link\u{1b}[0m"));
    // The commits gate only warns.
    assert!(coloured.contains("\u{1b}[33munknown-commit\u{1b}[0m"));
}
