//! The `Min | Actual | Status` rows of the self-check report for a document that has
//! `require` rules (the findings themselves come from [`crate::requirements`]).

use std::path::Path;

use shipgate_config::DocRequirementConfig;
use shipgate_core::{RequirementRow, Verdict};

use crate::links::resolve_link;
use crate::Document;

/// One row per minimum and per `links_to` target of the rules naming `doc`.
pub(crate) fn rows(
    root: &Path,
    doc: &Document,
    rules: &[DocRequirementConfig],
) -> Vec<RequirementRow> {
    let mut rows = Vec::new();
    for rule in rules
        .iter()
        .filter(|r| r.path.trim_start_matches("./") == doc.path)
    {
        let minimums = [
            ("lines", rule.min_lines, u64::from(doc.lines)),
            (
                "code blocks",
                rule.min_code_blocks,
                doc.code_blocks.len() as u64,
            ),
            (
                "mermaid diagrams",
                rule.min_mermaid,
                doc.mermaid_blocks().count() as u64,
            ),
        ];
        for (what, min, actual) in minimums {
            if let Some(min) = min {
                rows.push(RequirementRow {
                    what: what.to_owned(),
                    min: min.to_string(),
                    actual: actual.to_string(),
                    verdict: verdict(actual >= min),
                });
            }
        }
        for target in &rule.links_to {
            let target = target.trim_start_matches("./");
            let linked = doc
                .links
                .iter()
                .filter(|l| {
                    resolve_link(root, &doc.path, &l.destination).as_deref() == Some(target)
                })
                .count();
            rows.push(RequirementRow {
                what: format!("links to {target}"),
                min: "1".to_owned(),
                actual: linked.to_string(),
                verdict: verdict(linked > 0),
            });
        }
    }
    rows
}

fn verdict(met: bool) -> Verdict {
    if met {
        Verdict::Pass
    } else {
        Verdict::Fail
    }
}
