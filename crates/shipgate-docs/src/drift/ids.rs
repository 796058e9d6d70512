//! `unknown-id`: identifiers matching a configured pattern (`TQ-[0-9]{2}`) that the
//! documents name but that do not occur in the pattern's truth files.
//!
//! Only whole-word matches count, on both sides: the character before and after a match
//! must not be alphanumeric or `_`, so `TQ-0123` does not yield `TQ-01` and `XTQ-01` is
//! not `TQ-01`. Documents are searched in prose, inline code and code blocks; link
//! destinations are not searched.

use std::collections::BTreeSet;

use regex::Regex;

use super::outcome::DriftCheck;
use super::snippets::snippets;
use crate::{Document, Finding, FindingKind};
use shipgate_core::nearest::{nearest, typo_distance};

/// One `ids` rule: its pattern and every whole-word match found in its truth files.
#[derive(Debug, Clone)]
pub struct IdRule {
    /// The identifier pattern.
    pub pattern: Regex,
    /// All whole-word matches of `pattern` in the truth files (see [`ids_from_text`]).
    pub truth: BTreeSet<String>,
}

/// The whole-word matches of `pattern` in `text`.
pub fn ids_from_text(pattern: &Regex, text: &str) -> BTreeSet<String> {
    whole_words(pattern, text)
        .into_iter()
        .map(|(_, id)| id.to_string())
        .collect()
}

/// Every whole-word match of a rule's pattern in the documents that is not in the rule's
/// truth is an `unknown-id` finding at the match's position; the matches in the truth are
/// counted as verified.
pub fn check(docs: &[Document], rules: &[IdRule]) -> DriftCheck {
    let mut out = DriftCheck::default();
    for doc in docs {
        out.checked(&doc.path);
        for snippet in snippets(doc) {
            for rule in rules {
                for (offset, id) in whole_words(&rule.pattern, &snippet.text) {
                    if rule.truth.contains(id) {
                        out.verify(&doc.path);
                        continue;
                    }
                    let at = snippet.position(offset);
                    let mut finding = Finding::at(
                        FindingKind::UnknownId,
                        &doc.path,
                        at.line,
                        at.column,
                        format!(
                            "`{id}` does not occur in the truth files of pattern `{}`",
                            rule.pattern.as_str()
                        ),
                    );
                    let max = typo_distance(id.chars().count());
                    if let Some(s) = nearest(id, rule.truth.iter().map(String::as_str), max) {
                        finding = finding.suggest(s);
                    }
                    out.findings.push(finding);
                }
            }
        }
    }
    out
}

