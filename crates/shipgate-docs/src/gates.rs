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

/// The gates of one documentation check over `documents` documents.
pub(crate) fn gates(counts: &CheckCounts, documents: usize) -> Vec<GateResult> {
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
                let message = match found {
                    0 if documents == 1 => "nothing found in 1 document".to_owned(),
                    0 => format!("nothing found in {documents} documents"),
                    1 => "1 finding".to_owned(),
                    n => format!("{n} findings"),
                };
                GateResult {
                    id: id.to_owned(),
                    name: name.to_owned(),
                    verdict,
                    threshold: Some("== 0".to_owned()),
                    measured: Some(Measured::count(found as u64)),
                    message,
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
        let gates = gates(&counts, 3);
        assert_eq!(gates.len(), 9);
        assert_eq!(
            (gates[0].id.as_str(), gates[0].verdict),
            ("DG-01", Verdict::Pass)
        );
        assert_eq!(gates[1].verdict, Verdict::Fail);
        assert_eq!(gates[1].actual_display(), "2");
        assert_eq!(gates[4].verdict, Verdict::NotEvaluated);
        assert!(
            gates[4].message.contains("docs.commands"),
            "{}",
            gates[4].message
        );
    }
}
