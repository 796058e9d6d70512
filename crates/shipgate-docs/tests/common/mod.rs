//! Scratch repositories and a `docs check` run over them, for the engine's integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;
use std::process::Command;

use shipgate_docs::repo::{GitCli, GitObjects, RepoError};
use shipgate_docs::DocsOutcome;

/// Writes `text` at `rel` under `root`, creating folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// When every commit of a scratch repository is made (author and committer), so that its
/// hashes are the same on every run: a commit's hash covers its dates, and a hash that
/// changed with the clock would make each run test a different input.
const COMMIT_DATE: &str = "1704067200 +0000";

/// Runs git in `dir` with a fixed identity, fixed commit dates ([`COMMIT_DATE`]) and no
/// user configuration.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("GIT_AUTHOR_DATE", COMMIT_DATE)
        .env("GIT_COMMITTER_DATE", COMMIT_DATE)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// `git init` + add everything + commit.
pub fn commit_all(dir: &Path) -> String {
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A", "-f"]);
    git(dir, &["commit", "-q", "-m", "seed"]);
    git(dir, &["rev-parse", "HEAD"])
}

/// No external link is ever fetched: each is answered `offline`.
pub fn offline(urls: &[String]) -> Vec<Result<(), String>> {
    urls.iter().map(|_| Err("offline".to_string())).collect()
}

/// A `GitObjects` that records what it was asked, answering from a real `GitCli`.
pub struct Recording {
    pub inner: GitCli,
    pub listings: usize,
    pub asked: Vec<Vec<String>>,
}

impl Recording {
    pub fn new(root: &Path) -> Self {
        Recording {
            inner: GitCli::new(root),
            listings: 0,
            asked: Vec::new(),
        }
    }
}

impl GitObjects for Recording {
    fn files(&mut self) -> Result<Option<Vec<String>>, RepoError> {
        self.listings += 1;
        self.inner.files()
    }
    fn existing(&mut self, candidates: &[String]) -> Result<Vec<bool>, RepoError> {
        self.asked.push(candidates.to_vec());
        self.inner.existing(candidates)
    }
}

/// `docs check` over `root` with the `docs:` section `yaml` (the body under `docs:`).
pub fn run_with(
    root: &Path,
    yaml: &str,
    git: &mut dyn GitObjects,
) -> Result<DocsOutcome, shipgate_docs::DocsError> {
    let text = format!("docs:\n{yaml}");
    let config_file = root.join("shipgate.yaml");
    let config = shipgate_config::load_str(&text, &config_file, &|_| None).unwrap();
    let docs = config.docs.expect("a docs section");
    let prepared = shipgate_docs::prepare(
        &docs,
        shipgate_docs::Inputs {
            root,
            config_file: &config_file,
            cli: None,
            git,
        },
    )?;
    let answers = offline(prepared.external_urls());
    Ok(prepared.finish(answers))
}

/// [`run_with`] asking the real git.
pub fn run(root: &Path, yaml: &str) -> Result<DocsOutcome, shipgate_docs::DocsError> {
    run_with(root, yaml, &mut GitCli::new(root))
}

/// `(kind, file, line)` of every finding.
pub fn found(outcome: &DocsOutcome) -> Vec<(String, String, Option<u32>)> {
    outcome
        .section
        .findings
        .iter()
        .map(|f| (f.kind.key().to_string(), f.file.clone(), f.line))
        .collect()
}

/// The verdict key of the gate named `name`.
pub fn gate(outcome: &DocsOutcome, name: &str) -> (String, String) {
    let g = outcome
        .gates
        .iter()
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("no gate {name}"));
    (format!("{:?}", g.verdict), g.message.clone())
}

/// Everything the outcome says, as one text (to look for what must never appear).
pub fn all_text(outcome: &DocsOutcome) -> String {
    format!("{:?}", outcome.section)
}
