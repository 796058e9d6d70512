//! Expanding the globs users give for report files.
//!
//! A glob is matched by walking the folder named by its literal start (`reports/` of
//! `reports/**/*.xml`) without following symbolic links to folders: a link out of the tree
//! or back up it (`..`) is never entered, so nothing is read twice or from outside. A link to
//! a file is followed. Each file is listed once, however many links or patterns reach it.
//! `*` stays within one folder; `**` spans folders.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use glob::{MatchOptions, Pattern};

use crate::error::EngineError;

/// How patterns match: `*` does not cross `/`, case matters, dot files are ordinary.
const MATCH: MatchOptions = MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

/// Every file matched by all `patterns`, in pattern order (sorted within a pattern), each
/// once. Relative patterns are taken from `base`. A pattern that matches no regular file is
/// an error naming it, and what it matched instead (a folder, a FIFO): a missing report must
/// never look like an empty one.
pub fn expand_all(patterns: &[String], base: &Path) -> Result<Vec<PathBuf>, EngineError> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for p in patterns {
        out.extend(expand_into(p, base, &mut seen)?);
    }
    Ok(out)
}

fn expand_into(
    pattern: &str,
    base: &Path,
    seen: &mut HashSet<PathBuf>,
) -> Result<Vec<PathBuf>, EngineError> {
    let full = if Path::new(pattern).is_absolute() {
        PathBuf::from(pattern)
    } else {
        base.join(pattern)
    };
    let text = full.to_string_lossy().to_string();
    let compiled = Pattern::new(&text).map_err(|source| EngineError::InvalidGlob {
        pattern: pattern.to_string(),
        source,
    })?;
    let (start, depth) = literal_start(&full);
    let mut matched = Vec::new();
    let mut other = Vec::new();
    if depth == Some(0) {
        // no wildcard: the path itself
        classify(&start, &mut matched, &mut other);
    } else if start.is_dir() {
        let mut walk = ignore::WalkBuilder::new(&start);
        walk.standard_filters(false)
            .follow_links(false)
            .max_depth(depth);
        for entry in walk.build() {
            let entry = entry.map_err(|e| EngineError::Io {
                path: start.clone(),
                action: "read",
                source: std::io::Error::other(e),
            })?;
            if entry.depth() == 0 || !compiled.matches_path_with(entry.path(), MATCH) {
                continue;
            }
            classify(entry.path(), &mut matched, &mut other);
        }
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut files = Vec::new();
    let matched_any = !matched.is_empty();
    matched.sort();
    for path in matched {
        let identity = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(identity) {
            // shown and recorded relative to the current folder when below it
            files.push(path.strip_prefix(&cwd).map(PathBuf::from).unwrap_or(path));
        }
    }
    if !matched_any {
        return Err(EngineError::NoMatch {
            pattern: pattern.to_string(),
            base: display_base(base),
            also: describe_others(&other, &cwd),
        });
    }
    Ok(files)
}

/// The folder to walk from (the components before the first wildcard) and how deep to go
/// below it: `Some(0)` when the pattern has no wildcard, `None` when `**` spans folders.
fn literal_start(full: &Path) -> (PathBuf, Option<usize>) {
    let mut start = PathBuf::new();
    let mut rest = Vec::new();
    for component in full.components() {
        let text = component.as_os_str().to_string_lossy();
        let wild = text.contains(['*', '?', '[']);
        if rest.is_empty() && !wild {
            start.push(component);
        } else {
            rest.push(component);
        }
    }
    if start.as_os_str().is_empty() {
        start.push(Component::CurDir);
    }
    let spans = rest.iter().any(|c| c.as_os_str() == "**");
    (start, if spans { None } else { Some(rest.len()) })
}

/// Regular files (or links to them) go to `files`; anything else matched to `other` with
/// what it is.
fn classify(path: &Path, files: &mut Vec<PathBuf>, other: &mut Vec<(PathBuf, &'static str)>) {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return;
    };
    if meta.file_type().is_symlink() {
        match std::fs::metadata(path) {
            Ok(target) if target.is_file() => files.push(path.to_path_buf()),
            Ok(target) if target.is_dir() => {
                other.push((path.to_path_buf(), "a link to a folder, not followed"))
            }
            Ok(_) => other.push((path.to_path_buf(), "a link to something that is not a file")),
            Err(_) => other.push((path.to_path_buf(), "a broken link")),
        }
        return;
    }
    if meta.is_file() {
        files.push(path.to_path_buf());
    } else {
        other.push((path.to_path_buf(), kind(&meta)));
    }
}

fn kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

fn describe_others(other: &[(PathBuf, &'static str)], cwd: &Path) -> String {
    let Some((path, what)) = other.first() else {
        return String::new();
    };
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    let more = match other.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    format!("; it matched {} ({what}){more}", shown.display())
}

fn display_base(base: &Path) -> String {
    if base.as_os_str().is_empty() || base == Path::new(".") {
        "the current folder".to_string()
    } else {
        base.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(pattern: &str, base: &Path) -> Result<Vec<PathBuf>, EngineError> {
        expand_all(&[pattern.to_string()], base)
    }

    fn names(files: &[PathBuf]) -> Vec<String> {
        files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().to_string())
            .collect()
    }

    #[test]
    fn no_match_is_an_error_naming_the_glob() {
        let dir = tempfile::tempdir().unwrap();
        let err = expand("reports/*.xml", dir.path()).unwrap_err();
        assert!(
            err.to_string().contains("`reports/*.xml` matched no file"),
            "{err}"
        );
        assert_eq!(err.exit_code(), shipgate_core::ExitCode::Dependency);
    }

    #[test]
    fn matches_sorted_files_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("r")).unwrap();
        std::fs::create_dir(dir.path().join("r/sub.xml")).unwrap();
        std::fs::write(dir.path().join("r/b.xml"), "").unwrap();
        std::fs::write(dir.path().join("r/a.xml"), "").unwrap();
        let files = expand("r/*.xml", dir.path()).unwrap();
        assert_eq!(names(&files), ["a.xml", "b.xml"]);
        assert_eq!(
            expand_all(&["r/a.xml".into(), "r/*.xml".into()], dir.path())
                .unwrap()
                .len(),
            2
        );
    }

    #[test]
    fn star_stays_in_one_folder_and_double_star_spans_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("r/deep/er")).unwrap();
        std::fs::write(dir.path().join("r/top.xml"), "").unwrap();
        std::fs::write(dir.path().join("r/deep/er/low.xml"), "").unwrap();
        assert_eq!(names(&expand("r/*.xml", dir.path()).unwrap()), ["top.xml"]);
        assert_eq!(
            names(&expand("r/**/*.xml", dir.path()).unwrap()),
            ["low.xml", "top.xml"]
        );
    }

    #[test]
    fn a_folder_or_fifo_is_named_instead_of_matched_no_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("junit.xml")).unwrap();
        let err = expand("junit.xml", dir.path()).unwrap_err().to_string();
        assert!(err.contains("junit.xml (a folder)"), "{err}");
        let fifo = dir.path().join("pipe.xml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let err = expand("*.xml", dir.path()).unwrap_err().to_string();
            assert!(err.contains("(a FIFO)"), "{err}");
            assert!(err.contains("and 1 more"), "{err}");
        }
    }

    #[test]
    fn a_symlink_loop_is_not_followed_and_no_file_is_listed_twice() {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path().join("r");
        std::fs::create_dir(&r).unwrap();
        std::fs::write(r.join("junit.xml"), "").unwrap();
        std::os::unix::fs::symlink("..", r.join("up")).unwrap();
        std::os::unix::fs::symlink("junit.xml", r.join("again.xml")).unwrap();
        let files = expand("r/**/*.xml", dir.path()).unwrap();
        assert_eq!(names(&files), ["again.xml"], "one file, reached once");
        let both = expand_all(&["r/junit.xml".into(), "r/**/*.xml".into()], dir.path()).unwrap();
        assert_eq!(names(&both), ["junit.xml"]);
    }

    #[test]
    fn a_link_to_a_folder_outside_is_not_entered() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.xml"), "").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("r")).unwrap();
        std::fs::write(dir.path().join("r/own.xml"), "").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("r/out")).unwrap();
        assert_eq!(
            names(&expand("r/**/*.xml", dir.path()).unwrap()),
            ["own.xml"]
        );
    }
}
