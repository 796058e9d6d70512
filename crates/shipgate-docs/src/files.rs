//! The repository's files, listed once, and the globs of the config matched against them.
//!
//! Inside a git repository the listing is git's: every tracked file (even where an ignore
//! rule matches it) and every untracked file no ignore rule matches. Elsewhere the tree is
//! walked once with the rules git uses (`.gitignore`, `.git/info/exclude`), so build output
//! and dependencies (`target/`, `node_modules/`) are never read as documents or truth files;
//! hidden folders such as `.github/` are included. Neither follows a folder symlink, so a
//! glob never leaves the tree, never loops and never lists a file twice; what a listed
//! symlink points at is decided by the [`Boundary`]. Globs are matched against
//! repository-relative paths with `/` separators: `*` stays within one folder, `**/` spans
//! folders (also none: `**/*.md` matches `README.md`).

use std::path::{Path, PathBuf};

use glob::{MatchOptions, Pattern};

use crate::boundary::{Boundary, Refused, Resolved};
use crate::error::DocsError;

/// How globs match: `*` does not cross `/`, case matters, dot files are ordinary.
const MATCH: MatchOptions = MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

/// Every file of the repository (relative, `/`-separated, sorted).
#[derive(Debug, Clone, Default)]
pub struct RepoFiles {
    root: PathBuf,
    files: Vec<String>,
    boundary: Boundary,
}

impl RepoFiles {
    /// Walk `root`, honouring ignore files and following no symlink; the `.git` folder is
    /// never listed.
    pub fn scan(root: &Path) -> Result<RepoFiles, DocsError> {
        let mut files = Vec::new();
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .parents(false)
            .require_git(false)
            .filter_entry(|entry| entry.file_name() != ".git")
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| DocsError::Walk {
                root: root.display().to_string(),
                reason: e.to_string(),
            })?;
            // files, and symlinks as git lists them (never followed here: what they point at
            // is the boundary's business)
            if !entry
                .file_type()
                .is_some_and(|t| t.is_file() || t.is_symlink())
            {
                continue;
            }
            if let Ok(relative) = entry.path().strip_prefix(root) {
                if let Some(text) = relative_text(relative) {
                    files.push(text);
                }
            }
        }
        Ok(RepoFiles::from_list(root, files))
    }

    /// A listing of the given files (for tests and callers that already know them).
    pub fn from_list(root: &Path, mut files: Vec<String>) -> RepoFiles {
        files.sort();
        files.dedup();
        let boundary = Boundary::new(root, &files);
        RepoFiles {
            root: root.to_path_buf(),
            files,
            boundary,
        }
    }

    /// git's listing of the repository (`git ls-files`): entries that are not on disk
    /// (deleted, not checked out) or are folders (submodules) are left out.
    pub(crate) fn from_git(root: &Path, files: Vec<String>) -> RepoFiles {
        let files = files
            .into_iter()
            .filter(|f| {
                std::fs::symlink_metadata(root.join(f)).is_ok_and(|m| !m.file_type().is_dir())
            })
            .collect();
        RepoFiles::from_list(root, files)
    }

    /// What the repository-relative `rel` is, symlinks followed (see [`Boundary`]).
    pub(crate) fn resolve(&self, rel: &str) -> Resolved {
        self.boundary.resolve(rel)
    }

    /// The bytes of `rel` when it is a regular file inside the repository.
    pub(crate) fn read(&self, rel: &str) -> Result<Vec<u8>, Refused> {
        self.boundary.read(rel)
    }

    /// Whether `rel` is listed as a regular file in a folder without symlinks (what it
    /// names is itself, not another file).
    pub(crate) fn is_plain(&self, rel: &str) -> bool {
        self.boundary.is_plain(rel)
    }

    /// The repository-relative path `rel` really names once symlinks are followed (`None`
    /// when it does not resolve inside the repository).
    pub(crate) fn real_path(&self, rel: &str) -> Option<String> {
        self.boundary.real_path(rel)
    }

    /// The repository root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every file, sorted.
    pub fn all(&self) -> &[String] {
        &self.files
    }

    /// Files matching any of `include` and none of `exclude`, sorted. Every include pattern
    /// must match at least one file (`what` names the list in the error: `docs.include`).
    /// A pattern without glob characters naming an existing file matches it even when the
    /// file is ignored by git (and so does one naming a symlink out of the repository, which
    /// the caller then reports instead of reading).
    pub fn select(
        &self,
        what: &str,
        include: &[String],
        exclude: &[String],
    ) -> Result<Vec<String>, DocsError> {
        let exclude = compile(what, exclude)?;
        let mut selected = Vec::new();
        for (text, pattern) in include.iter().zip(compile(what, include)?) {
            let before = selected.len();
            if is_literal(text) {
                let path = text.trim_start_matches("./").to_owned();
                if matches!(self.resolve(&path), Resolved::File | Resolved::Outside) {
                    selected.push(path);
                }
            } else {
                selected.extend(
                    self.files
                        .iter()
                        .filter(|f| pattern.matches_with(f, MATCH))
                        .cloned(),
                );
            }
            if selected.len() == before {
                return Err(DocsError::NoMatch {
                    what: what.to_owned(),
                    pattern: text.clone(),
                });
            }
        }
        selected.retain(|f| !exclude.iter().any(|p| p.matches_with(f, MATCH)));
        selected.sort();
        selected.dedup();
        Ok(selected)
    }
}

