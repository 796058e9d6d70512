//! `shipgate docs check`: every document of the `docs:` section read and parsed once, every
//! configured check run over the parsed documents, and the result assembled into the
//! report's docs section plus one gate per check.
//!
//! The check runs in two phases so that the network stays with the caller: [`prepare`]
//! does everything but asking the `http(s)://` links (it needs no network and no async
//! runtime), the caller asks [`Prepared::external_urls`] however it fetches, and
//! [`Prepared::finish`] turns the answers into findings and assembles the outcome.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;
use shipgate_config::DocsConfig;
use shipgate_core::{DocsSection, DocumentSummary, Finding, FindingKind, GateResult};

use crate::boundary::Resolved;
use crate::document_check::{Checked, Checks};
use crate::drift::cli_spec::CliSpec;
use crate::error::DocsError;
use crate::external::{DocumentLinks, ExternalLinks};
use crate::files::RepoFiles;
use crate::gates::{gates, CheckCounts};
use crate::links::{Anchors, CrossDocument, LinkCheck};
use crate::reading::{read, ReadError};
use crate::repo::{GitObjects, PathCheck, RepoError};
use crate::requirements::{self, Requirement};
use crate::truth_set::Truth;
use crate::{repo, summary, Position};

/// What a check needs besides the config.
pub struct Inputs<'a> {
    /// The repository root: document paths and globs are relative to it.
    pub root: &'a Path,
    /// The config file, for errors that point into it (an invalid `ids` pattern).
    pub config_file: &'a Path,
    /// shipgate's own command line, which `shipgate ...` commands are checked against.
    pub cli: Option<&'a CliSpec>,
    /// What git knows: the repository's listing (inside a git repository) and, when
    /// `commits` is on, which commit hashes exist.
    pub git: &'a mut dyn GitObjects,
}

/// The documents section and the gates of one check.
#[derive(Debug, Clone)]
pub struct DocsOutcome {
    pub section: DocsSection,
    pub gates: Vec<GateResult>,
}

/// A check with everything done but the external links: their distinct URLs to ask
/// ([`Prepared::external_urls`]) and what [`Prepared::finish`] needs to complete it.
#[derive(Debug)]
pub struct Prepared {
    files: RepoFiles,
    findings: Vec<Finding>,
    documents: Vec<DocumentSummary>,
    /// Commit hashes each document named, when the commit check ran.
    commit_counts: Option<Vec<usize>>,
    /// The checks that ran (with no findings counted yet) and the ones skipped.
    counts: CheckCounts,
    external: ExternalLinks,
    /// Whether the `http(s)://` links are checked (they count among the links verified).
    external_links: bool,
}

impl Prepared {
    /// The distinct `http(s)://` URLs the documents link to (fragments removed), sorted;
    /// empty when `links.external` is off.
    pub fn external_urls(&self) -> &[String] {
        self.external.urls()
    }

    /// The outcome, given one answer per [`Prepared::external_urls`] URL in the same order
    /// (`Ok(())` for a URL that answered 2xx, `Err(why)` otherwise). Every link to a URL
    /// that did not answer is a `broken-link` finding; a URL left without an answer (too
    /// few were given) is reported as not checked, and answers past the last URL are
    /// ignored.
    pub fn finish(self, answers: Vec<Result<(), String>>) -> DocsOutcome {
        let Prepared {
            files,
            mut findings,
            mut documents,
            commit_counts,
            mut counts,
            external,
            external_links,
        } = self;
        append(&mut findings, external.findings(answers));
        crate::suggestions::drop_shared(&mut findings);
        // findings are ordered by all their fields: equal ones cannot be told apart, so
        // the in-place sort gives the stable sort's order without its buffer of half
        findings.sort_unstable();
        add_excerpts(&mut findings, &files);
        summary::finish(&mut documents, &findings, commit_counts.as_deref());
        for finding in &findings {
            counts.record(finding.kind.gate().1, 1);
        }
        let verified = crate::verified::verified(&documents, &findings, external_links);
        let gates = gates(&counts, &verified);
        DocsOutcome {
            section: DocsSection {
                documents,
                findings,
            },
            gates,
        }
    }
}

/// Run every check `config` enables over the documents it includes, asking no external
/// link: with `links.external` on, each of them is reported as not checked. For callers
/// without a network (tests); the CLI uses [`prepare`] and [`Prepared::finish`].
pub fn check(config: &DocsConfig, inputs: Inputs<'_>) -> Result<DocsOutcome, DocsError> {
    Ok(prepare(config, inputs)?.finish(Vec::new()))
}

