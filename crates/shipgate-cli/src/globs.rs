//! Expanding the globs users give for report files.

use std::path::{Path, PathBuf};

use crate::error::CliError;

/// Files matching `pattern` (relative patterns are taken from `base`), sorted.
/// A pattern that matches nothing is an error naming it: a missing report must never look
/// like an empty one.
pub fn expand(pattern: &str, base: &Path) -> Result<Vec<PathBuf>, CliError> {
    let full = if Path::new(pattern).is_absolute() {
        PathBuf::from(pattern)
    } else {
        base.join(pattern)
    };
    let text = full.to_string_lossy().to_string();
    let paths =
        glob::glob(&text).map_err(|e| CliError::Usage(format!("invalid glob `{pattern}`: {e}")))?;
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut files = Vec::new();
    for entry in paths {
        let path = entry.map_err(|e| {
            CliError::Dependency(format!(
                "{}: cannot read: {}",
                e.path().display(),
                e.error()
            ))
        })?;
        if path.is_file() {
            // shown and recorded relative to the current folder when below it
            files.push(path.strip_prefix(&cwd).map(PathBuf::from).unwrap_or(path));
        }
    }
    if files.is_empty() {
        return Err(CliError::Dependency(format!(
            "`{pattern}` matched no file (looked in {})",
            display_base(base)
        )));
    }
    files.sort();
    Ok(files)
}

fn display_base(base: &Path) -> String {
    if base.as_os_str().is_empty() || base == Path::new(".") {
        "the current folder".to_string()
    } else {
        base.display().to_string()
    }
}

/// Every file matched by all `patterns`, in pattern order, without duplicates.
pub fn expand_all(patterns: &[String], base: &Path) -> Result<Vec<PathBuf>, CliError> {
    let mut out: Vec<PathBuf> = Vec::new();
    for p in patterns {
        for f in expand(p, base)? {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let names: Vec<_> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().to_string())
            .collect();
        assert_eq!(names, ["a.xml", "b.xml"]);
        assert_eq!(
            expand_all(&["r/a.xml".into(), "r/*.xml".into()], dir.path())
                .unwrap()
                .len(),
            2
        );
    }
}
