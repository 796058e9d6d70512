//! `shipgate docs check`: every document of the `docs:` section read and parsed once, every
//! configured check run over the parsed documents, and the result assembled into the
//! report's docs section plus one gate per check.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use shipgate_config::DocsConfig;
use shipgate_core::{DocsSection, Finding, GateResult};

use crate::drift::cli_spec::CliSpec;
use crate::error::DocsError;
use crate::external::{check_external, ExternalLinks};
use crate::files::RepoFiles;
use crate::gates::{gates, CheckCounts};
use crate::repo::GitObjects;
use crate::requirements::{self, Requirement};
use crate::summary::{summarize, verified_counts};
use crate::truth_set::Truth;
use crate::{links, markdown, mermaid, repo, Document};

/// What a check needs besides the config.
pub struct Inputs<'a> {
    /// The repository root: document paths and globs are relative to it.
    pub root: &'a Path,
    /// The config file, for errors that point into it (an invalid `ids` pattern).
    pub config_file: &'a Path,
    /// shipgate's own command line, which `shipgate ...` commands are checked against.
    pub cli: Option<&'a CliSpec>,
    /// Where commit hashes are looked up (used only when `commits` is on).
    pub git: &'a mut dyn GitObjects,
    /// How `http(s)://` links are fetched (used only when `links.external` is on).
    pub external: &'a mut dyn ExternalLinks,
}

/// The documents section and the gates of one check.
#[derive(Debug, Clone)]
pub struct DocsOutcome {
    pub section: DocsSection,
    pub gates: Vec<GateResult>,
}

/// Run every check `config` enables over the documents it includes.
///
/// Truth files are read first (a bad one stops the check before any document is read);
/// documents are then read and parsed in parallel, and the per-document checks (links,
/// paths, mermaid, and the drift checks over chunks of documents) run in parallel too.
/// Findings are sorted at the end, so the result does not depend on the scheduling.
pub fn check(config: &DocsConfig, inputs: Inputs<'_>) -> Result<DocsOutcome, DocsError> {
    let root = inputs.root;
    let files = RepoFiles::scan(root)?;
    let truth = Truth::load(config, &files, root, inputs.config_file)?;

    let paths = files.select("docs.include", &config.include, &config.exclude)?;
    let parsed: Vec<(String, Document)> = paths
        .par_iter()
        .map(|path| {
            let text = read(root, path)?;
            let doc = markdown::parse(path, &text);
            Ok((text, doc))
        })
        .collect::<Result<_, DocsError>>()?;
    let (sources, docs): (Vec<String>, Vec<Document>) = parsed.into_iter().unzip();

    let mut counts = CheckCounts::default();
    let mut findings: Vec<Finding> = Vec::new();
    let mut verified: BTreeMap<&'static str, BTreeMap<String, u32>> = BTreeMap::new();

    let ((link_findings, repo_checks), drift) = rayon::join(
        || {
            rayon::join(
                || links::check_listed(&files, &docs),
                || {
                    let paths = config
                        .paths
                        .then(|| repo::check_paths_listed(&files, &docs));
                    let mermaid = config.mermaid.then(|| mermaid_findings(&docs));
                    (paths, mermaid)
                },
            )
        },
        || truth.drift(&docs, inputs.cli),
    );

    let mut link_findings = link_findings;
    if config.external_links {
        link_findings.extend(check_external(&docs, inputs.external));
    }
    counts.record("links", link_findings.len());
    findings.extend(link_findings);

    let (path_findings, mermaid_found) = repo_checks;
    if let Some(found) = path_findings {
        counts.record("paths", found.len());
        let candidates = docs.iter().map(|doc| {
            let n = doc
                .inline_code
                .iter()
                .filter(|c| repo::looks_like_path(&c.text))
                .count();
            (doc.path.as_str(), n)
        });
        verified.insert("paths", verified_counts(candidates, &found));
        findings.extend(found);
    }
    if config.commits {
        let found = repo::check_commits(&docs, inputs.git)?;
        counts.record("commits", found.len());
        let mut per_doc = vec![0usize; docs.len()];
        for (at, _, _) in repo::commit_candidates(&docs) {
            if let Some(n) = per_doc.get_mut(at) {
                *n += 1;
            }
        }
        let candidates = docs.iter().map(|d| d.path.as_str()).zip(per_doc);
        verified.insert("commits", verified_counts(candidates, &found));
        findings.extend(found);
    }
    if let Some(found) = mermaid_found {
        counts.record("mermaid", found.len());
        findings.extend(found);
    }
    for (name, result) in drift {
        counts.record(name, result.findings.len());
        findings.extend(result.findings);
        verified.insert(name, result.verified);
    }
    if !config.require.is_empty() {
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
        let found = requirements::check(root, &docs, &rules);
        counts.record("requirements", found.len());
        findings.extend(found);
    }

    add_excerpts(&mut findings, &paths, &sources);
    findings.sort();
    let documents = docs
        .iter()
        .map(|doc| summarize(root, doc, config, &findings, &verified))
        .collect();
    let gates = gates(&counts, docs.len());
    Ok(DocsOutcome {
        section: DocsSection {
            documents,
            findings,
        },
        gates,
    })
}
/// A document or truth file as text.
pub(crate) fn read(root: &Path, path: &str) -> Result<String, DocsError> {
    let bytes = std::fs::read(root.join(path)).map_err(|source| DocsError::Read {
        path: path.to_owned(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|_| DocsError::Read {
        path: path.to_owned(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"),
    })
}

/// A `mermaid-syntax` finding per mermaid block that does not parse, at the document line
/// of the error.
fn mermaid_findings(docs: &[Document]) -> Vec<Finding> {
    let mut out = Vec::new();
    for doc in docs {
        for block in doc.mermaid_blocks() {
            if let Err(e) = mermaid::check(&block.text) {
                let line = block.at.line.saturating_add(e.line.saturating_sub(1));
                let column = if e.line <= 1 {
                    block.at.column.saturating_add(e.column.saturating_sub(1))
                } else {
                    e.column
                };
                out.push(Finding::at(
                    shipgate_core::FindingKind::MermaidSyntax,
                    &doc.path,
                    line,
                    column,
                    format!("mermaid diagram does not parse: {}", e.message),
                ));
            }
        }
    }
    out
}

/// Fill each finding's `excerpt` with its source line.
fn add_excerpts(findings: &mut [Finding], paths: &[String], sources: &[String]) {
    for finding in findings.iter_mut() {
        let Some(line) = finding.line else { continue };
        let Ok(at) = paths.binary_search(&finding.file) else {
            continue;
        };
        let excerpt = sources
            .get(at)
            .and_then(|text| source_lines(text).nth((line as usize).saturating_sub(1)));
        finding.excerpt = excerpt.map(|l| l.trim_end().to_owned());
    }
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
        let parsed = markdown::parse("x.md", "a\r\nb\r`c/d.md`\n");
        assert_eq!(parsed.inline_code[0].at.line, 3);
    }
}
