//! Large reports: files past the size at which parsing and folding run on two threads give
//! exactly what the one-thread path gives for the same bytes read as a stream, including
//! errors (same line and column) and the rollback of a file that fails to parse.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::fmt::Write as _;

use shipgate_core::TestRun;
use shipgate_ingest::RunBuilder;

/// A report of `cases` test cases (over 1 MiB for 20,000) mixing every dialect feature
/// the fold cares about: retries of the same id far apart, flaky and rerun children, every
/// outcome, escaped and multi-line attributes, nested suites with and without times, and
/// skipped output.
fn big_report(cases: usize) -> String {
    let mut doc = String::from("<?xml version=\"1.0\"?>\n<testsuites>\n");
    let suites = 10;
    for s in 0..suites {
        if s % 3 == 0 {
            let _ = writeln!(doc, "<testsuite name=\"s{s}\">");
        } else {
            let _ = writeln!(doc, "<testsuite name=\"s{s}\" time=\"{s}.5\">");
        }
        for i in (s..cases).step_by(suites) {
            // every 7th case re-runs an id seen much earlier
            let id = if i % 7 == 3 { i / 2 } else { i };
            let class = format!("pkg.mod_{}", id % 97);
            let time = match i % 5 {
                0 => "0.004".to_owned(),
                1 => format!("{}", i % 13),
                2 => "1,234.5".to_owned(),
                3 => "1E-03".to_owned(),
                _ => "nope".to_owned(),
            };
            let name = match i % 11 {
                0 => format!("test_{id}[a&amp;b]"),
                1 => format!("test_{id}[&quot;q&quot;]"),
                _ => format!("test_{id}"),
            };
            let sep = if i % 17 == 0 { "\n    " } else { " " };
            let _ = write!(
                doc,
                "<testcase classname='{class}'{sep}name=\"{name}\" time=\"{time}\""
            );
            match i % 9 {
                0 => doc.push_str("><failure message=\"m\">trace &lt;x&gt;</failure></testcase>\n"),
                1 => doc.push_str("><skipped/></testcase>\n"),
                2 => doc.push_str("><error/><failure/></testcase>\n"),
                3 => doc.push_str(
                    "><flakyFailure time=\"9\"/><system-out>out</system-out></testcase>\n",
                ),
                4 => doc.push_str("><rerunFailure/><failure/></testcase>\n"),
                5 => doc.push_str(
                    "><system-out><![CDATA[ <not> </markup> ]]></system-out></testcase>\n",
                ),
                _ => doc.push_str("/>\n"),
            }
        }
        if s % 4 == 1 {
            doc.push_str("<testsuite name=\"inner\"><testcase name=\"inner_case\" time=\"2\"/></testsuite>\n");
        }
        doc.push_str("</testsuite>\n");
    }
    doc.push_str("<testcase name=\"outside\" time=\"3\"/>\n</testsuites>\n");
    doc
}

fn from_stream(doc: &str) -> Result<TestRun, String> {
    let mut b = RunBuilder::new("r", false);
    b.add_reader(doc.as_bytes(), "doc.xml")
        .map(|()| b.finish())
        .map_err(|e| e.to_string())
}

fn from_file(doc: &str) -> Result<TestRun, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.xml");
    std::fs::write(&path, doc).unwrap();
    let mut b = RunBuilder::new("r", false);
    b.add_file(&path).map(|()| b.finish()).map_err(|e| {
        e.to_string()
            .replacen(&path.display().to_string(), "doc.xml", 1)
    })
}

fn comparable(run: TestRun) -> TestRun {
    TestRun {
        sources: Vec::new(),
        ..run
    }
}

#[test]
fn a_large_file_folds_as_a_stream_does() {
    let doc = big_report(20_000);
    assert!(doc.len() > 1024 * 1024, "{} bytes", doc.len());
    let stream = comparable(from_stream(&doc).unwrap());
    let file = comparable(from_file(&doc).unwrap());
    assert!(stream.tests.len() > 15_000);
    assert!(stream.tests.iter().any(|t| t.flaky));
    assert!(stream.tests.iter().any(|t| t.attempts > 2));
    assert_eq!(stream, file);
}

#[test]
fn a_large_file_with_an_error_reports_it_where_a_stream_does() {
    let good = big_report(20_000);
    for (what, bad) in [
        ("end tag", good.replacen("</testsuite>", "</testsuitx>", 3)),
        (
            "attribute",
            good.replacen(
                "name=\"test_19990\"",
                "name=\"test_19990\" name=\"again\"",
                1,
            ),
        ),
        ("entity", good.replacen("[a&amp;b]", "[a&nope;b]", 1)),
        ("truncated", good[..good.len() - 40].to_owned()),
    ] {
        let stream = from_stream(&bad).unwrap_err();
        let file = from_file(&bad).unwrap_err();
        assert_eq!(stream, file, "{what}");
        assert!(file.starts_with("doc.xml:"), "{what}: {file}");
    }
}

#[test]
fn a_large_file_that_fails_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.xml");
    std::fs::write(
        &first,
        "<testsuite time='1'><testcase classname='pkg.mod_0' name='test_0'><failure/></testcase></testsuite>",
    )
    .unwrap();
    let good = big_report(20_000);
    let bad = dir.path().join("bad.xml");
    std::fs::write(&bad, &good[..good.len() - 40]).unwrap();
    let mut b = RunBuilder::new("r", false);
    b.add_file(&first).unwrap();
    assert!(b.add_file(&bad).is_err());
    let run = b.finish();
    assert_eq!(run.tests.len(), 1);
    assert_eq!(
        (
            run.tests.get(0).unwrap().outcome,
            run.tests.get(0).unwrap().attempts,
            run.tests.get(0).unwrap().flaky
        ),
        (shipgate_core::Outcome::Failed, 1, false)
    );
    assert_eq!(run.reported_seconds, 1.0);
    assert_eq!(run.timed_tests, 0);
}
