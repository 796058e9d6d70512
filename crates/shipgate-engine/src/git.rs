//! What the store and patch coverage need from git: branch, commit, changed lines.
//! git runs as a process (no shell); CI environment variables win over git.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use shipgate_core::quality::PatchEvidence;

use crate::error::EngineError;

/// The branch being built: CI variables first (pull requests name their head branch), then git.
pub fn branch(env: &dyn Fn(&str) -> Option<String>, dir: &Path) -> Option<String> {
    [
        "GITHUB_HEAD_REF",
        "GITHUB_REF_NAME",
        "CI_COMMIT_REF_NAME",
        "BUILDKITE_BRANCH",
        "CIRCLE_BRANCH",
        "GIT_BRANCH",
    ]
    .iter()
    .find_map(|k| env(k).filter(|v| !v.is_empty()))
    .or_else(|| git(dir, &["rev-parse", "--abbrev-ref", "HEAD"]).filter(|b| b != "HEAD"))
}

/// The commit being built.
pub fn commit(env: &dyn Fn(&str) -> Option<String>, dir: &Path) -> Option<String> {
    [
        "GITHUB_SHA",
        "CI_COMMIT_SHA",
        "BUILDKITE_COMMIT",
        "CIRCLE_SHA1",
        "GIT_COMMIT",
    ]
    .iter()
    .find_map(|k| env(k).filter(|v| !v.is_empty()))
    .or_else(|| git(dir, &["rev-parse", "HEAD"]))
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Lines changed since the merge base of `base` and HEAD, including uncommitted changes.
pub fn changed_lines(base: &str, dir: &Path) -> Result<PatchEvidence, EngineError> {
    if base.starts_with('-') {
        return Err(EngineError::GitRevision {
            base: base.to_string(),
            command: "rev-parse".to_string(),
            detail: "not a git revision".to_string(),
        });
    }
    let merge_base = run_git(dir, &["merge-base", base, "HEAD"], base)?;
    let diff = run_git(
        dir,
        &[
            "diff",
            "--unified=0",
            "--no-color",
            "--no-ext-diff",
            "--no-renames",
            "--relative",
            merge_base.trim(),
            "--",
        ],
        base,
    )?;
    Ok(PatchEvidence {
        base: base.to_string(),
        changed: parse_unified_zero(&diff),
    })
}

fn run_git(dir: &Path, args: &[&str], base: &str) -> Result<String, EngineError> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|source| EngineError::GitSpawn {
            base: base.to_string(),
            source,
        })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or("").trim();
        return Err(EngineError::GitRevision {
            base: base.to_string(),
            command: args.first().copied().unwrap_or("").to_string(),
            detail: first.to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Added/changed line numbers per new-side path from `git diff --unified=0` output.
pub fn parse_unified_zero(diff: &str) -> BTreeMap<String, BTreeSet<u32>> {
    let mut out: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in diff.lines() {
        if let Some(path) = line.strip_prefix("+++ ") {
            current = path
                .strip_prefix("b/")
                .map(str::to_string)
                .filter(|_| path != "/dev/null");
        } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), current.as_ref()) {
            let Some(new) = hunk.split_whitespace().find(|p| p.starts_with('+')) else {
                continue;
            };
            let mut parts = new[1..].splitn(2, ',');
            let start: u32 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let count: u32 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(1);
            if count > 0 && start > 0 {
                out.entry(path.clone())
                    .or_default()
                    .extend(start..start.saturating_add(count));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hunks_of_new_files_and_deletions() {
        let diff = "\
diff --git a/src/app.py b/src/app.py
--- a/src/app.py
+++ b/src/app.py
@@ -3 +3 @@ def f():
-    return 1
+    return 2
@@ -10,0 +11,3 @@
+a
+b
+c
@@ -20,2 +22,0 @@
-x
-y
diff --git a/gone.py b/gone.py
--- a/gone.py
+++ /dev/null
@@ -1,2 +0,0 @@
-a
-b
diff --git a/new.py b/new.py
--- /dev/null
+++ b/new.py
@@ -0,0 +1,2 @@
+x
+y
";
        let m = parse_unified_zero(diff);
        assert_eq!(m["src/app.py"], [3, 11, 12, 13].into_iter().collect());
        assert_eq!(m["new.py"], [1, 2].into_iter().collect());
        assert!(!m.contains_key("gone.py"));
    }

    #[test]
    fn env_wins_over_git() {
        let env = |k: &str| (k == "GITHUB_REF_NAME").then(|| "release/1.2".to_string());
        assert_eq!(branch(&env, Path::new("/")).as_deref(), Some("release/1.2"));
    }
}
