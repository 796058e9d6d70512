//! `unknown-commit`: commit hashes the documents name that are not objects of the
//! repository's git history.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use super::git::{GitObjects, RepoError};
use crate::{Document, Finding, FindingKind, Position};

/// `commit 3f2a9c1`, `commits 3f2a9c1`, `Commit ABC1234` in prose.
fn after_commit_word() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)\bcommits?\s+([0-9a-f]{7,40})\b").ok())
        .as_ref()
}

/// Prose ending with the word `commit`/`commits` (the hash follows in code or on the next
/// line).
fn ends_with_commit_word() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)\bcommits?\s*$").ok())
        .as_ref()
}

/// A hex hash at the start of a text (after optional spaces).
fn leading_hash() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\s*([0-9A-Fa-f]{7,40})\b").ok())
        .as_ref()
}

/// 7 to 40 hexadecimal digits, either case.
fn is_hex_hash(text: &str) -> bool {
    (7..=40).contains(&text.len()) && text.chars().all(|c| c.is_ascii_hexdigit())
}

/// An inline code span that reads as a commit hash on its own: 7 to 40 hex digits with at
/// least one letter and one digit (so `defaced` and `2024113` are not hashes).
fn is_hash_span(text: &str) -> bool {
    is_hex_hash(text)
        && text.chars().any(|c| c.is_ascii_digit())
        && text.chars().any(|c| c.is_ascii_alphabetic())
}

/// The position `chars` characters after `at` in `text` (a newline moves to the next
/// line's first column).
fn advance(at: Position, text: &str, chars: usize) -> Position {
    text.chars().take(chars).fold(at, |p, c| {
        if c == '\n' {
            Position {
                line: p.line.saturating_add(1),
                column: 1,
            }
        } else {
            Position {
                line: p.line,
                column: p.column.saturating_add(1),
            }
        }
    })
}

/// Every commit hash the documents name: `(index in docs, hash as written, position)`, in
/// document order within each document.
///
/// A hash is an inline code span of 7 to 40 hex digits with at least one letter and one
/// digit, or any 7 to 40 hex digits directly after the word `commit`/`commits` (either
/// case) in prose, in the same text or in the inline code right after it
/// (`` commit `1234567` ``), or at the start of the next line. 40 upper-case hex digits
/// are a key fingerprint (`gpg --fingerprint` writes them so), never a commit: git writes
/// object names in lower case.
pub fn commit_candidates(docs: &[Document]) -> Vec<(usize, String, Position)> {
    docs.iter()
        .enumerate()
        .flat_map(|(index, doc)| {
            document_candidates(doc)
                .into_iter()
                .map(move |(hash, at)| (index, hash, at))
        })
        .collect()
}

/// The commit hashes of one document, in document order (see [`commit_candidates`]).
pub(crate) fn document_candidates(doc: &Document) -> Vec<(String, Position)> {
    let mut here = Vec::new();
    let mut before = PrecedingText::new(doc);
    for code in &doc.inline_code {
        if is_hash_span(&code.text)
            || (is_hex_hash(&code.text) && before.ends_with_commit_word(code.at))
        {
            here.push((code.text.clone(), code.at));
        }
    }
    if let Some(re) = after_commit_word() {
        for span in doc.text.iter().filter(|s| has_commit_word(&s.text)) {
            for caps in re.captures_iter(&span.text) {
                if let Some(m) = caps.get(1) {
                    let offset = span.text.get(..m.start()).unwrap_or("").chars().count();
                    here.push((m.as_str().to_string(), advance(span.at, &span.text, offset)));
                }
            }
        }
    }
    // "fixed in commit\n3f2a9c1": the word ends one text, the hash starts the next line.
    if let (Some(end), Some(lead)) = (ends_with_commit_word(), leading_hash()) {
        for pair in doc.text.windows(2) {
            let [before, after] = pair else { continue };
            if after.at.line > before.at.line
                && has_commit_word(&before.text)
                && end.is_match(&before.text)
            {
                if let Some(m) = lead.captures(&after.text).and_then(|c| c.get(1)) {
                    let offset = after.text.get(..m.start()).unwrap_or("").chars().count();
                    here.push((
                        m.as_str().to_string(),
                        advance(after.at, &after.text, offset),
                    ));
                }
            }
        }
    }
    here.retain(|(hash, _)| !is_fingerprint(hash));
    here.sort_by_key(|(_, at)| *at);
    here
}

/// Whether `text` holds `commit` in any case (a cheap test before the regular expressions,
/// which most prose fails).
fn has_commit_word(text: &str) -> bool {
    text.as_bytes()
        .windows(6)
        .any(|w| w.eq_ignore_ascii_case(b"commit"))
}

