//! The checks of one document: everything that needs only the document and the repository,
//! run while the document's text is in memory. What the cross-document checks need (its
//! anchors, the fragments it points into other files, its commit hashes, its external
//! links) is kept; the text and the parsed document are dropped, so memory follows the
//! largest document, not the tree.

use std::collections::BTreeMap;
use std::path::Path;

use shipgate_config::DocsConfig;
use shipgate_core::{DocumentSummary, Finding, FindingKind};

use crate::drift::cli_spec::CliSpec;
use crate::external::DocumentLinks;
use crate::files::RepoFiles;
use crate::history::History;
use crate::links::{self, Anchors, LinkCheck, Pending};
use crate::repo::{self, PathCheck};
use crate::requirements::{self, Requirement};
use crate::summary::summarize;
use crate::truth_set::Truth;
use crate::{markdown, mermaid, Document, Position};

/// What every document is checked with.
pub(crate) struct Checks<'a> {
    pub(crate) root: &'a Path,
    pub(crate) config: &'a DocsConfig,
    pub(crate) files: &'a RepoFiles,
    pub(crate) links: LinkCheck<'a>,
    /// `None` when the path check is off.
    pub(crate) paths: Option<PathCheck<'a>>,
    pub(crate) truth: &'a Truth<'a>,
    pub(crate) cli: Option<&'a CliSpec>,
    /// Whether commit hashes are collected (the commit check runs).
    pub(crate) commits: bool,
    pub(crate) requirements: &'a [Requirement],
    /// Changelogs and release notes: not checked for paths, commits or endpoints.
    pub(crate) history: &'a History,
}

/// One document, checked: its findings so far and what the cross-document checks need.
#[derive(Debug)]
pub(crate) struct Checked {
    /// The document's path as links resolve to it.
    pub(crate) target: String,
    pub(crate) summary: DocumentSummary,
    pub(crate) findings: Vec<Finding>,
    pub(crate) anchors: Anchors,
    /// Fragments into other Markdown files, and into this one that its anchors lack.
    pub(crate) pending: Vec<Pending>,
    /// The document's MyST labels (they resolve from every document).
    pub(crate) labels: Vec<String>,
    /// How many links and images the document has (the suggestion budget grows with it).
    pub(crate) links: usize,
    /// Commit hashes named, with their positions.
    pub(crate) commits: Vec<(String, Position)>,
    /// The document's `http(s)://` links, when they are checked.
    pub(crate) external: Option<DocumentLinks>,
    /// Findings that stand unless another document gives their name to another program.
    pub(crate) unless_foreign: Vec<(String, Finding)>,
    /// The variable names the document gives to other programs.
    pub(crate) foreign: std::collections::BTreeSet<String>,
}

impl Checks<'_> {
    /// Parses and checks the document at the repository path `path` with source `text`.
    pub(crate) fn document(&self, path: &str, text: &str) -> Checked {
        let config = self.config;
        let doc = markdown::parse(path, text);
        let anchors = Anchors::of(&doc);
        let (mut findings, pending) = self.links.check_document(&doc, &anchors);
        let mut verified: BTreeMap<&'static str, u32> = BTreeMap::new();
        let history = self.history.contains(path) || crate::history::reads_as_release_notes(&doc);
        if let Some(paths) = self.paths.as_ref().filter(|_| !history) {
            let (found, exist) = paths.check_document(&doc);
            verified.insert("paths", count(exist));
            findings.extend(found);
        }
        let mut mermaid_invalid = 0;
        if config.mermaid {
            let found = mermaid_findings(&doc);
            mermaid_invalid = found.len();
            findings.extend(found);
        }
        let mut unless_foreign = Vec::new();
        let mut foreign = std::collections::BTreeSet::new();
        for (name, mut result) in self.truth.drift_document(&doc, self.cli) {
            foreign.append(&mut result.foreign);
            if history && matches!(name, "endpoints" | "env" | "commands" | "diagrams") {
                continue;
            }
            verified.insert(name, result.verified.get(&doc.path).copied().unwrap_or(0));
            findings.extend(result.findings);
            unless_foreign.append(&mut result.unless_foreign);
        }
        let commits = if self.commits && !history {
            repo::document_candidates(&doc)
        } else {
            Vec::new()
        };
        let own = requirements::clean(&doc.path);
        let rules: Vec<Requirement> = self
            .requirements
            .iter()
            .filter(|r| requirements::clean(&r.path) == own)
            .cloned()
            .collect();
        if !rules.is_empty() {
            let files = self.files;
            let is_file = |p: &str| matches!(files.resolve(p), crate::boundary::Resolved::File);
            findings.extend(requirements::check_with(
                &is_file,
                std::slice::from_ref(&doc),
                &rules,
            ));
        }
        let summary = summarize(self.root, &doc, config, mermaid_invalid, &verified);
        let external = config.external_links.then(|| DocumentLinks::of(&doc));
        Checked {
            target: links::own_path(&doc),
            summary,
            findings,
            anchors,
            pending,
            labels: doc.labels.clone(),
            links: doc.links.len(),
            commits,
            external,
            unless_foreign,
            foreign,
        }
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A `mermaid-syntax` finding per mermaid block that does not parse, at the document line
/// of the error.
pub(crate) fn mermaid_findings(doc: &Document) -> Vec<Finding> {
    let mut out = Vec::new();
    for block in doc.mermaid_blocks() {
        if let Err(e) = mermaid::check(&block.text) {
            let line = block.at.line.saturating_add(e.line.saturating_sub(1));
            let column = if e.line <= 1 {
                block.at.column.saturating_add(e.column.saturating_sub(1))
            } else {
                e.column
            };
            out.push(Finding::at(
                FindingKind::MermaidSyntax,
                &doc.path,
                line,
                column,
                format!("mermaid diagram does not parse: {}", e.message),
            ));
        }
    }
    out
}
