//! The JUnit output is well-formed XML that quick-xml parses back to what went in.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may fail loudly

mod common;

use quick_xml::events::Event;
use quick_xml::Reader;
use shipgate_core::{GateResult, Measured, Report, Verdict};
use shipgate_report::{render, Format, RenderOptions};

use common::gate;

/// One element as parsed back: its name, attributes (unescaped) and text (unescaped).
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
}

impl Element {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Parse `xml` strictly (end names checked, everything closed) into its elements in order.
fn parse(xml: &str) -> Vec<Element> {
    let mut reader = Reader::from_str(xml);
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut raw_text: Vec<String> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("invalid XML: {e}\n{xml}"));
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = e.name().as_ref().to_string();
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap_or_else(|err| panic!("bad attribute: {err}\n{xml}"));
                        let key = a.key.as_ref().to_string();
                        let raw = &*a.value;
                        // quick-xml tolerates a raw `<` in an attribute; XML does not.
                        assert!(!raw.contains('<'), "unescaped < in {key}=\"{raw}\"\n{xml}");
                        let value = quick_xml::escape::unescape(raw)
                            .expect("unescapable")
                            .into_owned();
                        (key, value)
                    })
                    .collect();
                elements.push(Element {
                    name,
                    attrs,
                    text: String::new(),
                });
                if matches!(event, Event::Start(_)) {
                    open.push(elements.len() - 1);
                    raw_text.push(String::new());
                }
            }
            Event::Text(t) => {
                if let Some(buf) = raw_text.last_mut() {
                    buf.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(buf) = raw_text.last_mut() {
                    buf.push('&');
                    buf.push_str(&r);
                    buf.push(';');
                }
            }
            Event::End(_) => {
                let i = open.pop().expect("balanced");
                let raw = raw_text.pop().expect("balanced");
                elements[i].text = quick_xml::escape::unescape(&raw)
                    .expect("unescapable")
                    .into_owned();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed elements\n{xml}");
    elements
}

fn junit(report: &Report, title: &str) -> String {
    render(
        report,
        Format::Junit,
        &RenderOptions {
            color: false,
            title: title.to_string(),
        },
    )
}

#[test]
fn every_snapshot_report_parses() {
    for (name, report) in common::all() {
        let elements = parse(&junit(&report, "shipgate tests"));
        assert_eq!(elements[0].name, "testsuites", "{name}");
        assert_eq!(elements[0].attr("name"), Some("shipgate"));
        assert_eq!(elements[1].name, "testsuite", "{name}");
        assert_eq!(elements[1].attr("name"), Some("shipgate tests"));
    }
}

#[test]
fn markup_in_messages_is_escaped_and_round_trips() {
    let evil = r#"a <b> & "c" 'd' ]]> </failure>"#;
    let multi = "line one\nline two\ttabbed";
    let report = Report::new(vec![
        gate(
            "TQ-02",
            "pass<rate>",
            Verdict::Fail,
            "< 5 & > 1",
            Some(Measured::ratio(0.5)),
            evil,
            &[evil],
        ),
        gate("TQ-03", "x\"y", Verdict::Error, "< 30s", None, multi, &[]),
        GateResult {
            evidence: vec![evil.to_string()],
            ..GateResult::not_evaluated("TQ-01", "o&d", multi)
        },
        gate(
            "TQ-04",
            "flaky",
            Verdict::Pass,
            "== 0",
            Some(Measured::count(0)),
            evil,
            &[],
        ),
    ]);
    let xml = junit(&report, "title & <more>");
    let elements = parse(&xml);
    assert_eq!(elements[1].attr("name"), Some("title & <more>"));

    let cases: Vec<&Element> = elements.iter().filter(|e| e.name == "testcase").collect();
    assert_eq!(cases.len(), 4);
    assert_eq!(cases[0].attr("classname"), Some("shipgate.TQ-02"));
    assert_eq!(cases[0].attr("name"), Some("pass<rate>"));
    assert_eq!(cases[1].attr("name"), Some("x\"y"));
    assert_eq!(cases[2].attr("name"), Some("o&d"));

    let failure = elements
        .iter()
        .find(|e| e.name == "failure")
        .expect("a failure");
    assert_eq!(failure.attr("message"), Some(evil));
    assert_eq!(failure.attr("type"), Some("fail"));
    assert!(
        failure.text.contains("threshold: < 5 & > 1"),
        "{}",
        failure.text
    );
    assert!(failure.text.contains("actual: 50.00%"));
    assert!(failure.text.contains(&format!("- {evil}")));

    // Newlines and tabs in attributes survive as character references.
    let error = elements
        .iter()
        .find(|e| e.name == "error")
        .expect("an error");
    assert_eq!(error.attr("message"), Some(multi));
    let skipped = elements
        .iter()
        .find(|e| e.name == "skipped")
        .expect("a skip");
    assert_eq!(
        skipped.attr("message"),
        Some(format!("{multi}\n{evil}").as_str())
    );
    let out = elements
        .iter()
        .find(|e| e.name == "system-out")
        .expect("system-out");
    assert_eq!(out.text, evil);
}

#[test]
fn characters_xml_forbids_never_reach_the_output() {
    let report = Report::new(vec![gate(
        "TQ-02",
        "p",
        Verdict::Fail,
        ">= 98%",
        None,
        "esc \u{1b}[31m nul \u{0}",
        &[],
    )]);
    let xml = junit(&report, "t");
    assert!(
        !xml.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')),
        "{xml:?}"
    );
    let elements = parse(&xml);
    let failure = elements
        .iter()
        .find(|e| e.name == "failure")
        .expect("a failure");
    assert_eq!(failure.attr("message"), Some("esc \\u{1b}[31m nul \\u{0}"));
}

#[test]
fn counters_follow_the_verdicts() {
    let report = Report::new(vec![
        gate("A", "pass", Verdict::Pass, "", None, "", &[]),
        gate("A", "warn", Verdict::Warn, "", None, "", &[]),
        gate("A", "fail", Verdict::Fail, "", None, "", &[]),
        gate(
            "A",
            "inconclusive",
            Verdict::Inconclusive,
            "",
            None,
            "",
            &[],
        ),
        gate("A", "error", Verdict::Error, "", None, "", &[]),
        GateResult::not_evaluated("A", "skip", "how to enable"),
    ]);
    let elements = parse(&junit(&report, "t"));
    for e in &elements[..2] {
        assert_eq!(e.attr("tests"), Some("6"));
        assert_eq!(e.attr("failures"), Some("2"));
        assert_eq!(e.attr("errors"), Some("1"));
        assert_eq!(e.attr("skipped"), Some("1"));
    }
    let types: Vec<&str> = elements
        .iter()
        .filter(|e| e.name == "failure")
        .filter_map(|e| e.attr("type"))
        .collect();
    assert_eq!(types, ["fail", "inconclusive"]);
}

#[test]
fn a_report_where_nothing_was_evaluated_still_fails_in_junit() {
    let report = Report::new(vec![GateResult::not_evaluated(
        "TQ-01",
        "order_dependent",
        "no shuffled run",
    )]);
    assert_eq!(report.verdict, Verdict::Inconclusive);
    let elements = parse(&junit(&report, "t"));
    assert_eq!(elements[1].attr("failures"), Some("1"));
    assert_eq!(elements[1].attr("skipped"), Some("1"));
    assert_eq!(elements[1].attr("tests"), Some("2"));
    let failure = elements
        .iter()
        .find(|e| e.name == "failure")
        .expect("a failure");
    assert_eq!(failure.attr("type"), Some("inconclusive"));
}