/// The whole-word, non-empty matches of `pattern` in `text`, as (byte offset, text).
/// A match that touches a word character is retried from its next character, so a
/// shorter whole-word match further on is still found.
fn whole_words<'t>(pattern: &Regex, text: &'t str) -> Vec<(usize, &'t str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while from <= text.len() {
        let Some(m) = pattern.find_at(text, from) else {
            break;
        };
        let before = text.get(..m.start()).and_then(|s| s.chars().next_back());
        let after = text.get(m.end()..).and_then(|s| s.chars().next());
        if !m.is_empty() && !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            out.push((m.start(), m.as_str()));
            from = m.end();
        } else {
            let step = text
                .get(m.start()..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
            from = m.start() + step;
        }
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CodeBlock, InlineCode, Link, Position, TextSpan};
    use proptest::prelude::*;

    fn pos(line: u32, column: u32) -> Position {
        Position { line, column }
    }

    fn tq() -> Regex {
        Regex::new("TQ-[0-9]{2}").unwrap()
    }

    #[test]
    fn whole_words_only() {
        let ids = ids_from_text(&tq(), "TQ-01 and TQ-0123, XTQ-02, TQ-03_x, (TQ-04). TQ-05é");
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["TQ-01", "TQ-04"]);
    }

    #[test]
    fn a_rejected_match_is_retried_further_on() {
        let re = Regex::new("[A-Z]+-[0-9]+").unwrap();
        // `xAB-1` is not whole-word at `AB-1`, nor at `B-1`; `CD-2` is.
        assert_eq!(
            ids_from_text(&re, "xAB-1 CD-2")
                .into_iter()
                .collect::<Vec<_>>(),
            ["CD-2"]
        );
        let empty = Regex::new("x*").unwrap();
        assert!(ids_from_text(&empty, "abc").is_empty());
    }

    fn doc() -> Document {
        Document {
            path: "docs/gates.md".into(),
            text: vec![
                TextSpan {
                    text: "TQ-01 and ".into(),
                    at: pos(3, 1),
                },
                TextSpan {
                    text: " run; TQ-05 checks coverage.".into(),
                    at: pos(3, 18),
                },
                TextSpan {
                    text: "The build number TQ-0123 is not a gate id, nor is XTQ-01.".into(),
                    at: pos(4, 1),
                },
                TextSpan {
                    text: "TQ-03 performance".into(),
                    at: pos(10, 1),
                },
            ],
            inline_code: vec![InlineCode {
                text: "TQ-02".into(),
                at: pos(3, 12),
            }],
            code_blocks: vec![CodeBlock {
                language: Some("text".into()),
                text: "first\n  TQ-06 determinism".into(),
                at: pos(6, 3),
            }],
            links: vec![Link {
                destination: "https://x.example/TQ-09".into(),
                image: false,
                at: pos(12, 1),
            }],
            ..Document::default()
        }
    }

    #[test]
    fn unknown_ids_at_their_positions_with_suggestions() {
        let truth: BTreeSet<String> = ["TQ-01", "TQ-02", "TQ-05"].map(String::from).into();
        let result = check(
            &[doc()],
            &[IdRule {
                pattern: tq(),
                truth,
            }],
        );
        let found: Vec<(u32, u32, &str, Option<&str>)> = result
            .findings
            .iter()
            .map(|f| {
                (
                    f.line.unwrap(),
                    f.column.unwrap(),
                    f.message.as_str(),
                    f.suggestion.as_deref(),
                )
            })
            .collect();
        // `TQ-06` and `TQ-03` are one edit from each of `TQ-01`, `TQ-02` and `TQ-05`: no
        // one of them is the id meant, so none is suggested
        assert_eq!(
            found,
            [
                (
                    7,
                    5,
                    "`TQ-06` does not occur in the truth files of pattern `TQ-[0-9]{2}`",
                    None
                ),
                (
                    10,
                    1,
                    "`TQ-03` does not occur in the truth files of pattern `TQ-[0-9]{2}`",
                    None
                ),
            ]
        );
        assert!(result
            .findings
            .iter()
            .all(|f| f.kind == FindingKind::UnknownId));
        assert_eq!(result.verified.get("docs/gates.md"), Some(&3));
    }

    #[test]
    fn no_rules_or_full_truth_means_no_findings() {
        assert!(check(&[doc()], &[]).findings.is_empty());
        let truth: BTreeSet<String> = ["TQ-01", "TQ-02", "TQ-03", "TQ-05", "TQ-06"]
            .map(String::from)
            .into();
        let result = check(
            &[doc()],
            &[IdRule {
                pattern: tq(),
                truth,
            }],
        );
        assert!(result.findings.is_empty());
        assert_eq!(result.verified.get("docs/gates.md"), Some(&5));
    }

    #[test]
    fn fixture_repository() {
        let workflow = super::super::fixture::read("unknown-id", ".github/workflows/gates.yml");
        let truth = ids_from_text(&tq(), &workflow);
        let markdown = super::super::fixture::read("unknown-id", "docs/gates.md");
        let doc = crate::markdown::parse("docs/gates.md", &markdown);
        let result = check(
            &[doc],
            &[IdRule {
                pattern: tq(),
                truth,
            }],
        );
        super::super::fixture::assert_expected("unknown-id", "unknown-id", &result.findings);
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,200}", pattern in prop::sample::select(vec![
            "TQ-[0-9]{2}", "x*", "\\b", "[^a]", ".", "é+", "^", "$",
        ])) {
            let re = Regex::new(pattern).unwrap();
            let ids = ids_from_text(&re, &text);
            for id in &ids {
                prop_assert!(text.contains(id.as_str()));
            }
        }
    }
}