/// Run every check `config` enables over the documents it includes, all but the external
/// links.
///
/// The repository is listed once (git's listing inside a git repository, else a walk that
/// honours ignore files), and nothing outside it is read: a document or truth file that
/// resolves outside the root is a finding. Truth files are read first; a malformed one is a
/// finding of its check and the rest goes on. Documents are then read, parsed and checked
/// one at a time, in parallel, keeping only what the cross-document checks need (anchors,
/// fragments into other files, commit hashes, external links). The commit hashes of every
/// document are looked up in one query; outside a git repository the commit check is not
/// evaluated. Findings are sorted at the end ([`Prepared::finish`]), so the result does not
/// depend on the scheduling.
pub fn prepare(config: &DocsConfig, inputs: Inputs<'_>) -> Result<Prepared, DocsError> {
    let root = inputs.root;
    // git that cannot be started matters only to the commit check: without it the tree is
    // walked as outside a repository
    let listing = match inputs.git.files() {
        Ok(listing) => listing,
        Err(RepoError::Spawn { .. }) if !config.commits => None,
        Err(e) => return Err(e.into()),
    };
    let in_git = listing.is_some();
    let files = match listing {
        // a folder the enclosing repository ignores (generated or scratch files) lists
        // nothing in git: it is walked instead, its commits still looked up in git
        Some(listed) if !listed.is_empty() => RepoFiles::from_git(root, listed),
        Some(_) | None => RepoFiles::scan(root)?,
    };
    let (truth, mut findings) = Truth::load(config, &files, inputs.config_file)?;

    let selected = files.select("docs.include", &config.include, &config.exclude)?;
    let (paths, refused) = distinct_documents(&files, selected);
    findings.extend(refused);
    let rules: Vec<Requirement> = config
        .require
        .iter()
        .map(|r| Requirement {
            path: r.path.trim_start_matches("./").to_owned(),
            min_lines: r.min_lines,
            min_code_blocks: r.min_code_blocks,
            min_mermaid: r.min_mermaid,
            links_to: r.links_to.clone(),
        })
        .collect();
    let commits = config.commits && in_git;
    let history = crate::history::History::new(&config.history);
    let checks = Checks {
        root,
        config,
        files: &files,
        links: LinkCheck::new(&files),
        paths: config.paths.then(|| PathCheck::new(&files)),
        truth: &truth,
        cli: inputs.cli,
        commits,
        requirements: &rules,
        history: &history,
    };
    let checked: Vec<Option<Checked>> = paths
        .par_iter()
        .map(|path| match read(&files, path) {
            Ok(text) => Ok(Some(checks.document(path, &text))),
            Err(ReadError::Outside) => Ok(None),
            Err(ReadError::Failed(e)) => Err(e),
        })
        .collect::<Result<_, DocsError>>()?;
    let mut checked: Vec<Checked> = checked.into_iter().flatten().collect();

    // variables some document gives to another program are not the project's in any
    let foreign: std::collections::BTreeSet<String> = checked
        .iter_mut()
        .flat_map(|c| std::mem::take(&mut c.foreign))
        .collect();
    for c in &mut checked {
        let pending = std::mem::take(&mut c.unless_foreign);
        c.findings
            .extend(crate::drift::outcome::standing(pending, &foreign));
    }

    // fragments into other documents, now that every document's anchors are known
    let anchors: HashMap<String, Anchors> = checked
        .iter_mut()
        .map(|c| (c.target.clone(), std::mem::take(&mut c.anchors)))
        .collect();
    let mut cross = CrossDocument::new(&files).with_labels(checked.iter().flat_map(|c| &c.labels));
    for c in &mut checked {
        let pending = std::mem::take(&mut c.pending);
        findings.extend(cross.check(&c.summary.path, c.links, pending, &anchors));
    }
    drop(anchors);

    let external = if config.external_links {
        let docs: Vec<DocumentLinks> = checked
            .iter_mut()
            .filter_map(|c| c.external.take())
            .collect();
        ExternalLinks::new(docs)
    } else {
        ExternalLinks::default()
    };
    let mut commit_counts = None;
    if commits {
        let per_doc: Vec<(&str, Vec<(String, Position)>)> = checked
            .iter_mut()
            .map(|c| (c.summary.path.as_str(), std::mem::take(&mut c.commits)))
            .collect();
        commit_counts = Some(per_doc.iter().map(|(_, h)| h.len()).collect::<Vec<_>>());
        findings.extend(repo::unknown_commits(&per_doc, inputs.git)?);
    }
    // required documents that are not among the checked ones
    let checked_paths: HashSet<String> = checked
        .iter()
        .map(|c| requirements::clean(&c.summary.path))
        .collect();
    let unmatched: Vec<Requirement> = rules
        .iter()
        .filter(|r| !checked_paths.contains(&requirements::clean(&r.path)))
        .cloned()
        .collect();
    if !unmatched.is_empty() {
        let is_file = |p: &str| matches!(files.resolve(p), Resolved::File);
        findings.extend(requirements::check_with(&is_file, &[], &unmatched));
    }

    let mut documents = Vec::with_capacity(checked.len());
    for c in checked {
        append(&mut findings, c.findings);
        documents.push(c.summary);
    }

    let mut counts = CheckCounts::default();
    let enabled = [
        ("links", true),
        ("paths", config.paths),
        ("commits", commits),
        ("mermaid", config.mermaid || config.diagrams.is_some()),
        ("commands", config.commands.is_some()),
        ("env", config.env.is_some()),
        ("endpoints", config.endpoints.is_some()),
        ("ids", !config.ids.is_empty()),
        ("requirements", !config.require.is_empty()),
    ];
    for (name, on) in enabled {
        if on {
            counts.record(name, 0);
        }
    }
    if config.commits && !in_git {
        counts.skip(
            "commits",
            "not evaluated: not a git repository (commit hashes cannot be looked up)",
        );
    }
    drop(checks);
    drop(truth);
    Ok(Prepared {
        files,
        findings,
        documents,
        commit_counts,
        counts,
        external,
        external_links: config.external_links,
    })
}

