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

#[test]
fn smoke_section_matches_the_contract() {
    let doc = json(&common::smoke());
    assert_eq!(
        keys(&doc),
        set(&["schema_version", "verdict", "gates", "smoke", "warnings"])
    );
    assert_eq!(doc["warnings"], serde_json::json!([common::TLS_OFF]));
    let smoke = &doc["smoke"];
    assert_eq!(keys(smoke), set(&["base_url", "elapsed_seconds", "checks"]));
    assert_eq!(smoke["base_url"], "https://staging.example.com");
    assert_eq!(smoke["elapsed_seconds"], 300.4);
    let checks = smoke["checks"].as_array().expect("checks");
    assert_eq!(checks.len(), 2);
    for c in checks {
        assert_eq!(
            keys(c),
            set(&[
                "name",
                "verdict",
                "attempts",
                "last_status",
                "last_latency_seconds",
                "detail"
            ])
        );
    }
    assert_eq!(checks[0]["verdict"], "pass");
    let failed = &checks[1];
    assert_eq!(failed["name"], "create order");
    assert_eq!(failed["verdict"], "fail");
    assert_eq!(failed["attempts"], 60);
    assert_eq!(failed["last_status"], 503);
    assert_eq!(failed["last_latency_seconds"], 0.045);
}

#[test]
fn smoke_checks_that_never_got_an_answer_have_null_status_and_latency() {
    let mut report = common::smoke();
    let smoke = report.smoke.as_mut().expect("smoke");
    smoke.checks[1].last_status = None;
    smoke.checks[1].last_latency_seconds = None;
    smoke.elapsed_seconds = f64::NAN;
    let doc = json(&report);
    assert!(doc["smoke"]["checks"][1]["last_status"].is_null());
    assert!(doc["smoke"]["checks"][1]["last_latency_seconds"].is_null());
    assert!(doc["smoke"]["elapsed_seconds"].is_null());
}

