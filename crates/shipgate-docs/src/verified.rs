//! What each documentation check verified across all documents, for its gate's summary
//! (`4 paths verified, none missing`): the references that resolved, counted from the
//! documents' rows once every finding is known.

use std::collections::BTreeMap;

use shipgate_core::{DocumentSummary, Finding, Verdict};

/// How many references each check resolved, by gate name (`links`, `paths`, ...). A check
/// that did not run may be missing or count `0`; its gate does not read it.
pub(crate) fn verified(
    documents: &[DocumentSummary],
    findings: &[Finding],
    external_links: bool,
) -> BTreeMap<&'static str, usize> {
    let sum = |f: &dyn Fn(&DocumentSummary) -> u32| -> usize {
        documents.iter().map(|d| f(d) as usize).sum()
    };
    // every link checked, less the ones a finding names (a link has at most one finding;
    // a whole-document finding, a document not read, names no link)
    let links_checked =
        sum(&|d| d.links_checked + if external_links { d.external_links } else { 0 });
    let broken = findings
        .iter()
        .filter(|f| f.kind.gate().1 == "links" && f.line.is_some())
        .count();
    let requirements_met = documents
        .iter()
        .flat_map(|d| &d.requirements)
        .filter(|r| r.verdict == Verdict::Pass)
        .count();
    BTreeMap::from([
        ("links", links_checked.saturating_sub(broken)),
        ("paths", sum(&|d| d.paths_verified.unwrap_or(0))),
        ("commits", sum(&|d| d.commits_verified.unwrap_or(0))),
        ("mermaid", sum(&|d| d.mermaid_valid)),
        ("commands", sum(&|d| d.commands_verified.unwrap_or(0))),
        ("env", sum(&|d| d.env_verified.unwrap_or(0))),
        ("endpoints", sum(&|d| d.endpoints_verified.unwrap_or(0))),
        ("ids", sum(&|d| d.ids_verified.unwrap_or(0))),
        ("requirements", requirements_met),
    ])
}

#[cfg(test)]
mod tests {
    use shipgate_core::{FindingKind, RequirementRow};

    use super::*;

    #[test]
    fn counts_what_resolved_across_documents() {
        let row = |verdict| RequirementRow {
            what: "lines".into(),
            min: "1".into(),
            actual: "2".into(),
            verdict,
        };
        let a = DocumentSummary {
            path: "a.md".into(),
            links_checked: 5,
            external_links: 2,
            paths_verified: Some(3),
            env_verified: Some(1),
            mermaid: 2,
            mermaid_valid: 1,
            requirements: vec![row(Verdict::Pass), row(Verdict::Fail)],
            ..DocumentSummary::default()
        };
        let b = DocumentSummary {
            path: "b.md".into(),
            links_checked: 4,
            paths_verified: Some(2),
            ..DocumentSummary::default()
        };
        let findings = vec![
            Finding::at(FindingKind::BrokenLink, "a.md", 1, 1, "x"),
            Finding::at(FindingKind::MissingAnchor, "b.md", 1, 1, "y"),
            // a document that was not read names no link
            Finding::whole(FindingKind::BrokenLink, "c.md", "z"),
            Finding::at(FindingKind::MissingPath, "a.md", 2, 1, "p"),
        ];
        let docs = [a, b];
        let v = verified(&docs, &findings, false);
        assert_eq!(v["links"], 7);
        assert_eq!(v["paths"], 5);
        assert_eq!(v["env"], 1);
        assert_eq!(v["mermaid"], 1);
        assert_eq!(v["requirements"], 1);
        assert_eq!(v["commands"], 0);
        // external links count only when they were asked
        assert_eq!(verified(&docs, &findings, true)["links"], 9);
    }
}
