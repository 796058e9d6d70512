//! `shipgate docs check` and the repository it runs in: outside a git repository the
//! commit check is not evaluated (said in the report) and every other check runs; a
//! document that is a symlink out of the repository is a finding and is never quoted.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use common::{shipgate, write};

#[test]
fn outside_git_the_commit_check_is_not_evaluated_and_the_rest_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "shipgate.yaml",
        "docs:\n  include: [\"*.md\"]\n",
    );
    write(
        dir.path(),
        "README.md",
        "Fixed in commit 3f2a9c1; see [b](b.md).\n",
    );
    let r = shipgate(dir.path(), &["docs", "check", "--format", "json"], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let kinds: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["kind"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(kinds, ["broken-link"]);
    assert!(r.stdout.contains("not a git repository"), "{}", r.stdout);

    write(dir.path(), "b.md", "# B\n");
    let r = shipgate(dir.path(), &["docs", "check"], &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
}

#[cfg(unix)]
#[test]
fn a_document_that_is_a_symlink_out_of_the_repository_is_never_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    write(outside.path(), "hostname", "runner-SECRET [x](y.md)\n");
    std::fs::create_dir_all(dir.path().join("docs/etc")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("hostname"),
        dir.path().join("docs/etc/hostname"),
    )
    .unwrap();
    write(
        dir.path(),
        "shipgate.yaml",
        "docs:\n  include: [\"docs/etc/hostname\"]\n",
    );
    for format in ["json", "human", "markdown", "sarif"] {
        let r = shipgate(dir.path(), &["docs", "check", "--format", format], &[]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert!(
            r.stdout.contains("points outside the repository"),
            "{format}: {}",
            r.stdout
        );
        assert!(!r.stdout.contains("SECRET"), "{format}: {}", r.stdout);
        assert!(!r.stderr.contains("SECRET"), "{format}: {}", r.stderr);
    }
}
