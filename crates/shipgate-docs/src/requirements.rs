//! `require` rules: documents that must exist among the checked ones, with a minimum
//! size, number of code blocks and mermaid diagrams, and links to given files
//! (`requirement` findings).

use std::path::Path;

use crate::boundary::{Boundary, Resolved};
use crate::links::resolve_link;
use crate::repo::relpath;
use crate::{Document, Finding, FindingKind};

/// What one document must contain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Requirement {
    /// The document, relative to the repository root (`docs/RUNBOOK.md`).
    pub path: String,
    /// At least this many lines.
    pub min_lines: Option<u64>,
    /// At least this many code blocks (fenced or indented, any language).
    pub min_code_blocks: Option<u64>,
    /// At least this many mermaid diagrams.
    pub min_mermaid: Option<u64>,
    /// Repository files the document must link to (fragments ignored).
    pub links_to: Vec<String>,
}

/// Checks every rule against the parsed `docs`: a required document that is not among
/// them is one finding; otherwise each minimum not reached and each `links_to` target no
/// link resolves to is one finding. Findings are about the whole document (no line).
///
/// A required document that is not among them is said to exist only when it resolves
/// (symlinks followed) to a file inside the repository.
pub fn check(root: &Path, docs: &[Document], rules: &[Requirement]) -> Vec<Finding> {
    let boundary = Boundary::new(root, &[]);
    check_with(
        &|path| matches!(boundary.resolve(path), Resolved::File),
        docs,
        rules,
    )
}

/// [`check`] with the test of whether a repository path is a file given.
pub(crate) fn check_with(
    is_file: &dyn Fn(&str) -> bool,
    docs: &[Document],
    rules: &[Requirement],
) -> Vec<Finding> {
    let root = Path::new("");
    let mut findings = Vec::new();
    for rule in rules {
        let path = clean(&rule.path);
        let Some(doc) = docs.iter().find(|d| clean(&d.path) == path) else {
            let why = if is_file(&path) {
                "is not among the checked documents"
            } else {
                "does not exist"
            };
            findings.push(Finding::whole(
                FindingKind::Requirement,
                &path,
                format!("`{path}` is required but {why}"),
            ));
            continue;
        };
        let minimums = [
            ("line", "lines", rule.min_lines, u64::from(doc.lines)),
            (
                "code block",
                "code blocks",
                rule.min_code_blocks,
                count(doc.code_blocks.len()),
            ),
            (
                "mermaid diagram",
                "mermaid diagrams",
                rule.min_mermaid,
                count(doc.mermaid_blocks().count()),
            ),
        ];
        for (one, many, min, actual) in minimums {
            if let Some(min) = min.filter(|&min| actual < min) {
                let noun = if actual == 1 { one } else { many };
                findings.push(Finding::whole(
                    FindingKind::Requirement,
                    &doc.path,
                    format!("has {actual} {noun}, needs at least {min}"),
                ));
            }
        }
        for target in &rule.links_to {
            let target = clean(target);
            let linked = doc.links.iter().any(|link| {
                resolve_link(root, &doc.path, &link.destination).as_deref() == Some(target.as_str())
            });
            if !linked {
                findings.push(Finding::whole(
                    FindingKind::Requirement,
                    &doc.path,
                    format!("does not link to `{target}`"),
                ));
            }
        }
    }
    findings
}

/// A configured path in the form links resolve to (`./docs/a.md`, `/docs/a.md` ->
/// `docs/a.md`); kept as written when it climbs above the root.
pub(crate) fn clean(path: &str) -> String {
    relpath::normalize(path.trim()).unwrap_or_else(|| path.to_string())
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;
    use std::fs;

    fn rule(path: &str) -> Requirement {
        Requirement {
            path: path.to_string(),
            ..Requirement::default()
        }
    }

    fn messages(findings: &[Finding]) -> Vec<(&str, &str)> {
        findings
            .iter()
            .map(|f| {
                assert_eq!(f.kind, FindingKind::Requirement);
                assert_eq!((f.line, f.column), (None, None));
                (f.file.as_str(), f.message.as_str())
            })
            .collect()
    }

    #[test]
    fn missing_documents() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("docs")).unwrap();
        fs::write(dir.path().join("docs/RUNBOOK.md"), "# Runbook\n").unwrap();
        let findings = check(
            dir.path(),
            &[],
            &[rule("docs/RUNBOOK.md"), rule("./docs/GONE.md")],
        );
        assert_eq!(
            messages(&findings),
            [
                (
                    "docs/RUNBOOK.md",
                    "`docs/RUNBOOK.md` is required but is not among the checked documents"
                ),
                (
                    "docs/GONE.md",
                    "`docs/GONE.md` is required but does not exist"
                ),
            ]
        );
    }

    #[test]
    fn minimums_below_and_at_the_limit() {
        let text = "# Runbook\n\n```bash\nls\n```\n\n```mermaid\ngraph TD\n```\n\n    indented\n";
        let doc = parse("docs/RUNBOOK.md", text);
        assert_eq!(doc.lines, 11);
        let below = Requirement {
            min_lines: Some(800),
            min_code_blocks: Some(4),
            min_mermaid: Some(2),
            ..rule("docs/RUNBOOK.md")
        };
        let met = Requirement {
            min_lines: Some(11),
            min_code_blocks: Some(3),
            min_mermaid: Some(1),
            ..rule("./docs/RUNBOOK.md")
        };
        let one_block = parse("docs/ONE.md", "```\nx\n```\n");
        let few = Requirement {
            min_code_blocks: Some(2),
            ..rule("docs/ONE.md")
        };
        let docs = [doc, one_block];
        let findings = check(Path::new("."), &docs, &[below, met, few]);
        assert_eq!(
            messages(&findings),
            [
                ("docs/RUNBOOK.md", "has 11 lines, needs at least 800"),
                ("docs/RUNBOOK.md", "has 3 code blocks, needs at least 4"),
                ("docs/RUNBOOK.md", "has 1 mermaid diagram, needs at least 2"),
                ("docs/ONE.md", "has 1 code block, needs at least 2"),
            ]
        );
    }

    #[test]
    fn links_to_resolves_like_the_link_check() {
        let doc = parse(
            "docs/RUNBOOK.md",
            "[deploy](DEPLOYMENT_GUIDE.md#rollback) [home](/README.md) [ext](https://x/docs/SLO.md) \
             [near](../DEPLOYMENT_GUIDE.md)\n",
        );
        let r = Requirement {
            links_to: vec![
                "docs/DEPLOYMENT_GUIDE.md".to_string(),
                "./README.md".to_string(),
                "docs/SLO.md".to_string(),
            ],
            ..rule("docs/RUNBOOK.md")
        };
        let findings = check(Path::new("."), &[doc], &[r]);
        assert_eq!(
            messages(&findings),
            [("docs/RUNBOOK.md", "does not link to `docs/SLO.md`")]
        );
    }
}
