//! `links.external`: the check yields each distinct URL once and takes the caller's answers,
//! however many it gives.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::write;
use shipgate_docs::repo::GitCli;
use shipgate_docs::{prepare, Inputs, Prepared};

fn prepared(root: &Path) -> Prepared {
    write(
        root,
        "README.md",
        "# Links\n\n[a](https://example.com/ok#top) [b](https://example.com/gone)\n\n\
         [c](https://example.com/gone#again) [d](guide.md) [e](mailto:ops@example.com)\n",
    );
    write(
        root,
        "guide.md",
        "# Guide\n\n[f](https://example.com/gone) ![g](https://example.com/logo.png)\n",
    );
    let config_file = root.join("shipgate.yaml");
    let text = "docs:\n  include: [\"*.md\"]\n  commits: false\n  links: { external: true }\n";
    let config = shipgate_config::load_str(text, &config_file, &|_| None).unwrap();
    let docs = config.docs.unwrap();
    prepare(
        &docs,
        Inputs {
            root,
            config_file: &config_file,
            cli: None,
            git: &mut GitCli::new(root),
        },
    )
    .unwrap()
}

fn at(outcome: &shipgate_docs::DocsOutcome) -> Vec<(String, Option<u32>, Option<u32>, String)> {
    outcome
        .section
        .findings
        .iter()
        .map(|f| (f.file.clone(), f.line, f.column, f.message.clone()))
        .collect()
}

#[test]
fn each_distinct_url_is_asked_once_and_every_link_to_a_dead_one_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let prepared = prepared(dir.path());
    assert_eq!(
        prepared.external_urls(),
        [
            "https://example.com/gone",
            "https://example.com/logo.png",
            "https://example.com/ok"
        ]
    );
    let answers = vec![Err("404 Not Found".to_owned()), Ok(()), Ok(())];
    let outcome = prepared.finish(answers);
    let gone = "`https://example.com/gone` does not answer: 404 Not Found".to_owned();
    assert_eq!(
        at(&outcome),
        [
            ("README.md".to_owned(), Some(3), Some(33), gone.clone()),
            ("README.md".to_owned(), Some(5), Some(1), gone.clone()),
            ("guide.md".to_owned(), Some(3), Some(1), gone),
        ]
    );
    let excerpt = outcome.section.findings[2].excerpt.as_deref();
    assert_eq!(
        excerpt,
        Some("[f](https://example.com/gone) ![g](https://example.com/logo.png)")
    );
    let links = outcome.gates.iter().find(|g| g.name == "links").unwrap();
    assert_eq!(links.measured, Some(shipgate_core::Measured::count(3)));
}

#[test]
fn finish_with_too_few_answers_reports_the_rest_as_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    // one answer for three URLs: the last two are not checked
    let outcome = prepared(dir.path()).finish(vec![Ok(())]);
    let not_checked =
        |url: &str| format!("`{url}` does not answer: not checked (no answer was given for it)");
    assert_eq!(
        at(&outcome),
        [
            (
                "README.md".to_owned(),
                Some(3),
                Some(1),
                not_checked("https://example.com/ok")
            ),
            (
                "guide.md".to_owned(),
                Some(3),
                Some(31),
                not_checked("https://example.com/logo.png")
            ),
        ]
    );
    // none at all: every external link is reported, none is left out silently
    let outcome = prepared(dir.path()).finish(Vec::new());
    assert_eq!(outcome.section.findings.len(), 5);
    // more answers than URLs: the extra ones are ignored
    let extra = vec![Ok(()), Ok(()), Ok(()), Err("extra".to_owned())];
    assert!(prepared(dir.path())
        .finish(extra)
        .section
        .findings
        .is_empty());
}

#[test]
fn external_links_off_asks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "README.md", "[a](https://example.com/x)\n");
    let out = common::run(dir.path(), "  include: [README.md]\n  commits: false\n").unwrap();
    assert!(out.section.findings.is_empty());
    assert_eq!(out.section.documents[0].external_links, 1);
}
