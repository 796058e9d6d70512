//! SARIF 2.1.0: valid JSON with the properties the specification and code-scanning services
//! require, rule indexes that point at the right rules, and locations code scanners read.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may fail loudly

mod common;

use serde_json::Value;
use shipgate_core::{Finding, FindingKind, Report, Verdict};
use shipgate_report::{render, Format, RenderOptions};

fn sarif(report: &Report) -> Value {
    let text = render(report, Format::Sarif, &RenderOptions::default());
    assert!(text.ends_with("}\n"), "pretty JSON with a trailing newline");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"))
}

fn run(log: &Value) -> &Value {
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1, "one run");
    &runs[0]
}

fn results(log: &Value) -> &Vec<Value> {
    run(log)["results"].as_array().expect("results array")
}

/// The structural rules every log must follow, whatever the report.
fn assert_well_formed(log: &Value) {
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["version"], "2.1.0");
    let run = run(log);
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "shipgate");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://")));
    let rules = driver["rules"].as_array().expect("rules array");
    let mut ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("every rule has an id"))
        .collect();
    for r in rules {
        assert!(r["shortDescription"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), rules.len(), "rule ids are unique");

    for result in results(log) {
        let rule_id = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], rule_id, "ruleIndex points at its rule");
        assert!(matches!(
            result["level"].as_str(),
            Some("error" | "warning")
        ));
        assert!(result["message"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
        for location in result["locations"].as_array().into_iter().flatten() {
            let physical = &location["physicalLocation"];
            let artifact = &physical["artifactLocation"];
            assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
            let uri = artifact["uri"].as_str().expect("uri");
            assert!(
                uri.chars()
                    .all(|c| c.is_ascii_graphic() && !"#?:\\ ".contains(c)),
                "a relative URI reference: {uri}"
            );
            if let Some(region) = physical.get("region") {
                assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1));
                if let Some(c) = region.get("startColumn") {
                    assert!(c.as_u64().is_some_and(|c| c >= 1));
                }
            }
        }
    }
}

#[test]
fn every_snapshot_report_is_a_well_formed_log() {
    for (_, report) in common::all() {
        assert_well_formed(&sarif(&report));
    }
}

#[test]
fn findings_are_results_at_their_place() {
    let log = sarif(&common::docs());
    let rules = run(&log)["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let keys: Vec<&str> = FindingKind::ALL.iter().map(|k| k.key()).collect();
    assert_eq!(ids, keys, "one rule per finding kind, and no gate rules");
    for (rule, kind) in rules.iter().zip(FindingKind::ALL) {
        assert_eq!(rule["fullDescription"]["text"], kind.description());
    }

    let results = results(&log);
    assert_eq!(
        results.len(),
        10,
        "one result per finding, none for the docs gates"
    );
    let at = |rule: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == rule)
            .unwrap_or_else(|| panic!("a {rule} result"))
    };

    let broken = at("broken-link");
    assert_eq!(broken["level"], "error");
    assert_eq!(
        broken["message"]["text"],
        "`instal.md` does not exist. Did you mean `install.md`?"
    );
    let location = &broken["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "docs/guide.md");
    assert_eq!(location["region"]["startLine"], 12);
    assert_eq!(location["region"]["startColumn"], 30);

    // The column counts characters: `Añade 🚀 `` is nine, whatever UTF-16 or bytes say.
    let env = &at("unknown-env")["locations"][0]["physicalLocation"];
    assert_eq!(
        env["artifactLocation"]["uri"],
        "docs/gu%C3%ADa%20r%C3%A1pida.md"
    );
    assert_eq!(env["region"]["startColumn"], 10);

    // A diagram-drift result is at the edge's line and column.
    let drift = &at("diagram-drift")["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (drift["startLine"].as_u64(), drift["startColumn"].as_u64()),
        (Some(95), Some(5))
    );

    // A line without a column; a finding about the whole document has no region.
    let mermaid = &at("mermaid-syntax")["locations"][0]["physicalLocation"]["region"];
    assert_eq!(mermaid["startLine"], 88);
    assert!(mermaid.get("startColumn").is_none());
    let requirement = &at("requirement")["locations"][0]["physicalLocation"];
    assert!(requirement.get("region").is_none());

    // The commits gate only warns.
    assert_eq!(at("unknown-commit")["level"], "warning");
}

