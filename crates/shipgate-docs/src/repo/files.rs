//! The repository's files, walked once on demand, to suggest the file a wrong path most
//! likely meant.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The files under a repository root (repository-relative, `/`-separated, sorted), listed
/// the first time a suggestion is asked for.
#[derive(Debug)]
pub(crate) struct RepoFiles<'a> {
    root: PathBuf,
    /// The repository's files when the caller listed them already (else walked on demand).
    listed: Option<&'a [String]>,
    /// The files, and where each lower-cased file name occurs among them.
    index: Option<(Cow<'a, [String]>, NameIndex)>,
}

/// Positions in the file list, by lower-cased file name.
type NameIndex = HashMap<String, Vec<usize>>;

impl<'a> RepoFiles<'a> {
    /// Files under `root`; nothing is read yet.
    pub(crate) fn new(root: &Path) -> Self {
        RepoFiles {
            root: root.to_path_buf(),
            listed: None,
            index: None,
        }
    }

    /// Files of a listing already made (nothing is walked or copied).
    pub(crate) fn listed(files: &'a crate::files::RepoFiles) -> Self {
        RepoFiles {
            root: files.root().to_path_buf(),
            listed: Some(files.all()),
            index: None,
        }
    }

    /// The existing file with the same file name as the missing repository-relative path
    /// `missing` whose path differs least from it (same-case names first, then names that
    /// differ only in case). `None` when no file has that name.
    pub(crate) fn nearest_same_name(&mut self, missing: &str) -> Option<String> {
        let name = missing.rsplit('/').next().unwrap_or(missing);
        if name.is_empty() {
            return None;
        }
        let (root, listed) = (&self.root, self.listed);
        let (files, by_name) = self.index.get_or_insert_with(|| {
            index(listed.map_or_else(|| Cow::Owned(walk(root)), Cow::Borrowed))
        });
        let lower = name.to_lowercase();
        let same_name: Vec<&String> = by_name
            .get(&lower)
            .into_iter()
            .flatten()
            .filter_map(|&at| files.get(at))
            .collect();
        let best = |candidates: Vec<&String>| {
            candidates
                .into_iter()
                .filter(|f| f.as_str() != missing)
                .min_by_key(|f| (strsim::levenshtein(f, missing), f.len(), (*f).clone()))
                .cloned()
        };
        let exact = same_name
            .iter()
            .copied()
            .filter(|f| file_name(f) == name)
            .collect();
        best(exact).or_else(|| best(same_name))
    }
}

/// The file name (last segment) of a repository-relative path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The files, and their positions by lower-cased file name (looked up once per missing
/// link instead of scanning every file).
fn index(files: Cow<'_, [String]>) -> (Cow<'_, [String]>, NameIndex) {
    let mut by_name = NameIndex::new();
    for (at, file) in files.iter().enumerate() {
        by_name
            .entry(file_name(file).to_lowercase())
            .or_default()
            .push(at);
    }
    (files, by_name)
}

/// Every file under `root`, listed as the documents are (ignore files honoured, `.git`
/// skipped); an unreadable tree gives no suggestions rather than an error.
fn walk(root: &Path) -> Vec<String> {
    crate::files::RepoFiles::scan(root)
        .map(|files| files.all().to_vec())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn touch(root: &Path, rel: &str) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, "x").unwrap();
    }

    #[test]
    fn suggests_the_same_name_with_the_closest_path() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "setup.md");
        touch(dir.path(), "docs/ops/setup.md");
        touch(dir.path(), "examples/demo/service/setup.md");
        touch(dir.path(), "target/docs/setup.md");
        touch(dir.path(), "node_modules/x/setup.md");
        touch(dir.path(), "docs/README.md");
        let mut files = RepoFiles::new(dir.path());
        assert_eq!(
            files.nearest_same_name("guide/setup.md").as_deref(),
            Some("setup.md")
        );
        assert_eq!(
            files.nearest_same_name("docs/op/setup.md").as_deref(),
            Some("docs/ops/setup.md")
        );
        assert_eq!(
            files.nearest_same_name("docs/readme.md").as_deref(),
            Some("docs/README.md")
        );
        assert_eq!(files.nearest_same_name("docs/other.md"), None);
        assert_eq!(files.nearest_same_name("docs/"), None);
    }
}
