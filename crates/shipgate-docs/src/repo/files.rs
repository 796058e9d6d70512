//! The repository's files, indexed by file name once, to suggest the file a wrong path most
//! likely meant.

use std::borrow::Cow;
use std::collections::HashMap;

/// The files of a repository (repository-relative, `/`-separated, sorted), indexed by
/// lower-cased file name once, so that each missing path costs one lookup.
#[derive(Debug)]
pub(crate) struct SameName<'a> {
    /// The files, and where each lower-cased file name occurs among them.
    files: Cow<'a, [String]>,
    by_name: NameIndex,
}

/// Positions in the file list, by lower-cased file name.
type NameIndex = HashMap<String, Vec<usize>>;

impl<'a> SameName<'a> {
    /// Files of a listing already made (nothing is walked or copied).
    pub(crate) fn listed(files: &'a crate::files::RepoFiles) -> Self {
        SameName::index(Cow::Borrowed(files.all()))
    }

    fn index(files: Cow<'a, [String]>) -> Self {
        let mut by_name = NameIndex::new();
        for (at, file) in files.iter().enumerate() {
            by_name
                .entry(file_name(file).to_lowercase())
                .or_default()
                .push(at);
        }
        SameName { files, by_name }
    }

    /// How many files have the file name of `missing` (what a suggestion for it costs).
    pub(crate) fn candidates(&self, missing: &str) -> usize {
        let name = missing.rsplit('/').next().unwrap_or(missing);
        self.by_name.get(&name.to_lowercase()).map_or(0, Vec::len)
    }

    /// The existing file with the same file name as the missing repository-relative path
    /// `missing` whose path differs least from it (same-case names first, then names that
    /// differ only in case). `None` when no file has that name, or when two of them differ
    /// from it as little.
    pub(crate) fn nearest_same_name(&self, missing: &str) -> Option<String> {
        let name = missing.rsplit('/').next().unwrap_or(missing);
        if name.is_empty() {
            return None;
        }
        let lower = name.to_lowercase();
        let same_name: Vec<&String> = self
            .by_name
            .get(&lower)
            .into_iter()
            .flatten()
            .filter_map(|&at| self.files.get(at))
            .collect();
        // the same file name is what makes a path close enough (a file moved to another
        // folder); among those, the one suggestion rule: the nearest path, and none when
        // two are as near
        let best = |candidates: Vec<&String>| {
            shipgate_core::nearest::nearest_by(missing, candidates, usize::MAX, String::as_str)
                .cloned()
        };
        let exact: Vec<&String> = same_name
            .iter()
            .copied()
            .filter(|f| file_name(f) == name && f.as_str() != missing)
            .collect();
        if exact.is_empty() {
            best(same_name)
        } else {
            best(exact)
        }
    }
}

/// The file name (last segment) of a repository-relative path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::path::Path;

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
        let listing = crate::files::RepoFiles::scan(dir.path()).unwrap();
        let files = SameName::listed(&listing);
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
        // `a/setup.md` and `b/setup.md` are one edit from `c/setup.md`: neither is meant
        touch(dir.path(), "a/setup.md");
        touch(dir.path(), "b/setup.md");
        let listing = crate::files::RepoFiles::scan(dir.path()).unwrap();
        let files = SameName::listed(&listing);
        assert_eq!(files.nearest_same_name("c/setup.md"), None);
        assert_eq!(files.nearest_same_name("docs/"), None);
    }
}
