//! The repository boundary: nothing the documentation checks read or name may resolve
//! outside the repository root. A symlink out is a finding ("points outside the
//! repository") and what it points at is never read, quoted or suggested.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::os::unix::fs::symlink;

use common::{all_text, commit_all, found, run, write};

/// A repository and, beside it, a folder standing for the machine's own files.
fn repo_and_outside() -> (tempfile::TempDir, tempfile::TempDir) {
    let repo = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "hostname",
        "ci-runner-SECRET-7 see [x](nowhere.md)\n",
    );
    write(outside.path(), "guide.md", "# Secret Heading Text\n");
    write(
        outside.path(),
        "ci.yml",
        "jobs: { a: { steps: [ { run: kubectl SECRET-verb } ] } }\n",
    );
    symlink(outside.path(), repo.path().join("docs-etc")).unwrap();
    (repo, outside)
}

#[test]
fn a_document_that_is_a_symlink_out_is_a_finding_and_is_never_quoted() {
    let (repo, _outside) = repo_and_outside();
    write(repo.path(), "docs/a.md", "# A\n");
    std::fs::create_dir_all(repo.path().join("docs/etc")).unwrap();
    symlink(
        _outside.path().join("hostname"),
        repo.path().join("docs/etc/hostname"),
    )
    .unwrap();
    let out = run(
        repo.path(),
        "  include: [\"docs/a.md\", \"docs/etc/hostname\"]\n  commits: false\n",
    )
    .unwrap();
    assert_eq!(
        found(&out),
        [(
            "broken-link".to_string(),
            "docs/etc/hostname".to_string(),
            None
        )]
    );
    let f = &out.section.findings[0];
    assert!(
        f.message.contains("points outside the repository"),
        "{}",
        f.message
    );
    assert!(!all_text(&out).contains("SECRET"), "{}", all_text(&out));
    let docs: Vec<_> = out
        .section
        .documents
        .iter()
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(docs, ["docs/a.md"]);
}

#[test]
fn a_link_through_a_folder_symlink_out_is_a_finding_without_the_outside_headings() {
    let (repo, _outside) = repo_and_outside();
    write(
        repo.path(),
        "a.md",
        "# A\n\n[g](docs-etc/guide.md#secret-heading-tex) [h](docs-etc/hostname) [n](docs-etc/none.md)\n\n`docs-etc/guide.md`\n",
    );
    let out = run(repo.path(), "  include: [\"a.md\"]\n  commits: false\n").unwrap();
    let got: Vec<_> = out
        .section
        .findings
        .iter()
        .map(|f| (f.kind.key(), f.line, f.column, f.suggestion.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("broken-link", Some(3), Some(1), None),
            ("broken-link", Some(3), Some(43), None),
            ("broken-link", Some(3), Some(66), None),
            ("missing-path", Some(5), Some(2), None),
        ]
    );
    for f in &out.section.findings {
        assert!(
            f.message.contains("points outside the repository"),
            "{}",
            f.message
        );
    }
    assert!(!all_text(&out).contains("Secret Heading Text"));
    assert!(!all_text(&out).contains("secret-heading-text"));
}

#[test]
fn a_truth_file_that_is_a_symlink_out_is_not_read() {
    let (repo, outside) = repo_and_outside();
    write(repo.path(), "a.md", "Run `kubectl get pods`.\n");
    write(
        repo.path(),
        ".github/workflows/real.yml",
        "jobs: { a: { steps: [ { run: kubectl get pods } ] } }\n",
    );
    symlink(
        outside.path().join("ci.yml"),
        repo.path().join(".github/workflows/ci.yml"),
    )
    .unwrap();
    let out = run(
        repo.path(),
        "  include: [\"a.md\"]\n  commits: false\n  commands: { tools: [kubectl], truth: [\".github/workflows/*.yml\"] }\n",
    )
    .unwrap();
    assert_eq!(
        found(&out),
        [(
            "unknown-command".to_string(),
            ".github/workflows/ci.yml".to_string(),
            None
        )]
    );
    assert!(out.section.findings[0]
        .message
        .contains("points outside the repository"));
    assert!(!all_text(&out).contains("SECRET"));
}

#[test]
fn globs_follow_no_folder_symlink_and_list_each_file_once_in_git_and_outside_it() {
    for in_git in [false, true] {
        let repo = tempfile::tempdir().unwrap();
        write(repo.path(), "docs/a.md", "# A\n\n[b](sub/b.md#b)\n");
        write(repo.path(), "docs/sub/b.md", "# B\n");
        symlink("..", repo.path().join("docs/sub/up")).unwrap();
        symlink(".", repo.path().join("docs/here")).unwrap();
        symlink("a.md", repo.path().join("docs/alias.md")).unwrap();
        if in_git {
            commit_all(repo.path());
        }
        let out = run(repo.path(), "  include: [\"docs/**/*.md\"]\n").unwrap();
        let docs: Vec<_> = out
            .section
            .documents
            .iter()
            .map(|d| d.path.as_str())
            .collect();
        assert_eq!(docs, ["docs/a.md", "docs/sub/b.md"], "in git: {in_git}");
        assert_eq!(found(&out), [], "in git: {in_git}");
    }
}

#[test]
fn symlinks_inside_the_repository_are_followed() {
    let repo = tempfile::tempdir().unwrap();
    write(repo.path(), "docs/real/guide.md", "# Guide\n\n## Install\n");
    symlink("real", repo.path().join("docs/current")).unwrap();
    write(
        repo.path(),
        "README.md",
        "[a](docs/current/guide.md#install) [b](docs/current/guide.md#instal) `docs/current/guide.md`\n",
    );
    let out = run(repo.path(), "  include: [\"README.md\"]\n").unwrap();
    let got: Vec<_> = out
        .section
        .findings
        .iter()
        .map(|f| (f.kind.key(), f.suggestion.as_deref()))
        .collect();
    assert_eq!(got, [("missing-anchor", Some("install"))]);
}
