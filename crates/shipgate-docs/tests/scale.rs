//! `docs check` is linear in document size, links, headings and findings. Each test uses a
//! size where the quadratic behaviour (a scan of every anchor per link, of every line per
//! finding, of every text per code span, of the line per position) would take minutes,
//! while the linear one takes about a second even in a debug build. The unit tests next to
//! the code count the work itself (comparisons, bytes scanned).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fmt::Write as _;

use common::{found, run, write};

#[test]
fn many_headings_times_many_anchor_links() {
    const N: usize = 20_000;
    let dir = tempfile::tempdir().unwrap();
    let mut a = String::new();
    let mut b = String::new();
    for i in 0..N {
        writeln!(a, "## Heading {i}\n").unwrap();
        writeln!(a, "[ok](#heading-{i}) [gone](#heading-{i}-x)\n").unwrap();
        // far from every heading: no suggestion, so `heading-{i}` is suggested for one
        // finding only (a suggestion offered for several different findings is dropped)
        writeln!(
            b,
            "[there](a.md#heading-{i}) [gone](a.md#nothing-like-it-{i})\n"
        )
        .unwrap();
    }
    write(dir.path(), "a.md", &a);
    write(dir.path(), "b.md", &b);
    let out = run(dir.path(), "  include: [\"*.md\"]\n  commits: false\n").unwrap();
    let f = found(&out);
    assert_eq!(f.len(), 2 * N);
    assert!(f.iter().all(|(kind, _, _)| kind == "missing-anchor"));
    // early findings get suggestions; the budget bounds the rest
    let first = &out.section.findings[0];
    assert_eq!(first.suggestion.as_deref(), Some("heading-0"));
    assert_eq!(
        first.excerpt.as_deref(),
        Some("[ok](#heading-0) [gone](#heading-0-x)")
    );
}

#[test]
fn a_hundred_thousand_broken_links_each_with_its_excerpt() {
    const N: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let mut a = String::new();
    for i in 0..N {
        writeln!(a, "[x](missing-{i}.md)").unwrap();
    }
    write(dir.path(), "a.md", &a);
    let out = run(dir.path(), "  include: [\"a.md\"]\n  commits: false\n").unwrap();
    assert_eq!(out.section.findings.len(), N);
    let last = out.section.findings.iter().max_by_key(|f| f.line).unwrap();
    assert_eq!(last.line, Some(N as u32));
    assert_eq!(last.excerpt, Some(format!("[x](missing-{}.md)", N - 1)));
}

#[test]
fn one_line_of_four_hundred_thousand_code_spans() {
    const N: usize = 400_000;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", &"`a` ".repeat(N));
    let out = run(dir.path(), "  include: [\"a.md\"]\n").unwrap();
    assert_eq!(found(&out), []);
    assert_eq!(out.section.documents[0].lines, 1);
}

#[test]
fn fifty_thousand_hex_spans_after_prose() {
    const N: usize = 50_000;
    let dir = tempfile::tempdir().unwrap();
    let mut a = String::new();
    for i in 0..N {
        // digits only: a hash only right after the word "commit"
        writeln!(
            a,
            "see {} `{:07}` done\n",
            if i % 2 == 0 { "commit" } else { "build" },
            i
        )
        .unwrap();
    }
    write(dir.path(), "a.md", &a);
    let mut git = Counting::default();
    let out = common::run_with(dir.path(), "  include: [\"a.md\"]\n", &mut git).unwrap();
    assert_eq!(git.asked, N / 2);
    assert_eq!(out.section.findings.len(), N / 2);
}

/// A repository whose git knows no object and lists the one document.
#[derive(Default)]
struct Counting {
    asked: usize,
}

impl shipgate_docs::repo::GitObjects for Counting {
    fn files(&mut self) -> Result<Option<Vec<String>>, shipgate_docs::repo::RepoError> {
        Ok(Some(vec!["a.md".to_string()]))
    }
    fn existing(
        &mut self,
        candidates: &[String],
    ) -> Result<Vec<bool>, shipgate_docs::repo::RepoError> {
        self.asked += candidates.len();
        Ok(vec![false; candidates.len()])
    }
}
