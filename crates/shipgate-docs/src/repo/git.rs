//! Which objects exist in the repository's git store: one `git cat-file --batch-check` run
//! for all the hashes a check needs.

use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;

/// Why git could not say which objects exist.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// git could not be started (not installed, not on `PATH`).
    #[error("cannot run `git cat-file` in {root}: {source}")]
    Spawn {
        /// The repository root.
        root: String,
        /// The error of starting the process.
        source: io::Error,
    },
    /// git ran but failed (the root is not a git repository, ...).
    #[error("`git cat-file` failed in {root} ({status}): {stderr}")]
    Failed {
        /// The repository root.
        root: String,
        /// How git exited.
        status: String,
        /// What git wrote to stderr, trimmed.
        stderr: String,
    },
    /// Talking to git failed, or it answered something unexpected.
    #[error("`git cat-file` in {root}: {detail}")]
    Protocol {
        /// The repository root.
        root: String,
        /// What went wrong.
        detail: String,
    },
    /// An answer with a different number of entries than hashes asked about.
    #[error("git answered {got} of {expected} hashes")]
    Answers {
        /// How many hashes were asked about.
        expected: usize,
        /// How many answers came back.
        got: usize,
    },
}

/// Answers whether objects exist in a repository.
pub trait GitObjects {
    /// For each candidate (a full or abbreviated hash), whether it names an object; the
    /// answer has one entry per candidate, in order. An abbreviation that matches several
    /// objects counts as existing.
    fn existing(&mut self, candidates: &[String]) -> Result<Vec<bool>, RepoError>;
}

/// [`GitObjects`] through the `git` command line, run in the repository root.
#[derive(Debug, Clone)]
pub struct GitCli {
    root: PathBuf,
}

impl GitCli {
    /// Asks the repository at (or above) `root`.
    pub fn new(root: &Path) -> Self {
        GitCli {
            root: root.to_path_buf(),
        }
    }

    fn root_name(&self) -> String {
        self.root.display().to_string()
    }
}

impl GitObjects for GitCli {
    fn existing(&mut self, candidates: &[String]) -> Result<Vec<bool>, RepoError> {
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let root = self.root_name();
        let protocol = |detail: String| RepoError::Protocol {
            root: root.clone(),
            detail,
        };
        if let Some(bad) = candidates
            .iter()
            .find(|c| c.is_empty() || c.chars().any(|ch| ch.is_whitespace()))
        {
            return Err(protocol(format!("`{bad}` is not an object name")));
        }
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(["cat-file", "--batch-check"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| RepoError::Spawn {
                root: root.clone(),
                source,
            })?;
        let input: String = candidates.iter().map(|c| format!("{c}\n")).collect();
        let stdin = child.stdin.take();
        // Written from a thread so that a large batch cannot dead-lock against git
        // filling its stdout pipe; git failing early just breaks the pipe.
        let writer = thread::spawn(move || -> io::Result<()> {
            match stdin {
                Some(mut stdin) => stdin.write_all(input.as_bytes()),
                None => Ok(()),
            }
        });
        let mut lines = Vec::with_capacity(candidates.len());
        if let Some(stdout) = child.stdout.take() {
            for line in BufReader::new(stdout).lines() {
                lines.push(line.map_err(|e| protocol(format!("reading the answer: {e}")))?);
            }
        }
        let output = child
            .wait_with_output()
            .map_err(|e| protocol(format!("waiting for git: {e}")))?;
        let written = writer.join();
        if !output.status.success() {
            return Err(RepoError::Failed {
                root,
                status: output.status.to_string(),
                stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
            });
        }
        match written {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(protocol(format!("writing the hashes: {e}"))),
            Err(_) => return Err(protocol("the writer thread failed".to_string())),
        }
        if lines.len() != candidates.len() {
            return Err(protocol(format!(
                "{} answers for {} hashes",
                lines.len(),
                candidates.len()
            )));
        }
        candidates
            .iter()
            .zip(&lines)
            .map(|(candidate, line)| {
                answer(candidate, line).ok_or_else(|| {
                    protocol(format!("unexpected answer `{line}` for `{candidate}`"))
                })
            })
            .collect()
    }
}

/// One `--batch-check` line: `<name> missing`, `<name> ambiguous` or
/// `<sha> <type> <size>`.
fn answer(candidate: &str, line: &str) -> Option<bool> {
    let mut words = line.split_whitespace();
    let first = words.next()?;
    match words.next()? {
        "missing" if first == candidate => Some(false),
        "ambiguous" if first == candidate => Some(true),
        "missing" | "ambiguous" => None,
        _ => Some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn git(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    #[test]
    fn answers_for_a_real_repository() {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q"]);
        std::fs::write(dir.path().join("a.txt"), "a").unwrap();
        git(dir.path(), &["add", "a.txt"]);
        git(dir.path(), &["commit", "-q", "-m", "first"]);
        let head = git(dir.path(), &["rev-parse", "HEAD"]);
        let short = head[..7].to_string();
        let upper = head[..10].to_uppercase();
        let candidates = vec![
            head.clone(),
            short,
            "0000000000000000000000000000000000000001".to_string(),
            "deadbee".to_string(),
            upper,
        ];
        let got = GitCli::new(dir.path()).existing(&candidates).unwrap();
        assert_eq!(got[..4], [true, true, false, false]);
        // Upper-case abbreviations are answered too (the check lower-cases them first).
        assert_eq!(got.len(), 5);
    }

    #[test]
    fn no_candidates_need_no_git() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            GitCli::new(dir.path()).existing(&[]).unwrap(),
            Vec::<bool>::new()
        );
    }

    #[test]
    fn not_a_repository_is_an_error_naming_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let err = GitCli::new(dir.path())
            .existing(&["abc1234".to_string()])
            .unwrap_err();
        assert!(matches!(err, RepoError::Failed { .. }), "{err:?}");
        assert!(err.to_string().contains(&dir.path().display().to_string()));
    }

    #[test]
    fn a_missing_root_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = GitCli::new(&dir.path().join("nowhere"))
            .existing(&["abc1234".to_string()])
            .unwrap_err();
        assert!(err.to_string().contains("nowhere"), "{err}");
    }

    #[test]
    fn batch_answer_lines() {
        assert_eq!(answer("abc1234", "abc1234 missing"), Some(false));
        assert_eq!(answer("abc1234", "abc1234 ambiguous"), Some(true));
        assert_eq!(answer("abc1234", "abc1234ff00 commit 230"), Some(true));
        assert_eq!(answer("abc1234", "other missing"), None);
        assert_eq!(answer("abc1234", ""), None);
    }

    proptest! {
        #[test]
        fn answer_lines_never_panic(candidate in "[0-9a-f]{7,12}", line in any::<String>()) {
            let _ = answer(&candidate, &line);
        }
    }
}
