//! The self-check report's row per document: what it holds and what checked out.

use std::collections::BTreeMap;
use std::path::Path;

use shipgate_config::DocsConfig;
use shipgate_core::{DocumentSummary, Finding, FindingKind};

use crate::requirement_rows;
use crate::{links, Document};

/// The self-check report's row for one document, from the document itself: `mermaid_invalid`
/// is how many of its mermaid diagrams do not parse, `verified` how many references each
/// check that ran verified in it. The findings count is filled in once every finding is
/// known ([`finish`]).
pub(crate) fn summarize(
    root: &Path,
    doc: &Document,
    config: &DocsConfig,
    mermaid_invalid: usize,
    verified: &BTreeMap<&'static str, u32>,
) -> DocumentSummary {
    let mut code_blocks = BTreeMap::new();
    for block in &doc.code_blocks {
        let language = block.language.clone().unwrap_or_else(|| "text".to_owned());
        *code_blocks.entry(language).or_insert(0) += 1;
    }
    let mermaid = doc.mermaid_blocks().count() as u32;
    let external = doc
        .links
        .iter()
        .filter(|l| links::is_external(&l.destination))
        .count() as u32;
    let count = |check: &str| verified.get(check).copied();
    DocumentSummary {
        path: doc.path.clone(),
        lines: doc.lines,
        code_blocks,
        mermaid,
        mermaid_valid: if config.mermaid {
            mermaid.saturating_sub(u32::try_from(mermaid_invalid).unwrap_or(u32::MAX))
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
        findings: 0,
        requirements: requirement_rows::rows(root, doc, &config.require),
    }
}

/// Completes the rows once every finding is known: each document's findings are one run
/// of the sorted list (by file first), and the commit hashes that checked out are its
/// candidates minus its `unknown-commit` findings (`commit_candidates` per row, when the
/// commit check ran).
pub(crate) fn finish(
    rows: &mut [DocumentSummary],
    findings: &[Finding],
    commit_candidates: Option<&[usize]>,
) {
    for (at, row) in rows.iter_mut().enumerate() {
        let from = findings.partition_point(|f| f.file < row.path);
        let to = findings.partition_point(|f| f.file <= row.path);
        let own = findings.get(from..to).unwrap_or_default();
        row.findings = u32::try_from(own.len()).unwrap_or(u32::MAX);
        if let Some(candidates) = commit_candidates {
            let unknown = own
                .iter()
                .filter(|f| f.kind == FindingKind::UnknownCommit)
                .count();
            let n = candidates.get(at).copied().unwrap_or(0);
            row.commits_verified =
                Some(u32::try_from(n.saturating_sub(unknown)).unwrap_or(u32::MAX));
        }
    }
}
