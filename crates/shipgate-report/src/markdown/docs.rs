use shipgate_core::{DocsSection, DocumentSummary};

use super::escape::{code, inline, Place};
use super::{findings, icon};
use crate::sections::{code_blocks, mermaid, totals};

/// `### Documentation`: the totals, one table row per document with what was checked in
/// it, a `Requirement | Min | Actual | Status` table for every document with `require`
/// rules, then the findings.
pub(crate) fn section(docs: &DocsSection) -> String {
    let mut blocks = vec![
        "### Documentation".to_string(),
        format!("{}.", totals(docs)),
    ];
    if !docs.documents.is_empty() {
        blocks.push(documents_table(&docs.documents));
    }
    blocks.extend(
        docs.documents
            .iter()
            .filter(|d| !d.requirements.is_empty())
            .map(requirements_table),
    );
    blocks.push(findings::section(&docs.findings));
    blocks
        .into_iter()
        .filter(|b| !b.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn documents_table(documents: &[DocumentSummary]) -> String {
    let mut lines = vec![
        "| Document | Lines | Code blocks | Mermaid (valid/total) | Links checked | Commands verified | Env verified | Endpoints verified | Ids verified | Findings |"
            .to_string(),
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |".to_string(),
    ];
    for d in documents {
        lines.push(format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            code(&d.path, Place::Cell),
            d.lines,
            inline(&code_blocks(d), Place::Cell),
            mermaid(d),
            d.links_checked,
            count(d.commands_verified),
            count(d.env_verified),
            count(d.endpoints_verified),
            count(d.ids_verified),
            d.findings,
        ));
    }
    lines.join("\n")
}

/// A verified count, `-` for a check that did not run.
fn count(verified: Option<u32>) -> String {
    verified.map_or_else(|| "-".to_string(), |n| n.to_string())
}

fn requirements_table(d: &DocumentSummary) -> String {
    let mut lines = vec![
        format!("#### Requirements of {}", code(&d.path, Place::Prose)),
        String::new(),
        "| Requirement | Min | Actual | Status |".to_string(),
        "| --- | --- | --- | --- |".to_string(),
    ];
    for r in &d.requirements {
        lines.push(format!(
            "| {} | {} | {} | {} |",
            inline(&r.what, Place::Cell),
            inline(&r.min, Place::Cell),
            inline(&r.actual, Place::Cell),
            icon::status(r.verdict),
        ));
    }
    lines.join("\n")
}
