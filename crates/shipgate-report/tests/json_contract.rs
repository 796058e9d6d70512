//! The JSON output is a contract: exact key sets, types, and always valid JSON.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may fail loudly

mod common;

use std::collections::BTreeSet;

use serde_json::Value;
use shipgate_core::{GateResult, Measured, Report, Verdict};
use shipgate_report::{render, Format, RenderOptions};

use common::{gate, run, slow};

fn json(report: &Report) -> Value {
    let text = render(report, Format::Json, &RenderOptions::default());
    assert!(
        text.ends_with("}\n"),
        "pretty JSON with a trailing newline: {text:?}"
    );
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"))
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

fn set(keys: &[&'static str]) -> BTreeSet<&'static str> {
    keys.iter().copied().collect()
}

#[test]
fn top_level_keys_match_the_contract() {
    let full = json(&common::all_pass());
    assert_eq!(
        keys(&full),
        set(&["schema_version", "verdict", "gates", "tests", "coverage"])
    );
    assert_eq!(full["schema_version"], 1);
    assert_eq!(full["verdict"], "pass");

    // Sections the report does not have are absent, not null.
    let bare = json(&common::empty());
    assert_eq!(keys(&bare), set(&["schema_version", "verdict", "gates"]));
    assert_eq!(bare["verdict"], "inconclusive");
    assert_eq!(bare["gates"], Value::Array(vec![]));
}

#[test]
fn schema_version_comes_first() {
    let text = render(&common::failing(), Format::Json, &RenderOptions::default());
    assert!(
        text.starts_with("{\n  \"schema_version\": 1,\n  \"verdict\": \"fail\","),
        "{text}"
    );
}

#[test]
fn gate_objects_have_exactly_the_contract_keys_and_types() {
    let doc = json(&common::failing());
    let gates = doc["gates"].as_array().expect("gates array");
    assert_eq!(gates.len(), 6);
    for g in gates {
        assert_eq!(
            keys(g),
            set(&[
                "id",
                "name",
                "verdict",
                "threshold",
                "actual",
                "value",
                "unit",
                "message",
                "evidence"
            ])
        );
        assert!(g["id"].is_string() && g["name"].is_string() && g["message"].is_string());
        assert!(g["threshold"].is_string() || g["threshold"].is_null());
        assert!(g["actual"].is_string() || g["actual"].is_null());
        assert!(g["value"].is_number() || g["value"].is_null());
        assert!(g["evidence"]
            .as_array()
            .expect("evidence")
            .iter()
            .all(Value::is_string));
        let unit = g["unit"].as_str();
        assert!(
            matches!(unit, None | Some("ratio" | "number" | "seconds")),
            "{unit:?}"
        );
    }

    let not_evaluated = &gates[0];
    assert_eq!(not_evaluated["verdict"], "not_evaluated");
    assert!(not_evaluated["threshold"].is_null() && not_evaluated["actual"].is_null());
    assert!(not_evaluated["value"].is_null() && not_evaluated["unit"].is_null());
    assert_eq!(not_evaluated["evidence"].as_array().map(Vec::len), Some(2));

    let pass_rate = &gates[1];
    assert_eq!(pass_rate["id"], "TQ-02");
    assert_eq!(pass_rate["name"], "pass_rate");
    assert_eq!(pass_rate["verdict"], "fail");
    assert_eq!(pass_rate["threshold"], ">= 98%");
    assert_eq!(pass_rate["actual"], "97.50%");
    assert_eq!(pass_rate["value"], 0.975);
    assert_eq!(pass_rate["unit"], "ratio");
}

#[test]
fn every_verdict_has_its_contract_word() {
    let words = [
        (Verdict::Pass, "pass"),
        (Verdict::Warn, "warn"),
        (Verdict::Fail, "fail"),
        (Verdict::Inconclusive, "inconclusive"),
        (Verdict::Error, "error"),
        (Verdict::NotEvaluated, "not_evaluated"),
    ];
    let gates = words
        .iter()
        .map(|(v, _)| gate("X-1", "x", *v, "== 0", None, "", &[]))
        .collect();
    let doc = json(&Report::new(gates));
    for (i, (_, word)) in words.iter().enumerate() {
        assert_eq!(doc["gates"][i]["verdict"], *word);
    }
    assert_eq!(doc["verdict"], "error");
}

#[test]
fn tests_and_coverage_sections_match_the_contract() {
    let doc = json(&common::failing());
    let tests = &doc["tests"];
    assert_eq!(
        keys(tests),
        set(&["runs", "flaky", "order_dependent", "slowest"])
    );
    let r = &tests["runs"][0];
    assert_eq!(
        keys(r),
        set(&[
            "label",
            "shuffled",
            "unique",
            "passed",
            "failed",
            "errored",
            "skipped",
            "flaky",
            "duration_seconds",
            "measured"
        ])
    );
    assert_eq!(r["label"], "reports/junit.xml");
    assert_eq!(r["shuffled"], false);
    for (key, n) in [
        ("unique", 43),
        ("passed", 39),
        ("failed", 1),
        ("errored", 0),
        ("skipped", 3),
        ("flaky", 2),
    ] {
        assert!(r[key].is_u64(), "{key} is an integer");
        assert_eq!(r[key], n, "{key}");
    }
    assert_eq!(r["duration_seconds"], 12.3);
    assert_eq!(r["measured"], false);
    assert_eq!(tests["flaky"][0], "tests.test_api::test_retry_on_timeout");
    assert!(tests["order_dependent"]
        .as_array()
        .is_some_and(Vec::is_empty));
    let s = &tests["slowest"][0];
    assert_eq!(keys(s), set(&["id", "seconds"]));
    assert_eq!(s["seconds"], 3.2);

    let c = &doc["coverage"];
    assert_eq!(
        keys(c),
        set(&[
            "lines_valid",
            "lines_covered",
            "branches_valid",
            "branches_covered",
            "line_rate",
            "branch_rate"
        ])
    );
    assert_eq!(c["lines_valid"], 1000);
    assert_eq!(c["lines_covered"], 400);
    assert_eq!(c["line_rate"], 0.4);
    assert!(
        c["branch_rate"].is_null(),
        "no branches: nothing to divide by"
    );
}

#[test]
fn non_finite_numbers_become_null_never_invalid_json() {
    let mut report = Report::new(vec![
        gate(
            "TQ-02",
            "pass_rate",
            Verdict::Inconclusive,
            ">= 98%",
            Some(Measured::ratio(f64::NAN)),
            "NaN",
            &[],
        ),
        gate(
            "TQ-03",
            "suite_duration",
            Verdict::Inconclusive,
            "< 60m",
            Some(Measured::seconds(f64::INFINITY)),
            "",
            &[],
        ),
        GateResult {
            measured: Some(Measured::count(3)),
            ..GateResult::not_evaluated("X", "y", "")
        },
    ]);
    let mut tests = common::failing().tests.expect("tests");
    tests.runs = vec![run("r", false, [1, 1, 0, 0, 0, 0], f64::NAN, true)];
    tests.slowest = vec![slow("a::b", f64::NEG_INFINITY)];
    report.tests = Some(tests);

    let doc = json(&report);
    assert!(doc["gates"][0]["value"].is_null());
    assert_eq!(doc["gates"][0]["unit"], "ratio");
    assert_eq!(doc["gates"][0]["actual"], "NaN");
    assert!(doc["gates"][1]["value"].is_null());
    assert_eq!(doc["gates"][2]["value"], 3.0);
    assert!(doc["tests"]["runs"][0]["duration_seconds"].is_null());
    assert!(doc["tests"]["slowest"][0]["seconds"].is_null());
}

#[test]
fn strings_with_quotes_and_control_characters_round_trip() {
    let evil = "quote \" backslash \\ newline \n nul \u{0} esc \u{1b}[31m";
    let report = Report::new(vec![gate(
        "TQ-02",
        evil,
        Verdict::Fail,
        evil,
        None,
        evil,
        &[evil],
    )]);
    let doc = json(&report);
    let g = &doc["gates"][0];
    for key in ["name", "threshold", "message"] {
        assert_eq!(g[key], evil, "{key}");
    }
    assert_eq!(g["evidence"][0], evil);
}
