//! The report's warnings reach every format, escaped for it, and leave no trace when there
//! are none.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may fail loudly

mod common;

use common::TLS_OFF;
use shipgate_report::{render, Format, RenderOptions};

fn opts() -> RenderOptions {
    RenderOptions {
        color: false,
        title: "shipgate smoke".to_string(),
    }
}

#[test]
fn every_format_carries_the_warning() {
    let report = common::smoke();
    assert_eq!(report.warnings, [TLS_OFF]);

    let human = render(&report, Format::Human, &opts());
    assert!(
        human.lines().any(|l| l == format!("warning: {TLS_OFF}")),
        "{human}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&render(&report, Format::Json, &opts())).unwrap();
    assert_eq!(json["warnings"], serde_json::json!([TLS_OFF]));

    let markdown = render(&report, Format::Markdown, &opts());
    let line = markdown
        .lines()
        .find(|l| l.starts_with("> **Warning:** "))
        .unwrap_or_else(|| panic!("{markdown}"));
    assert!(
        line.contains("TLS certificate verification is off"),
        "{line}"
    );
    assert!(
        line.contains("`tls_verify: false`"),
        "code span kept: {line}"
    );
    assert!(!line.contains("<&"), "markup escaped: {line}");

    let junit = render(&report, Format::Junit, &opts());
    assert!(
        junit.contains(r#"<property name="warning" value="smoke: TLS certificate verification is off (`tls_verify: false`): any server, including an impostor, is accepted &lt;&amp; &quot;here&quot;&gt;"/>"#),
        "{junit}"
    );

    let sarif: serde_json::Value =
        serde_json::from_str(&render(&report, Format::Sarif, &opts())).unwrap();
    let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notes[0]["level"], "warning");
    assert_eq!(notes[0]["message"]["text"], TLS_OFF);
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
}

#[test]
fn no_warnings_leave_no_trace() {
    let mut report = common::smoke();
    report.warnings.clear();
    assert!(!render(&report, Format::Human, &opts()).contains("warning:"));
    let json: serde_json::Value =
        serde_json::from_str(&render(&report, Format::Json, &opts())).unwrap();
    assert!(json.get("warnings").is_none(), "{json}");
    assert!(!render(&report, Format::Markdown, &opts()).contains("**Warning:**"));
    assert!(!render(&report, Format::Junit, &opts()).contains("<properties>"));
    let sarif: serde_json::Value =
        serde_json::from_str(&render(&report, Format::Sarif, &opts())).unwrap();
    assert!(sarif["runs"][0].get("invocations").is_none(), "{sarif}");
}

#[test]
fn a_report_of_only_warnings_is_still_a_well_formed_suite() {
    let mut report = shipgate_core::Report::new(Vec::new());
    report.add_warnings(["only a warning".to_string()]);
    let junit = render(&report, Format::Junit, &opts());
    assert!(junit.contains("<properties>"), "{junit}");
    assert_eq!(junit.matches("<testsuite ").count(), 1, "{junit}");
    assert_eq!(junit.matches("</testsuite>").count(), 1, "{junit}");
}
