//! The self-check report's row per document: what it holds and what checked out.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use shipgate_config::DocsConfig;
use shipgate_core::{DocumentSummary, Finding};

use crate::requirement_rows;
use crate::{links, Document};

/// Per document: its candidates minus its findings (the references that checked out).
pub(crate) fn verified_counts<'a>(
    candidates: impl Iterator<Item = (&'a str, usize)>,
    found: &[Finding],
) -> BTreeMap<String, u32> {
    // findings per file, counted once (not a scan of every finding per document)
    let mut bad: HashMap<&str, usize> = HashMap::new();
    for finding in found {
        *bad.entry(finding.file.as_str()).or_default() += 1;
    }
    candidates
        .map(|(path, n)| {
            let bad = bad.get(path).copied().unwrap_or(0);
            (
                path.to_owned(),
                u32::try_from(n.saturating_sub(bad)).unwrap_or(u32::MAX),
            )
        })
        .collect()
}

/// The self-check report's row for one document; `findings` are sorted (by file first).
pub(crate) fn summarize(
    root: &Path,
    doc: &Document,
    config: &DocsConfig,
    findings: &[Finding],
    verified: &BTreeMap<&'static str, BTreeMap<String, u32>>,
) -> DocumentSummary {
    let mut code_blocks = BTreeMap::new();
    for block in &doc.code_blocks {
        let language = block.language.clone().unwrap_or_else(|| "text".to_owned());
        *code_blocks.entry(language).or_insert(0) += 1;
    }
    let mermaid = doc.mermaid_blocks().count() as u32;
    // this document's findings: one run of the sorted list
    let from = findings.partition_point(|f| f.file < doc.path);
    let to = findings.partition_point(|f| f.file <= doc.path);
    let own = findings.get(from..to).unwrap_or_default();
    let mine =
        |kind: shipgate_core::FindingKind| own.iter().filter(|f| f.kind == kind).count() as u32;
    let external = doc
        .links
        .iter()
        .filter(|l| links::is_external(&l.destination))
        .count() as u32;
    let count = |check: &str| {
        verified
            .get(check)
            .map(|m| m.get(&doc.path).copied().unwrap_or(0))
    };
    DocumentSummary {
        path: doc.path.clone(),
        lines: doc.lines,
        code_blocks,
        mermaid,
        mermaid_valid: if config.mermaid {
            mermaid.saturating_sub(mine(shipgate_core::FindingKind::MermaidSyntax))
        } else {
            0
        },
        links_checked: (doc.links.len() as u32).saturating_sub(external),
        external_links: external,
        commands_verified: count("commands"),
        env_verified: count("env"),
        endpoints_verified: count("endpoints"),
        ids_verified: count("ids"),
        commits_verified: count("commits"),
        paths_verified: count("paths"),
        findings: own.len() as u32,
        requirements: requirement_rows::rows(root, doc, &config.require),
    }
}
