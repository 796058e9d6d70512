//! The repository's files, walked once on demand, to suggest the file a wrong path most
//! likely meant.

use std::fs;
use std::path::{Path, PathBuf};

/// Folders never walked: git's own store and build or dependency output.
const SKIPPED: [&str; 3] = [".git", "target", "node_modules"];

/// The files under a repository root (repository-relative, `/`-separated, sorted), listed
/// the first time a suggestion is asked for.
#[derive(Debug)]
pub(crate) struct RepoFiles {
    root: PathBuf,
    files: Option<Vec<String>>,
}

impl RepoFiles {
    /// Files under `root`; nothing is read yet.
    pub(crate) fn new(root: &Path) -> Self {
        RepoFiles {
            root: root.to_path_buf(),
            files: None,
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
        let root = &self.root;
        let files = self.files.get_or_insert_with(|| walk(root));
        let file_name = |f: &String| f.rsplit('/').next().unwrap_or(f).to_string();
        let best = |candidates: Vec<&String>| {
            candidates
                .into_iter()
                .filter(|f| f.as_str() != missing)
                .min_by_key(|f| (strsim::levenshtein(f, missing), f.len(), (*f).clone()))
                .cloned()
        };
        best(files.iter().filter(|f| file_name(f) == name).collect()).or_else(|| {
            let lower = name.to_lowercase();
            best(
                files
                    .iter()
                    .filter(|f| file_name(f).to_lowercase() == lower)
                    .collect(),
            )
        })
    }
}

/// Every file (and symbolic link) under `root`, not following links into folders and
/// skipping unreadable folders.
fn walk(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            match entry.file_type() {
                Ok(t) if t.is_dir() => {
                    if !SKIPPED.contains(&name.as_str()) {
                        pending.push((entry.path(), rel));
                    }
                }
                Ok(_) => files.push(rel),
                Err(_) => {}
            }
        }
    }
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

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
