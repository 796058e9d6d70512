//! What git knows about the repository: the files it lists (`git ls-files`) and which
//! objects exist in its store. The hashes a check needs are answered by one process: one
//! `git cat-file --batch-check` run for all of them, or, when there are many compared with
//! the objects of the repository, one listing of every object (`--batch-all-objects`) they
//! are looked up in (git spends tens of microseconds on each name it does not find, so a
//! million unknown hashes would take most of a minute).

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
    /// The files git lists under the root, relative to it: every tracked file (even where an
    /// ignore rule matches it) and every untracked file no ignore rule matches. `None` when
    /// the root is not inside a git work tree (the git-based checks are then not evaluated).
    fn files(&mut self) -> Result<Option<Vec<String>>, RepoError>;

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

/// Below this many hashes, asking git about each is cheaper than listing every object.
const FEW_HASHES: usize = 1_000;
/// Every object is listed when the repository has at most this many objects per hash asked
/// about (listing an object costs git far less than not finding a name).
const OBJECTS_PER_HASH: u64 = 20;

impl GitObjects for GitCli {
    fn files(&mut self) -> Result<Option<Vec<String>>, RepoError> {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args([
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ])
            .stdin(Stdio::null())
            .output()
            .map_err(|source| RepoError::Spawn {
                root: self.root_name(),
                source,
            })?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
            if stderr.contains("not a git repository") {
                return Ok(None);
            }
            return Err(RepoError::Failed {
                root: self.root_name(),
                status: output.status.to_string(),
                stderr,
            });
        }
        Ok(Some(
            output
                .stdout
                .split(|&b| b == 0)
                .filter(|p| !p.is_empty())
                .filter_map(|p| std::str::from_utf8(p).ok())
                .map(str::to_owned)
                .collect(),
        ))
    }

    fn existing(&mut self, candidates: &[String]) -> Result<Vec<bool>, RepoError> {
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        if candidates.len() >= FEW_HASHES {
            let objects = self.object_count()?;
            if objects <= OBJECTS_PER_HASH.saturating_mul(candidates.len() as u64) {
                return self.existing_in_listing(candidates);
            }
        }
        self.existing_one_by_one(candidates)
    }
}

impl GitCli {
    /// How many objects the repository's store holds (loose and packed), from
    /// `git count-objects -v`.
    fn object_count(&self) -> Result<u64, RepoError> {
        let output = self.run(&["count-objects", "-v"])?;
        Ok(output
            .lines()
            .filter_map(|line| line.split_once(": "))
            .filter(|(key, _)| matches!(*key, "count" | "in-pack"))
            .filter_map(|(_, n)| n.trim().parse::<u64>().ok())
            .sum())
    }