#[test]
fn a_clean_documentation_check_has_rules_and_no_results() {
    let log = sarif(&common::docs_clean());
    assert!(results(&log).is_empty());
    assert_eq!(
        run(&log)["tool"]["driver"]["rules"]
            .as_array()
            .map(Vec::len),
        Some(FindingKind::ALL.len())
    );
}

#[test]
fn without_documentation_checks_failed_gates_are_results_without_a_location() {
    let log = sarif(&common::failing());
    let found = results(&log);
    let ids: Vec<&str> = found.iter().filter_map(|r| r["ruleId"].as_str()).collect();
    assert_eq!(ids, ["TQ-02", "TQ-04"]);
    for r in found {
        assert!(r.get("locations").is_none());
        assert_eq!(r["level"], "error");
    }
    assert!(found[0]["message"]["text"]
        .as_str()
        .is_some_and(|t| t.contains("threshold: >= 98%, actual: 97.50%")));

    // A passing report has no results; one where nothing was evaluated still has one.
    assert!(sarif(&common::all_pass())["runs"][0]["results"]
        .as_array()
        .is_some_and(Vec::is_empty));
    let empty = sarif(&common::empty());
    assert_eq!(results(&empty).len(), 1);
    assert_eq!(results(&empty)[0]["ruleId"], "verdict");
    assert_eq!(results(&empty)[0]["level"], "error");
}

#[test]
fn gates_sharing_an_id_share_one_rule() {
    let mut report = common::failing();
    for g in &mut report.gates {
        if g.id == "TQ-03" {
            g.verdict = Verdict::Fail;
        }
    }
    let log = sarif(&report);
    assert_well_formed(&log);
    let rules = run(&log)["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let tq03: Vec<&Value> = rules.iter().filter(|r| r["id"] == "TQ-03").collect();
    assert_eq!(tq03.len(), 1);
    assert_eq!(
        tq03[0]["shortDescription"]["text"],
        "TQ-03 suite_duration, test_duration"
    );
    assert_eq!(
        results(&log)
            .iter()
            .filter(|r| r["ruleId"] == "TQ-03")
            .count(),
        2
    );
}

#[test]
fn a_failed_docs_gate_without_findings_is_still_a_result() {
    let mut report = common::docs_clean();
    report.gates[2].verdict = Verdict::Error;
    report.gates[2].message = "cannot read the truth file `.github/workflows/ci.yml`".to_string();
    report.refresh_verdict();
    let log = sarif(&report);
    assert_well_formed(&log);
    let results = results(&log);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "DG-03");
}

#[test]
fn strange_text_stays_valid_json_and_uris_stay_relative_references() {
    let evil = "quote \" backslash \\ newline \n nul \u{0} esc \u{1b}[31m";
    let mut report = common::docs_clean();
    let docs = report.docs.as_mut().expect("docs");
    docs.findings = vec![
        Finding::at(FindingKind::MissingPath, "a:b/c d#e?f%g\\h.md", 1, 1, evil).suggest(evil),
        Finding::at(
            FindingKind::BrokenLink,
            "x.md",
            0,
            0,
            "line zero is no line",
        ),
    ];
    let log = sarif(&report);
    assert_well_formed(&log);
    let results = results(&log);
    let location = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "a%3Ab/c%20d%23e%3Ff%25g%5Ch.md"
    );
    assert!(results[0]["message"]["text"]
        .as_str()
        .is_some_and(|t| t.starts_with(evil)));
    assert!(results[1]["locations"][0]["physicalLocation"]
        .get("region")
        .is_none());
}
