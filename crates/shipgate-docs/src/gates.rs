//! One gate per documentation check, so that `shipgate check`, the JUnit report and the
//! gate table show the documentation checks like every other gate: `DG-01 links == 0`.
//! A check the config does not enable is reported as not evaluated, with the key that
//! enables it.

use std::collections::BTreeMap;

use shipgate_core::{GateResult, Measured, Verdict, DOCS_GATES};

/// How to enable each check when it is off, by gate name (the gates themselves are
/// [`DOCS_GATES`]).
fn how_to_enable(name: &str) -> &'static str {
    match name {
        "paths" => "set `docs.paths: true`",
        "commits" => "set `docs.commits: true`",
        "mermaid" => "set `docs.mermaid: true`",
        "commands" => "add `docs.commands` with the tools and the workflows that run them",
        "env" => "add `docs.env` with the files that set or read the variables",
        "endpoints" => "add `docs.endpoints` with the source files that declare the routes",
        "ids" => "add `docs.ids` with a pattern and its truth files",
        "requirements" => "add `docs.require` with per-document minimums",
        _ => "always on",
    }
}

/// How many findings each check that ran produced.
#[derive(Debug, Clone, Default)]
pub(crate) struct CheckCounts {
    findings: BTreeMap<&'static str, usize>,
    /// Checks that are on but could not be evaluated, with why.
    skipped: BTreeMap<&'static str, String>,
}

impl CheckCounts {
    /// `check` ran and found `findings` problems.
    pub(crate) fn record(&mut self, check: &'static str, findings: usize) {
        *self.findings.entry(check).or_insert(0) += findings;
    }

    /// `check` is on but could not be evaluated (`why` says so in the report).
    pub(crate) fn skip(&mut self, check: &'static str, why: &str) {
        self.skipped.insert(check, why.to_owned());
    }
}

/// What a check's references are called and what is wrong with the ones that did not
/// resolve, by gate name: `("path", "paths", "missing")`.
fn words(name: &str) -> (&'static str, &'static str, &'static str) {
    match name {
        "links" => ("link", "links", "broken"),
        "paths" => ("path", "paths", "missing"),
        "commits" => ("commit", "commits", "unknown"),
        "mermaid" => ("diagram", "diagrams", "invalid"),
        "commands" => ("command", "commands", "wrong"),
        "env" => ("variable", "variables", "unknown"),
        "endpoints" => ("endpoint", "endpoints", "unknown"),
        "ids" => ("id", "ids", "unknown"),
        "requirements" => ("requirement", "requirements", "not met"),
        _ => ("reference", "references", "wrong"),
    }
}

/// What a check that ran verified: `4 paths verified, none missing`, `12 links verified,
/// 2 broken`, `no variables to verify`; `verified` counts the references that resolved,
/// `found` the findings.
fn summary(name: &str, verified: usize, found: usize) -> String {
    let (one, many, wrong) = words(name);
    let noun = if verified == 1 { one } else { many };
    match (verified, found) {
        (0, 0) => format!("no {many} to verify"),
        (v, 0) if wrong == "not met" => format!("{v} {noun} verified, all met"),
        (v, 0) => format!("{v} {noun} verified, none {wrong}"),
        (v, n) => format!("{v} {noun} verified, {n} {wrong}"),
    }
}

/// The gates of one documentation check; `verified` holds, by gate name, how many
/// references each check resolved ([`crate::verified::verified`]).
pub(crate) fn gates(counts: &CheckCounts, verified: &BTreeMap<&str, usize>) -> Vec<GateResult> {
    DOCS_GATES
        .iter()
        .map(|&(id, name)| match counts.findings.get(name) {
            None if counts.skipped.contains_key(name) => GateResult::not_evaluated(
                id,
                name,
                counts.skipped.get(name).cloned().unwrap_or_default(),
            ),
            None => {
                GateResult::not_evaluated(id, name, format!("not enabled: {}", how_to_enable(name)))
            }
            Some(&found) => {
                let verdict = if found == 0 {
                    Verdict::Pass
                } else {
                    Verdict::Fail
                };
                let resolved = verified.get(name).copied().unwrap_or(0);
                GateResult {
                    id: id.to_owned(),
                    name: name.to_owned(),
                    verdict,
                    threshold: Some("== 0".to_owned()),
                    measured: Some(Measured::count(found as u64)),
                    message: summary(name, resolved, found),
                    evidence: Vec::new(),
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_that_ran_pass_or_fail_and_the_others_say_how_to_enable_them() {
        let mut counts = CheckCounts::default();
        counts.record("links", 0);
        counts.record("paths", 2);
        let verified = BTreeMap::from([("links", 12), ("paths", 4)]);
        let gates = gates(&counts, &verified);
        assert_eq!(gates.len(), 9);
        assert_eq!(
            (gates[0].id.as_str(), gates[0].verdict),
            ("DG-01", Verdict::Pass)
        );
        assert_eq!(gates[1].verdict, Verdict::Fail);
        assert_eq!(gates[1].actual_display(), "2");
        assert_eq!(gates[0].message, "12 links verified, none broken");
        assert_eq!(gates[1].message, "4 paths verified, 2 missing");
        assert_eq!(gates[4].verdict, Verdict::NotEvaluated);
        assert!(
            gates[4].message.contains("docs.commands"),
            "{}",
            gates[4].message
        );
    }

    #[test]
    fn summaries_say_what_was_verified() {
        assert_eq!(summary("paths", 4, 0), "4 paths verified, none missing");
        assert_eq!(summary("links", 12, 2), "12 links verified, 2 broken");
        assert_eq!(summary("env", 0, 0), "no variables to verify");
        assert_eq!(summary("env", 1, 0), "1 variable verified, none unknown");
        assert_eq!(summary("commands", 0, 3), "0 commands verified, 3 wrong");
        assert_eq!(
            summary("requirements", 5, 0),
            "5 requirements verified, all met"
        );
        assert_eq!(summary("mermaid", 2, 1), "2 diagrams verified, 1 invalid");
    }
}