/// 40 hex digits without a lower-case letter and with an upper-case one: an OpenPGP key
/// fingerprint, not an object name.
fn is_fingerprint(hash: &str) -> bool {
    hash.len() == 40
        && hash.chars().all(|c| c.is_ascii_hexdigit())
        && hash.chars().any(|c| c.is_ascii_uppercase())
        && !hash.chars().any(|c| c.is_ascii_lowercase())
}

/// The prose before each inline code span of a document, found by walking the document's
/// texts once alongside its code spans (both are in document order), not by a search of
/// every text per span.
struct PrecedingText<'a> {
    texts: &'a [crate::TextSpan],
    /// How many texts start before the last span asked about.
    next: usize,
}

impl<'a> PrecedingText<'a> {
    fn new(doc: &'a Document) -> Self {
        PrecedingText {
            texts: &doc.text,
            next: 0,
        }
    }

    /// Whether the prose right before an inline code span starting at `code_at` ends with
    /// the word `commit`/`commits` (on the same line, at most the backticks and one space
    /// between). Spans must be asked about in document order.
    fn ends_with_commit_word(&mut self, code_at: Position) -> bool {
        let Some(re) = ends_with_commit_word() else {
            return false;
        };
        while self.texts.get(self.next).is_some_and(|t| t.at < code_at) {
            self.next += 1;
        }
        // the last text on the span's line before it that is a single line
        let candidate = self
            .texts
            .get(..self.next)
            .unwrap_or_default()
            .iter()
            .rev()
            .take_while(|t| t.at.line == code_at.line)
            .find(|t| !t.text.contains('\n'));
        candidate.is_some_and(|t| {
            let chars = u32::try_from(t.text.chars().count()).unwrap_or(u32::MAX);
            let end = t.at.column.saturating_add(chars);
            let gap = code_at.column.saturating_sub(end);
            (1..=3).contains(&gap) && t.text.ends_with(char::is_whitespace) && re.is_match(&t.text)
        })
    }
}

/// Looks up every commit hash of `docs` in `git` (one query for all, each hash once, lower
/// case, in the order the documents first name them) and reports the ones that name no object as `unknown-commit`.
pub fn check_commits(
    docs: &[Document],
    git: &mut dyn GitObjects,
) -> Result<Vec<Finding>, RepoError> {
    let per_doc: Vec<(&str, Vec<(String, Position)>)> = docs
        .iter()
        .map(|doc| (doc.path.as_str(), document_candidates(doc)))
        .collect();
    unknown_commits(&per_doc, git)
}

