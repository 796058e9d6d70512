//! `docs check` on the repositories it meets: outside git (the git-based check is not
//! evaluated, the rest runs), files git tracks although an ignore rule matches them, a
//! workflow that is not valid YAML (a finding, not a failure of the whole check), and the
//! commit check's one batched lookup.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{commit_all, found, gate, run, run_with, write, Recording};

#[test]
fn outside_git_the_commit_check_is_not_evaluated_and_the_rest_runs() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        "Fixed in commit 3f2a9c1 and `bad1234`; see [b](b.md).\n",
    );
    let out = run(dir.path(), "  include: [\"a.md\"]\n").unwrap();
    assert_eq!(
        found(&out),
        [("broken-link".to_string(), "a.md".to_string(), Some(1))]
    );
    let (verdict, message) = gate(&out, "commits");
    assert_eq!(verdict, "NotEvaluated");
    assert!(message.contains("not a git repository"), "{message}");
    assert_eq!(gate(&out, "links").0, "Fail");
    assert_eq!(out.section.documents[0].commits_verified, None);
}

#[test]
fn files_git_tracks_are_checked_even_where_an_ignore_rule_matches_them() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "docs/generated/\n");
    write(dir.path(), "docs/a.md", "[api](generated/api.md#list)\n");
    write(
        dir.path(),
        "docs/generated/api.md",
        "# API\n\n## List\n\n[x](nowhere.md)\n",
    );
    commit_all(dir.path());
    // an untracked file an ignore rule matches is still left out
    write(dir.path(), "docs/generated/scratch.md", "[y](nowhere.md)\n");
    let out = run(dir.path(), "  include: [\"docs/**/*.md\"]\n").unwrap();
    let docs: Vec<_> = out
        .section
        .documents
        .iter()
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(docs, ["docs/a.md", "docs/generated/api.md"]);
    assert_eq!(
        found(&out),
        [(
            "broken-link".to_string(),
            "docs/generated/api.md".to_string(),
            Some(5)
        )]
    );
    assert_eq!(gate(&out, "commits").0, "Pass");
}

#[test]
fn a_workflow_that_is_not_yaml_is_a_finding_at_its_line_and_every_other_check_runs() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "README.md",
        "The workflow runs `kubectl get pods -A` and `kubectl delete all`.\n\n[x](missing.md)\n",
    );
    write(
        dir.path(),
        ".github/workflows/ok.yml",
        "jobs:\n  a:\n    steps:\n      - run: kubectl get pods\n",
    );
    write(
        dir.path(),
        ".github/workflows/broken.yml",
        "jobs:\n  a:\n    steps:\n      - run: kubectl delete all\n     bad: [\n",
    );
    let out = run(
        dir.path(),
        "  include: [\"README.md\"]\n  commands: { tools: [kubectl], truth: [\".github/workflows/*.yml\"] }\n",
    )
    .unwrap();
    let got = found(&out);
    assert_eq!(
        got,
        [
            (
                "unknown-command".to_string(),
                ".github/workflows/broken.yml".to_string(),
                Some(5)
            ),
            (
                "unknown-command".to_string(),
                "README.md".to_string(),
                Some(1)
            ),
            ("broken-link".to_string(), "README.md".to_string(), Some(3)),
        ]
    );
    let broken = &out.section.findings[0];
    assert!(
        broken.message.contains("not valid YAML"),
        "{}",
        broken.message
    );
    assert_eq!(broken.excerpt.as_deref(), Some("     bad: ["));
    assert_eq!(gate(&out, "commands").0, "Fail");
    assert_eq!(gate(&out, "links").0, "Fail");
    // the good workflow still taught the check its command; `kubectl delete`, run only by
    // the broken one, is an operator command
    assert!(out.section.findings[1].message.contains("get pods -A"));
}

