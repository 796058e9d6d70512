//! The Markdown summary: tables that stay tables whatever the text in them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may fail loudly

mod common;

use shipgate_core::{GateResult, Measured, Report, Verdict};
use shipgate_report::{render, Format, RenderOptions};

use common::{gate, slow};

fn markdown(report: &Report) -> String {
    render(
        report,
        Format::Markdown,
        &RenderOptions {
            color: true,
            title: "shipgate tests".to_string(),
        },
    )
}

/// Cell separators: `|` not escaped by a backslash.
fn separators(line: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in line.chars() {
        if c == '|' && !escaped {
            count += 1;
        }
        escaped = c == '\\' && !escaped;
    }
    count
}

#[test]
fn the_heading_carries_the_verdict() {
    let cases = [
        (common::all_pass(), "## shipgate tests: ✅ PASS"),
        (common::failing(), "## shipgate tests: ❌ FAIL"),
        (
            common::inconclusive_zero_tests(),
            "## shipgate tests: ❓ INCONCLUSIVE",
        ),
        (
            Report::new(vec![gate("A", "w", Verdict::Warn, "", None, "", &[])]),
            "## shipgate tests: ⚠️ WARN",
        ),
        (
            Report::new(vec![gate("A", "e", Verdict::Error, "", None, "", &[])]),
            "## shipgate tests: 🛑 ERROR",
        ),
    ];
    for (report, heading) in cases {
        assert_eq!(markdown(&report).lines().next(), Some(heading));
    }
}

#[test]
fn pipes_in_cells_do_not_split_the_row() {
    let mut report = Report::new(vec![
        gate(
            "TQ|1",
            "a|b",
            Verdict::Fail,
            "x | y",
            Some(Measured::count(1)),
            "m | n",
            &["e | f"],
        ),
        GateResult::not_evaluated("TQ-2", "c`|`d", "m"),
    ]);
    let mut tests = common::failing().tests.expect("tests");
    tests.slowest = vec![slow("test_param[a|b]", 1.0)];
    tests.runs[0].label = "run | one".to_string();
    report.tests = Some(tests);
    report.coverage = common::failing().coverage;

    let out = markdown(&report);
    // Every row of a table has as many cell separators as the table's header row.
    let mut tables = 0;
    for table in out.split("\n\n").filter(|block| block.starts_with('|')) {
        tables += 1;
        let mut rows = table.lines();
        let header = separators(rows.next().expect("a header row"));
        for row in rows {
            assert_eq!(separators(row), header, "{row}");
        }
    }
    assert_eq!(tables, 4, "gates, runs, slowest, coverage");
    assert!(
        out.contains("| `TQ\\|1 a\\|b` | `x \\| y` | 1 | ❌ FAIL |"),
        "{out}"
    );
}

#[test]
fn html_and_markdown_in_messages_are_neutralised() {
    let report = Report::new(vec![gate(
        "A",
        "x",
        Verdict::Fail,
        "== 0",
        None,
        "<script>alert(1)</script> **bold** [link](http://x)",
        &["# heading", "1. item", "- item", "<img src=x>"],
    )]);
    let out = markdown(&report);
    let raw_tags = out
        .match_indices('<')
        .filter(|(i, _)| !out[..*i].ends_with('\\'))
        .count();
    assert_eq!(raw_tags, 0, "every < is escaped:\n{out}");
    assert!(
        out.contains("\\<script\\>alert(1)\\</script\\> \\*\\*bold\\*\\* \\[link\\](http://x)"),
        "{out}"
    );
    assert!(
        out.contains("\n- \\# heading\n- 1\\. item\n- \\- item\n- \\<img src=x\\>"),
        "{out}"
    );
}

#[test]
fn quoted_ids_in_messages_become_code() {
    let report = Report::new(vec![gate(
        "TQ-03",
        "test_duration",
        Verdict::Fail,
        "< 30s",
        Some(Measured::seconds(45.0)),
        "slowest test `tests/test_x.py::test_a_<b>` took 45.00s",
        &[],
    )]);
    let out = markdown(&report);
    assert!(
        out.contains(": slowest test `tests/test_x.py::test_a_<b>` took 45.00s"),
        "{out}"
    );
}

#[test]
fn nothing_passing_is_hidden_and_passing_gates_have_no_details() {
    let out = markdown(&common::all_pass());
    assert!(!out.contains("### Details"));
    let out = markdown(&common::failing());
    let details = out.split("### Details").nth(1).expect("details");
    let details = details.split("### Runs").next().expect("before runs");
    assert!(details.contains("TQ-01 order_dependent"));
    assert!(details.contains("- enable it with --shuffled-run GLOB"));
    assert!(!details.contains("TQ-05"));
}

#[test]
fn long_lists_are_capped() {
    let mut report = common::failing();
    if let Some(t) = report.tests.as_mut() {
        t.order_dependent = (0..23).map(|i| format!("t::o{i}")).collect();
    }
    let out = markdown(&report);
    assert!(out.contains("### Order-dependent tests (23)"));
    assert!(out.contains("- `t::o19`\n- … and 3 more"), "{out}");
    assert!(!out.contains("`t::o20`"));
}

#[test]
fn the_documents_table_stays_a_table() {
    let mut report = common::docs();
    let docs = report.docs.as_mut().expect("docs");
    docs.documents[0].path = "docs/a|b.md".to_string();
    docs.documents[1].requirements[0].what = "links_to docs/x|y.md".to_string();
    let out = markdown(&report);
    let header = out
        .lines()
        .find(|l| l.starts_with("| Document |"))
        .expect("the documents table");
    let columns = separators(header);
    let rows: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("| Document |"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(rows.len(), 2 + 4);
    for row in &rows {
        assert_eq!(separators(row), columns, "{row}");
    }
    assert!(
        out.contains("| 63 (bash 40, yaml 12, text 11) | 2/3 |"),
        "{out}"
    );
    for line in out.lines().filter(|l| l.starts_with("| links_to")) {
        assert_eq!(separators(line), 5, "{line}");
    }
    assert!(out.contains("#### Requirements of `docs/guide.md`"));
    assert!(
        !out.contains("#### Requirements of `docs/a"),
        "no requirements, no table"
    );
    assert!(out.contains(
        "- `docs/guide.md:12:30` **broken-link**: `instal.md` does not exist. Did you mean `install.md`?"
    ));
    assert!(
        out.contains("\\<b\\>3\\</b\\>"),
        "markup in messages is neutralised"
    );
}