    /// A git command's standard output, or the error of a failed one.
    fn run(&self, args: &[&str]) -> Result<String, RepoError> {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|source| RepoError::Spawn {
                root: self.root_name(),
                source,
            })?;
        if !output.status.success() {
            return Err(RepoError::Failed {
                root: self.root_name(),
                status: output.status.to_string(),
                stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
            });
        }
        String::from_utf8(output.stdout).map_err(|_| RepoError::Protocol {
            root: self.root_name(),
            detail: format!(
                "`git {}` answered something that is not UTF-8",
                args.join(" ")
            ),
        })
    }

    /// Every object of the store listed once, sorted, and each candidate looked up in the
    /// listing as a prefix (an abbreviation matching several objects counts as existing).
    fn existing_in_listing(&self, candidates: &[String]) -> Result<Vec<bool>, RepoError> {
        let listing = self.run(&[
            "cat-file",
            "--batch-all-objects",
            "--batch-check=%(objectname)",
            "--unordered",
        ])?;
        let names: Vec<&str> = listing.lines().map(str::trim).collect();
        // the first 32 hex digits of each name as a number, sorted: a prefix of up to 32
        // digits is a range of numbers, found by two binary searches without comparing text
        let mut keys: Vec<(u128, usize)> = names
            .iter()
            .enumerate()
            .filter_map(|(at, name)| Some((prefix_key(name)?.0, at)))
            .collect();
        keys.sort_unstable();
        Ok(candidates
            .iter()
            .map(|c| {
                let c = c.to_ascii_lowercase();
                let Some((low, high)) = prefix_key(&c) else {
                    return false;
                };
                let from = keys.partition_point(|(k, _)| *k < low);
                let to = keys.partition_point(|(k, _)| *k <= high);
                let matching = keys.get(from..to).unwrap_or_default();
                if c.len() <= 32 {
                    !matching.is_empty()
                } else {
                    matching.iter().any(|&(_, at)| {
                        names
                            .get(at)
                            .is_some_and(|name| name.starts_with(c.as_str()))
                    })
                }
            })
            .collect())
    }

    /// One `git cat-file --batch-check` run answering every candidate.
    fn existing_one_by_one(&self, candidates: &[String]) -> Result<Vec<bool>, RepoError> {
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

/// The numbers whose 32-hex-digit form starts with the hex `prefix` (its first 32 digits
/// when longer), as an inclusive range; `None` when `prefix` is empty or not hex.
fn prefix_key(prefix: &str) -> Option<(u128, u128)> {
    let digits = prefix.get(..prefix.len().min(32))?;
    if digits.is_empty() {
        return None;
    }
    let mut value: u128 = 0;
    for c in digits.chars() {
        value = (value << 4) | u128::from(c.to_digit(16)?);
    }
    let free = 4 * (32 - digits.len() as u32);
    let low = value.checked_shl(free).unwrap_or(0);
    let span = if free == 128 {
        u128::MAX
    } else {
        (1u128 << free) - 1
    };
    Some((low, low | span))
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
    fn listing_every_object_answers_as_asking_for_each() {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q"]);
        for i in 0..5 {
            std::fs::write(dir.path().join(format!("f{i}.txt")), format!("{i}")).unwrap();
            git(dir.path(), &["add", "."]);
            git(dir.path(), &["commit", "-q", "-m", &format!("c{i}")]);
        }
        let head = git(dir.path(), &["rev-parse", "HEAD"]);
        let tree = git(dir.path(), &["rev-parse", "HEAD^{tree}"]);
        let mut candidates = vec![
            head.clone(),
            head[..7].to_string(),
            head[..12].to_uppercase(),
            tree[..9].to_string(),
            "0000000000000000000000000000000000000001".to_string(),
            "deadbee".to_string(),
        ];
        for i in 0..16 {
            // one-hex-digit prefixes padded to 7: some may be ambiguous, some missing
            candidates.push(format!("{:x}{}", i, &head[1..7]));
        }
        let cli = GitCli::new(dir.path());
        let listed = cli.existing_in_listing(&candidates).unwrap();
        let asked = cli.existing_one_by_one(&candidates).unwrap();
        assert_eq!(listed, asked);
        assert_eq!(listed[..6], [true, true, true, true, false, false]);
        assert!(cli.object_count().unwrap() >= 15);
    }

    #[test]
    fn files_are_git_s_listing_or_none_outside_a_repository() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(GitCli::new(dir.path()).files().unwrap(), None);
        git(dir.path(), &["init", "-q"]);
        std::fs::write(dir.path().join(".gitignore"), "ignored.md\n").unwrap();
        std::fs::write(dir.path().join("ignored.md"), "x").unwrap();
        std::fs::write(dir.path().join("new.md"), "x").unwrap();
        std::fs::write(dir.path().join("tracked.md"), "x").unwrap();
        git(dir.path(), &["add", "tracked.md", ".gitignore"]);
        git(dir.path(), &["add", "-f", "ignored.md"]);
        std::fs::write(dir.path().join("scratch.md"), "x").unwrap();
        std::fs::write(dir.path().join(".gitignore"), "ignored.md\nscratch.md\n").unwrap();
        let mut files = GitCli::new(dir.path()).files().unwrap().unwrap();
        files.sort();
        assert_eq!(files, [".gitignore", "ignored.md", "new.md", "tracked.md"]);
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
    fn prefixes_are_ranges_of_the_first_32_digits() {
        assert_eq!(
            prefix_key("ab"),
            Some((0xab << 120, (0xab << 120) | ((1u128 << 120) - 1)))
        );
        let full = "0123456789abcdef0123456789abcdef01234567";
        let (low, high) = prefix_key(full).unwrap();
        assert_eq!(low, high);
        assert_eq!(low, 0x0123456789abcdef0123456789abcdef);
        assert_eq!(prefix_key(""), None);
        assert_eq!(prefix_key("xyz1234"), None);
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
            // an answer about another name is never taken for this one's
            match answer(&candidate, &line) {
                Some(false) => prop_assert!(line.split_whitespace().next() == Some(candidate.as_str())),
                Some(true) => prop_assert!(line.split_whitespace().count() >= 2),
                None => {}
            }
            prop_assert_eq!(answer(&candidate, &format!("{candidate} missing")), Some(false));
            prop_assert_eq!(answer(&candidate, &format!("other{candidate} missing")), None);
        }
    }
}