/// Compile the patterns of `what`; an invalid one is an error naming it.
fn compile(what: &str, patterns: &[String]) -> Result<Vec<Pattern>, DocsError> {
    patterns
        .iter()
        .map(|p| {
            Pattern::new(p.trim_start_matches("./")).map_err(|e| DocsError::Pattern {
                what: what.to_owned(),
                pattern: p.clone(),
                reason: e.msg.to_owned(),
            })
        })
        .collect()
}

/// No glob metacharacters.
fn is_literal(pattern: &str) -> bool {
    !pattern.contains(['*', '?', '['])
}

/// `a/b/c.md` for a relative path; `None` when it is not valid UTF-8.
fn relative_text(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for part in path.components() {
        parts.push(part.as_os_str().to_str()?);
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing() -> RepoFiles {
        RepoFiles::from_list(
            Path::new("/nonexistent"),
            vec![
                "README.md".into(),
                "docs/a.md".into(),
                "docs/deep/b.md".into(),
                ".github/workflows/README.md".into(),
                "src/main.rs".into(),
            ],
        )
    }

    fn select(include: &[&str], exclude: &[&str]) -> Result<Vec<String>, DocsError> {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        listing().select("docs.include", &s(include), &s(exclude))
    }

    #[test]
    fn double_star_spans_folders_and_also_matches_at_the_root() {
        let all = select(&["**/*.md"], &[]).unwrap();
        assert_eq!(
            all,
            [
                ".github/workflows/README.md",
                "README.md",
                "docs/a.md",
                "docs/deep/b.md"
            ]
        );
    }

    #[test]
    fn single_star_stays_in_its_folder_and_exclude_removes() {
        assert_eq!(select(&["docs/*.md"], &[]).unwrap(), ["docs/a.md"]);
        assert_eq!(
            select(&["docs/**/*.md"], &["docs/deep/**"]).unwrap(),
            ["docs/a.md"]
        );
    }

    #[test]
    fn a_pattern_matching_nothing_is_an_error_naming_it() {
        let err = select(&["docs/*.md", "guide/*.md"], &[]).unwrap_err();
        assert!(err.to_string().contains("guide/*.md"), "{err}");
        let err = select(&["docs/[.md"], &[]).unwrap_err();
        assert!(err.to_string().contains("docs/[.md"), "{err}");
    }
}