/// `more` moved onto the end of `findings`, into whichever of the two holds more (the
/// order does not matter: findings are sorted at the end), so that a document of a million
/// findings is not copied into a list grown to hold them all again.
fn append(findings: &mut Vec<Finding>, mut more: Vec<Finding>) {
    if more.len() > findings.len() {
        std::mem::swap(findings, &mut more);
    }
    findings.extend(more);
}

/// The selected documents that are distinct files inside the repository, and a finding
/// for each one that is not read: a symlink out of the repository (or in a loop). A
/// symlink to another selected document is the same document and is checked once.
fn distinct_documents(files: &RepoFiles, selected: Vec<String>) -> (Vec<String>, Vec<Finding>) {
    let mut seen: HashSet<String> = selected
        .iter()
        .filter(|p| files.is_plain(p))
        .cloned()
        .collect();
    let mut keep = Vec::with_capacity(selected.len());
    let mut refused = Vec::new();
    for path in selected {
        if files.is_plain(&path) {
            keep.push(path);
            continue;
        }
        match files.resolve(&path) {
            Resolved::Outside => refused.push(Finding::whole(
                FindingKind::BrokenLink,
                &path,
                format!("`{path}` points outside the repository (a symbolic link); it is not read"),
            )),
            Resolved::Unreadable(e) => refused.push(Finding::whole(
                FindingKind::BrokenLink,
                &path,
                format!("`{path}` cannot be read: {e}"),
            )),
            Resolved::Missing | Resolved::Dir => {}
            Resolved::File => {
                let first = files.real_path(&path).is_none_or(|real| seen.insert(real));
                if first {
                    keep.push(path);
                }
            }
        }
    }
    (keep, refused)
}

/// Fill each finding's `excerpt` with its source line. `findings` are sorted (by file
/// first); each file with findings is read once more, through the boundary (a file outside
/// the repository is never quoted), and its lines indexed once.
fn add_excerpts(findings: &mut [Finding], files: &RepoFiles) {
    let runs: Vec<&mut [Finding]> = findings
        .chunk_by_mut(|a, b| a.file == b.file)
        .filter(|run| run.iter().any(|f| f.line.is_some()))
        .collect();
    runs.into_par_iter().for_each(|run| {
        let Some(file) = run.first().map(|f| f.file.clone()) else {
            return;
        };
        let Ok(bytes) = files.read(&file) else {
            return;
        };
        let text = String::from_utf8_lossy(&bytes);
        let lines: Vec<&str> = source_lines(&text).collect();
        for finding in run.iter_mut() {
            let Some(line) = finding.line else { continue };
            finding.excerpt = (line as usize)
                .checked_sub(1)
                .and_then(|at| lines.get(at))
                .map(|l| l.trim_end().to_owned());
        }
    });
}

/// The lines of a document as CommonMark counts them: `\r\n`, `\n` and a lone `\r` end a
/// line (the positions of findings count the same way).
fn source_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|line| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        line.split('\r')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_lines_end_where_commonmark_ends_them() {
        let lines: Vec<_> = source_lines("a\r\nb\rc\nd").collect();
        assert_eq!(lines, ["a", "b", "c", "d"]);
        let parsed = crate::markdown::parse("x.md", "a\r\nb\r`c/d.md`\n");
        assert_eq!(parsed.inline_code[0].at.line, 3);
    }
}