/// The `unknown-commit` findings of the hashes each document names (`(document, hashes)`):
/// every distinct hash (lower-cased) asked about once, in one query.
pub(crate) fn unknown_commits<P: AsRef<str>>(
    per_doc: &[(P, Vec<(String, Position)>)],
    git: &mut dyn GitObjects,
) -> Result<Vec<Finding>, RepoError> {
    // each distinct hash once, in the order the documents first name it; `of[i]` is the
    // distinct hash the i-th hash named is
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut unique: Vec<String> = Vec::new();
    let mut of: Vec<usize> = Vec::new();
    for (_, hashes) in per_doc {
        for (hash, _) in hashes {
            let lower = if hash.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(hash.to_ascii_lowercase())
            } else {
                Cow::Borrowed(hash.as_str())
            };
            let at = match index.get(lower.as_ref()) {
                Some(&at) => at,
                None => {
                    let at = unique.len();
                    index.insert(lower.clone().into_owned(), at);
                    unique.push(lower.into_owned());
                    at
                }
            };
            of.push(at);
        }
    }
    drop(index);
    if unique.is_empty() {
        return Ok(Vec::new());
    }
    let answers = git.existing(&unique)?;
    if answers.len() != unique.len() {
        return Err(RepoError::Answers {
            expected: unique.len(),
            got: answers.len(),
        });
    }
    let mut findings = Vec::new();
    let mut named = of.into_iter();
    for (path, hashes) in per_doc {
        for (hash, at) in hashes {
            let known = named.next().and_then(|i| answers.get(i).copied());
            if known == Some(false) {
                findings.push(Finding::at(
                    FindingKind::UnknownCommit,
                    path.as_ref(),
                    at.line,
                    at.column,
                    format!("`{hash}` is not a commit of this repository's git history"),
                ));
            }
        }
    }
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;
    use proptest::prelude::*;

    /// Knows a fixed set of objects by prefix and records what it was asked.
    struct Fake {
        known: Vec<&'static str>,
        asked: Vec<Vec<String>>,
    }

    impl GitObjects for Fake {
        fn files(&mut self) -> Result<Option<Vec<String>>, RepoError> {
            Ok(None)
        }
        fn existing(&mut self, candidates: &[String]) -> Result<Vec<bool>, RepoError> {
            self.asked.push(candidates.to_vec());
            Ok(candidates
                .iter()
                .map(|c| self.known.iter().any(|k| k.starts_with(c.as_str())))
                .collect())
        }
    }

    fn hashes(docs: &[Document]) -> Vec<String> {
        commit_candidates(docs)
            .into_iter()
            .map(|(_, h, _)| h)
            .collect()
    }

    #[test]
    fn inline_code_hashes_need_a_letter_and_a_digit() {
        let doc = parse(
            "a.md",
            "`3f2a9c1` `ABCDEF0123` `deadline` `defaced` `1.2.3` `abc123` `2024113` \
             `3f2a9c1e8b7d6c5a4f3e2d1c0b9a8f7e6d5c4b3a2` `g3f2a9c1` `6331557464`\n",
        );
        assert_eq!(hashes(&[doc]), ["3f2a9c1", "ABCDEF0123"]);
    }

    #[test]
    fn after_the_word_commit_any_hex_counts() {
        let doc = parse(
            "a.md",
            "Fixed in commit 2024113 and Commit deadbee; commits abcdef1, see commit `1234567`.\n\
             A recommit 7654321 or commit message or commit 12345 is not.\n\
             Reverted in commit\nabcdef9 later.\n",
        );
        let got: Vec<_> = commit_candidates(&[doc])
            .into_iter()
            .map(|(i, h, at)| (i, h, at.line, at.column))
            .collect();
        assert_eq!(
            got,
            [
                (0, "2024113".to_string(), 1, 17),
                (0, "deadbee".to_string(), 1, 36),
                (0, "abcdef1".to_string(), 1, 53),
                (0, "1234567".to_string(), 1, 74),
                (0, "abcdef9".to_string(), 4, 1),
            ]
        );
    }

    #[test]
    fn commit_word_far_from_the_code_does_not_count() {
        let doc = parse("a.md", "commit and then `1234567`\n");
        assert!(hashes(&[doc]).is_empty());
    }

    #[test]
    fn unknown_hashes_are_reported_once_asked_once() {
        let docs = [
            parse("a.md", "Known `3f2a9c1`, unknown `bad1234`.\n"),
            parse("b.md", "Again `BAD1234` and commit 3F2A9C1e.\n"),
        ];
        let mut git = Fake {
            known: vec!["3f2a9c1e8b7d6c5a4f3e2d1c0b9a8f7e6d5c4b3a"],
            asked: Vec::new(),
        };
        let findings = check_commits(&docs, &mut git).unwrap();
        assert_eq!(git.asked, [["3f2a9c1", "bad1234", "3f2a9c1e"]]);
        let got: Vec<_> = findings
            .iter()
            .map(|f| (f.file.as_str(), f.line, f.column, f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "a.md",
                    Some(1),
                    Some(27),
                    "`bad1234` is not a commit of this repository's git history"
                ),
                (
                    "b.md",
                    Some(1),
                    Some(8),
                    "`BAD1234` is not a commit of this repository's git history"
                ),
            ]
        );
        assert!(findings
            .iter()
            .all(|f| f.kind == FindingKind::UnknownCommit));
    }

    #[test]
    fn git_errors_pass_through_and_short_answers_are_errors() {
        struct Broken;
        impl GitObjects for Broken {
            fn files(&mut self) -> Result<Option<Vec<String>>, RepoError> {
                Ok(None)
            }
            fn existing(&mut self, _: &[String]) -> Result<Vec<bool>, RepoError> {
                Ok(Vec::new())
            }
        }
        let docs = [parse("a.md", "`abc1234`\n")];
        assert!(matches!(
            check_commits(&docs, &mut Broken),
            Err(RepoError::Answers {
                expected: 1,
                got: 0
            })
        ));
    }

    proptest! {
        #[test]
        fn candidates_never_panic(source in any::<String>()) {
            let doc = parse("a.md", &source);
            let lines = source.replace("\r\n", "\n").split(['\n', '\r']).count() as u32;
            let found = commit_candidates(std::slice::from_ref(&doc));
            prop_assert_eq!(&found, &commit_candidates(std::slice::from_ref(&doc)));
            for (index, hash, at) in &found {
                prop_assert_eq!(*index, 0);
                prop_assert!(is_hex_hash(hash), "{}", hash);
                prop_assert!(!is_fingerprint(hash), "{}", hash);
                prop_assert!(source.contains(hash.as_str()));
                prop_assert!(at.line >= 1 && at.line <= lines.max(1), "line {} of {}", at.line, lines);
            }
            // in document order
            prop_assert!(found.windows(2).all(|w| w[0].2 <= w[1].2));
        }
    }
}