#[test]
fn commit_hashes_are_looked_up_once_each_in_one_batch_and_fingerprints_are_not_hashes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "seed.txt", "seed\n");
    let head = commit_all(dir.path());
    let short = &head[..10];
    // b.md names it alone in code, where a hash needs a letter and a digit (a prefix of
    // decimal digits only, as about one commit in a hundred has, is not a hash there); the
    // scratch repository's fixed commit date keeps this hash the same on every run
    assert!(
        short.bytes().any(|b| b.is_ascii_digit()) && short.bytes().any(|b| b.is_ascii_lowercase()),
        "`{short}` would not read as a hash in code"
    );
    let fingerprint = "ABCDEF0123456789ABCDEF0123456789ABCDEF01";
    write(
        dir.path(),
        "a.md",
        &format!(
            "Fixed in commit {short} and `bad1234`, again `BAD1234`.\n\nKey `{fingerprint}`.\n"
        ),
    );
    write(
        dir.path(),
        "b.md",
        &format!("Also `{short}` and commit bad1234.\n"),
    );
    let mut git_objects = Recording::new(dir.path());
    let out = run_with(dir.path(), "  include: [\"*.md\"]\n", &mut git_objects).unwrap();
    assert_eq!(git_objects.listings, 1);
    // in the order the documents first name them
    assert_eq!(
        git_objects.asked,
        [vec![short.to_string(), "bad1234".to_string()]]
    );
    let got = found(&out);
    assert_eq!(
        got,
        [
            ("unknown-commit".to_string(), "a.md".to_string(), Some(1)),
            ("unknown-commit".to_string(), "a.md".to_string(), Some(1)),
            ("unknown-commit".to_string(), "b.md".to_string(), Some(1)),
        ]
    );
    let verified: Vec<_> = out
        .section
        .documents
        .iter()
        .map(|d| d.commits_verified)
        .collect();
    assert_eq!(verified, [Some(1), Some(1)]);
}

/// git that cannot be started.
struct NoGit;

impl shipgate_docs::repo::GitObjects for NoGit {
    fn files(&mut self) -> Result<Option<Vec<String>>, shipgate_docs::repo::RepoError> {
        Err(shipgate_docs::repo::RepoError::Spawn {
            root: ".".into(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        })
    }
    fn existing(&mut self, _: &[String]) -> Result<Vec<bool>, shipgate_docs::repo::RepoError> {
        Err(shipgate_docs::repo::RepoError::Spawn {
            root: ".".into(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        })
    }
}

#[test]
fn without_git_installed_only_the_commit_check_needs_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "Fixed in commit 3f2a9c1; [b](b.md).\n");
    let out = run_with(
        dir.path(),
        "  include: [\"a.md\"]\n  commits: false\n",
        &mut NoGit,
    )
    .unwrap();
    assert_eq!(
        found(&out),
        [("broken-link".to_string(), "a.md".to_string(), Some(1))]
    );
    // with the commit check on, git not starting is an error (exit 3), never a pass
    let err = run_with(dir.path(), "  include: [\"a.md\"]\n", &mut NoGit).unwrap_err();
    assert!(!err.is_config_error());
    assert!(err.to_string().contains("cannot run"), "{err}");
}

#[test]
fn a_folder_the_enclosing_repository_ignores_is_walked_and_its_commits_looked_up() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "scratch/\n");
    write(dir.path(), "seed.txt", "seed\n");
    let head = commit_all(dir.path());
    let scratch = dir.path().join("scratch");
    write(
        &scratch,
        "a.md",
        &format!("Fixed in commit {} and `bad1234`.\n", &head[..9]),
    );
    write(
        &scratch,
        ".github/workflows/ci.yml",
        "jobs: { a: { steps: [ { run: make } ] } }\n",
    );
    let out = run(
        &scratch,
        "  include: [\"*.md\"]\n  env: { truth: [\".github/workflows/*.yml\"] }\n",
    )
    .unwrap();
    assert_eq!(
        found(&out),
        [("unknown-commit".to_string(), "a.md".to_string(), Some(1))]
    );
    assert_eq!(out.section.documents[0].commits_verified, Some(1));
}
