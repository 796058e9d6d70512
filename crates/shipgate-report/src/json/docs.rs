use std::collections::BTreeMap;

use serde::Serialize;
use shipgate_core::{DocumentSummary, Finding, RequirementRow};

use crate::sections::{column, line};

/// `findings[]` in the JSON contract: one per documentation finding. `line` and `column`
/// (1-based, the column in characters) are `null` for a finding about the whole document;
/// `suggestion` is present only when there is one.
#[derive(Debug, Serialize)]
pub(crate) struct FindingView<'a> {
    /// `broken-link`, `missing-anchor`, ... (the kind's key).
    kind: &'static str,
    file: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
}

/// `documents[]`: what the documentation checks found in one document.
#[derive(Debug, Serialize)]
pub(crate) struct DocumentView<'a> {
    path: &'a str,
    lines: u32,
    /// Code blocks by language (`text` for blocks without one).
    code_blocks: &'a BTreeMap<String, u32>,
    mermaid: u32,
    mermaid_valid: u32,
    links_checked: u32,
    external_links: u32,
    commands_verified: Option<u32>,
    env_verified: Option<u32>,
    endpoints_verified: Option<u32>,
    ids_verified: Option<u32>,
    commits_verified: Option<u32>,
    paths_verified: Option<u32>,
    findings: u32,
    requirements: Vec<RequirementView<'a>>,
}

/// `documents[].requirements[]`: one `require` rule, its minimum, what was found, verdict.
#[derive(Debug, Serialize)]
struct RequirementView<'a> {
    what: &'a str,
    min: &'a str,
    actual: &'a str,
    verdict: &'static str,
}

impl<'a> FindingView<'a> {
    pub(crate) fn of(f: &'a Finding) -> Self {
        FindingView {
            kind: f.kind.key(),
            file: &f.file,
            line: line(f),
            column: column(f),
            message: &f.message,
            suggestion: f.suggestion.as_deref(),
        }
    }
}

impl<'a> DocumentView<'a> {
    pub(crate) fn of(d: &'a DocumentSummary) -> Self {
        DocumentView {
            path: &d.path,
            lines: d.lines,
            code_blocks: &d.code_blocks,
            mermaid: d.mermaid,
            mermaid_valid: d.mermaid_valid,
            links_checked: d.links_checked,
            external_links: d.external_links,
            commands_verified: d.commands_verified,
            env_verified: d.env_verified,
            endpoints_verified: d.endpoints_verified,
            ids_verified: d.ids_verified,
            commits_verified: d.commits_verified,
            paths_verified: d.paths_verified,
            findings: d.findings,
            requirements: d.requirements.iter().map(RequirementView::of).collect(),
        }
    }
}

impl<'a> RequirementView<'a> {
    fn of(r: &'a RequirementRow) -> Self {
        RequirementView {
            what: &r.what,
            min: &r.min,
            actual: &r.actual,
            verdict: r.verdict.key(),
        }
    }
}