#[test]
fn metric_checks_section_and_headline_metrics_match_the_contract() {
    let doc = json(&common::metrics());
    assert_eq!(
        keys(&doc),
        set(&[
            "schema_version",
            "verdict",
            "gates",
            "metric_checks",
            "metrics"
        ])
    );
    let section = &doc["metric_checks"];
    assert_eq!(keys(section), set(&["metrics"]));
    let metrics = section["metrics"].as_array().expect("metric rows");
    assert_eq!(metrics.len(), 2);
    for m in metrics {
        assert_eq!(
            keys(m),
            set(&["name", "query", "condition", "verdict", "measurements"])
        );
        for row in m["measurements"].as_array().expect("measurements") {
            assert_eq!(
                keys(row),
                set(&["at_seconds", "outcome", "values", "error"])
            );
            for v in row["values"].as_array().expect("values") {
                assert_eq!(keys(v), set(&["series", "value"]));
            }
        }
    }
    let error_ratio = &metrics[0];
    assert_eq!(error_ratio["condition"], "< 0.001");
    assert_eq!(error_ratio["verdict"], "fail");
    let first = &error_ratio["measurements"][0];
    assert_eq!(first["outcome"], "failed");
    assert_eq!(first["values"][1]["series"], "{version=\"v2\"}");
    assert_eq!(first["values"][1]["value"], 0.0031);
    assert!(first["error"].is_null());
    let errored = &error_ratio["measurements"][2];
    assert_eq!(errored["outcome"], "error");
    assert_eq!(errored["values"], Value::Array(vec![]));
    assert!(errored["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("connection refused")));

    // `shipgate metrics`: the top-level `metrics` is the metric-check rows, no `score`.
    assert_eq!(doc["metrics"], section["metrics"]);
}

#[test]
fn nan_and_infinite_measured_values_become_null() {
    let doc = json(&common::metrics());
    let nan = &doc["metric_checks"]["metrics"][0]["measurements"][1];
    assert_eq!(nan["outcome"], "inconclusive");
    assert_eq!(nan["values"][0]["series"], "{}");
    assert!(nan["values"][0]["value"].is_null());

    let mut report = common::metrics();
    let section = report.metrics.as_mut().expect("metrics");
    section.metrics[0].measurements[0].values = vec![
        ("a".to_string(), f64::INFINITY),
        ("b".to_string(), f64::NEG_INFINITY),
    ];
    section.metrics[0].measurements[0].at_seconds = f64::NAN;
    let doc = json(&report);
    let row = &doc["metric_checks"]["metrics"][0]["measurements"][0];
    assert!(row["at_seconds"].is_null());
    assert!(row["values"][0]["value"].is_null());
    assert!(row["values"][1]["value"].is_null());
}

#[test]
fn canary_section_and_headline_score_and_metrics_match_the_contract() {
    let doc = json(&common::canary());
    assert_eq!(
        keys(&doc),
        set(&[
            "schema_version",
            "verdict",
            "gates",
            "canary",
            "score",
            "metrics"
        ])
    );
    let canary = &doc["canary"];
    assert_eq!(
        keys(canary),
        set(&[
            "score",
            "pass_score",
            "marginal_score",
            "outcome",
            "warnings",
            "metrics"
        ])
    );
    assert!((canary["score"].as_f64().expect("score") - 66.667).abs() < 0.001);
    assert_eq!(canary["pass_score"], 95.0);
    assert_eq!(canary["marginal_score"], 75.0);
    assert_eq!(canary["outcome"], "fail");
    assert_eq!(canary["warnings"].as_array().map(Vec::len), Some(1));
    let rows = canary["metrics"].as_array().expect("canary rows");
    assert_eq!(rows.len(), 6);
    let stats_keys = set(&["n", "dropped", "min", "median", "mean", "p90", "max"]);
    for r in rows {
        assert_eq!(
            keys(r),
            set(&[
                "name",
                "classification",
                "verdict",
                "critical",
                "p_value",
                "shift",
                "relative_effect",
                "allowed_change",
                "canary",
                "baseline",
                "reason"
            ])
        );
        assert_eq!(keys(&r["canary"]), stats_keys);
        assert_eq!(keys(&r["baseline"]), stats_keys);
    }
    let high = &rows[0];
    assert_eq!(high["name"], "error_ratio");
    assert_eq!(high["classification"], "high");
    assert_eq!(high["verdict"], "fail");
    assert_eq!(high["critical"], true);
    assert_eq!(high["relative_effect"], 1.8);
    assert_eq!(high["allowed_change"], 0.1);
    assert_eq!(high["canary"]["n"], 60);
    let nodata = &rows[5];
    assert_eq!(nodata["classification"], "nodata");
    assert_eq!(nodata["verdict"], "inconclusive");
    assert!(nodata["p_value"].is_null() && nodata["shift"].is_null());
    assert_eq!(nodata["canary"]["dropped"], 4);
    assert!(nodata["baseline"]["median"].is_null());

    // `shipgate analyze`: `score` and `metrics[]` (the canary rows) at the top level.
    assert_eq!(doc["score"], canary["score"]);
    assert_eq!(doc["metrics"], canary["metrics"]);
}

#[test]
fn a_report_with_both_metric_sections_has_no_ambiguous_headline_keys() {
    let doc = json(&common::metrics_and_canary());
    assert_eq!(
        keys(&doc),
        set(&[
            "schema_version",
            "verdict",
            "gates",
            "metric_checks",
            "canary"
        ])
    );
}

#[test]
fn non_finite_canary_numbers_become_null() {
    let mut report = common::canary();
    let canary = report.canary.as_mut().expect("canary");
    canary.score = f64::NAN;
    canary.metrics[0].p_value = Some(f64::NAN);
    canary.metrics[0].relative_effect = Some(f64::INFINITY);
    canary.metrics[0].canary.max = Some(f64::INFINITY);
    let doc = json(&report);
    assert!(doc["score"].is_null(), "present but null");
    assert!(doc["canary"]["score"].is_null());
    let row = &doc["canary"]["metrics"][0];
    assert!(row["p_value"].is_null() && row["relative_effect"].is_null());
    assert!(row["canary"]["max"].is_null());
}

#[test]
fn reports_without_the_new_sections_have_none_of_their_keys() {
    for (name, report) in common::all().into_iter().take(4) {
        let doc = json(&report);
        for key in ["smoke", "metric_checks", "canary", "score", "metrics"] {
            assert!(doc.get(key).is_none(), "{name}: {key}");
        }
    }
}

#[test]
fn docs_findings_and_documents_match_the_contract() {
    let doc = json(&common::docs());
    assert_eq!(
        keys(&doc),
        set(&[
            "schema_version",
            "verdict",
            "gates",
            "findings",
            "documents"
        ])
    );
    let findings = doc["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 10);
    for f in findings {
        let k = keys(f);
        let base = set(&["kind", "file", "line", "column", "message"]);
        assert!(k == base || k == &base | &set(&["suggestion"]), "{k:?}");
        assert!(f["kind"].is_string() && f["file"].is_string() && f["message"].is_string());
        assert!(f["line"].is_u64() || f["line"].is_null());
        assert!(f["column"].is_u64() || f["column"].is_null());
    }
    // A finding about the whole document: line and column are null, no suggestion.
    let whole = &findings[0];
    assert_eq!(whole["kind"], "requirement");
    assert!(whole["line"].is_null() && whole["column"].is_null());
    assert!(whole.get("suggestion").is_none());
    let broken = findings
        .iter()
        .find(|f| f["kind"] == "broken-link")
        .expect("a broken link");
    assert_eq!(broken["file"], "docs/guide.md");
    assert_eq!(
        (broken["line"].as_u64(), broken["column"].as_u64()),
        (Some(12), Some(30))
    );
    assert_eq!(broken["suggestion"], "install.md");
    let mermaid = findings
        .iter()
        .find(|f| f["kind"] == "mermaid-syntax")
        .expect("a mermaid finding");
    assert_eq!(mermaid["line"], 88);
    assert!(mermaid["column"].is_null());

    let documents = doc["documents"].as_array().expect("documents");
    assert_eq!(documents.len(), 4);
    for d in documents {
        assert_eq!(
            keys(d),
            set(&[
                "path",
                "lines",
                "code_blocks",
                "mermaid",
                "mermaid_valid",
                "links_checked",
                "external_links",
                "commands_verified",
                "env_verified",
                "endpoints_verified",
                "ids_verified",
                "commits_verified",
                "paths_verified",
                "findings",
                "requirements"
            ])
        );
        for r in d["requirements"].as_array().expect("requirements") {
            assert_eq!(keys(r), set(&["what", "min", "actual", "verdict"]));
        }
    }
    let guide = &documents[1];
    assert_eq!(guide["path"], "docs/guide.md");
    assert_eq!(guide["code_blocks"]["bash"], 40);
    assert_eq!(guide["requirements"][0]["verdict"], "fail");
    assert_eq!(guide["requirements"][1]["verdict"], "pass");

    // A clean check still has both keys, the findings empty.
    let clean = json(&common::docs_clean());
    assert_eq!(clean["findings"], Value::Array(vec![]));
    assert_eq!(clean["documents"].as_array().map(Vec::len), Some(2));
}
