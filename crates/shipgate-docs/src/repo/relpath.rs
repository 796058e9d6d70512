//! Repository-relative paths: `/`-separated, no leading `/`, no `.` or `..` segments; the
//! repository root itself is the empty path. Resolution is lexical (no file system).

/// The folder of a repository-relative file path (`docs/guide/a.md` -> `docs/guide`,
/// `README.md` -> the root, `""`).
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// Joins `path` onto the repository-relative folder `folder` and normalises `.`, `..` and
/// empty segments lexically. A `path` starting with `/` starts from the root instead.
/// `None` when the result would climb above the root.
pub fn join(folder: &str, path: &str) -> Option<String> {
    let mut segments: Vec<&str> = Vec::new();
    let start = if path.starts_with('/') { "" } else { folder };
    for segment in start.split('/').chain(path.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            other => segments.push(other),
        }
    }
    Some(segments.join("/"))
}

/// `path` normalised on its own (`./docs//a.md` -> `docs/a.md`); `None` when it climbs
/// above the root.
pub fn normalize(path: &str) -> Option<String> {
    join("", path)
}

/// The relative link from a document in `from_folder` to the repository-relative
/// `target` (`docs/guide` to `setup.md` -> `../../setup.md`).
pub fn relative(from_folder: &str, target: &str) -> String {
    let from: Vec<&str> = from_folder.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').filter(|s| !s.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len().saturating_sub(common)];
    parts.extend(to.iter().skip(common));
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_of_nested_and_top_level_files() {
        assert_eq!(parent("docs/guide/a.md"), "docs/guide");
        assert_eq!(parent("README.md"), "");
    }

    #[test]
    fn join_normalises_lexically() {
        assert_eq!(
            join("docs/guide", "../setup.md").as_deref(),
            Some("docs/setup.md")
        );
        assert_eq!(join("docs", "./a/./b.md").as_deref(), Some("docs/a/b.md"));
        assert_eq!(join("docs", "/README.md").as_deref(), Some("README.md"));
        assert_eq!(join("docs", "a//b/").as_deref(), Some("docs/a/b"));
        assert_eq!(join("docs", "..").as_deref(), Some(""));
        assert_eq!(join("docs", "../../x.md"), None);
        assert_eq!(join("", "/../x.md"), None);
    }

    #[test]
    fn normalize_alone() {
        assert_eq!(normalize("./docs//a.md").as_deref(), Some("docs/a.md"));
        assert_eq!(normalize("../a.md"), None);
    }

    #[test]
    fn relative_links_between_folders() {
        assert_eq!(relative("docs/guide", "setup.md"), "../../setup.md");
        assert_eq!(relative("docs/guide", "docs/setup.md"), "../setup.md");
        assert_eq!(relative("", "docs/a.md"), "docs/a.md");
        assert_eq!(relative("docs", "docs/a.md"), "a.md");
        assert_eq!(relative("docs", "docs"), ".");
    }
}
