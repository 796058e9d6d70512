//! Random secrets in every free-text field of a report: after redaction, every format
//! shows none of them in any encoded form, and the JSON always parses with the names and
//! numbers intact.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use shipgate_core::{
    DocsSection, Finding, FindingKind, GateResult, Measured, Redactor, Report, SmokeCheckRow,
    SmokeSection, Verdict,
};
use shipgate_report::{Format, RenderOptions};

fn report_with(secret: &str, other: &str) -> Report {
    let mut report = Report::new(vec![GateResult {
        id: "SMOKE-login".into(),
        name: "login".into(),
        verdict: Verdict::Fail,
        threshold: Some(format!("/token == \"{secret}\"")),
        measured: Some(Measured::count(3)),
        message: format!(
            "body: {{\"t\":{}}} and {other}",
            serde_json::to_string(secret).unwrap()
        ),
        evidence: vec![format!("GET http://h/?k={secret}"), other.to_string()],
    }]);
    report.smoke = Some(SmokeSection {
        base_url: format!("http://h/?key={secret}"),
        elapsed_seconds: 1.5,
        checks: vec![SmokeCheckRow {
            name: "login".into(),
            verdict: Verdict::Fail,
            attempts: 3,
            last_status: Some(401),
            last_latency_seconds: Some(0.01),
            detail: format!("expected {secret}"),
        }],
    });
    report.docs = Some(DocsSection {
        documents: Vec::new(),
        findings: vec![Finding {
            file: "docs/a.md".into(),
            line: Some(3),
            column: Some(1),
            kind: FindingKind::BrokenLink,
            message: format!("`{secret}` does not exist"),
            suggestion: Some(other.to_string()),
            excerpt: Some(format!("see [{secret}]({secret}.md)")),
        }],
    });
    report
}

/// What rendering may turn a secret into.
fn forms(secret: &str) -> Vec<String> {
    let json = serde_json::to_string(secret).unwrap();
    let markdown: String = secret
        .chars()
        .flat_map(|c| {
            if c.is_ascii_punctuation() {
                vec!['\\', c]
            } else {
                vec![c]
            }
        })
        .collect();
    vec![
        secret.to_string(),
        json.trim_matches('"').to_string(),
        markdown,
        secret
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;"),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_format_shows_a_secret_and_json_stays_valid(
        body in r#"[a-z0-9 "/\\<>&*_\[\]%+#é|`]{4,16}"#,
        other in r"[a-z ]{0,12}",
    ) {
        // a marker no template contains, so that a find is a leak, not a coincidence
        let secret = format!("Zq{body}");
        let mut report = report_with(&secret, &other);
        report.redact(&Redactor::with_secrets([secret.as_str()]));
        let opts = RenderOptions { color: false, title: "shipgate check".into() };
        let outputs = [
            shipgate_report::render(&report, Format::Human, &opts),
            shipgate_report::render(&report, Format::Json, &opts),
            shipgate_report::render(&report, Format::Junit, &opts),
            shipgate_report::render(&report, Format::Markdown, &opts),
            shipgate_report::render(&report, Format::Sarif, &opts),
            shipgate_report::github_annotations(&report),
            shipgate_report::step_summary(&report, &opts),
        ];
        for text in &outputs {
            for form in forms(&secret) {
                prop_assert!(!text.contains(&form), "shows `{}`:\n{}", form, text);
            }
        }
        let json: serde_json::Value = serde_json::from_str(&outputs[1]).unwrap();
        prop_assert_eq!(&json["gates"][0]["id"], "SMOKE-login");
        prop_assert_eq!(&json["gates"][0]["name"], "login");
        prop_assert_eq!(&json["gates"][0]["value"], 3.0);
        let sarif: Result<serde_json::Value, _> = serde_json::from_str(&outputs[4]);
        prop_assert!(sarif.is_ok());
    }
}
