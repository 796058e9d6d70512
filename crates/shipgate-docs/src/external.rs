//! `links.external`: `http(s)://` links that must still answer. The documents are checked
//! without the network: they yield the distinct URLs to ask ([`ExternalLinks::urls`]), the
//! caller (who owns the network and the async runtime) asks them, and its answers become
//! `broken-link` findings at every link to a URL that did not answer
//! ([`ExternalLinks::findings`]).

use std::collections::BTreeSet;

use crate::links::external;
use crate::{Document, Finding, FindingKind, Position};

/// What a URL that was given no answer is reported with.
pub(crate) const NOT_ANSWERED: &str = "not checked (no answer was given for it)";

/// The external links of one document: its path, and each link's URL (fragment removed)
/// and position, in document order.
#[derive(Debug, Default)]
pub(crate) struct DocumentLinks {
    path: String,
    links: Vec<(String, Position)>,
}

impl DocumentLinks {
    /// The `http(s)://` links of `doc`.
    pub(crate) fn of(doc: &Document) -> DocumentLinks {
        DocumentLinks {
            path: doc.path.clone(),
            links: external(std::slice::from_ref(doc))
                .into_iter()
                .map(|(_, link)| (without_fragment(&link.destination), link.at))
                .collect(),
        }
    }
}

/// The external links of every checked document: each distinct URL once (sorted), and
/// every link to it.
#[derive(Debug, Default)]
pub(crate) struct ExternalLinks {
    urls: Vec<String>,
    /// `(document, index into urls, position)` in document order.
    links: Vec<(usize, usize, Position)>,
    documents: Vec<String>,
}

impl ExternalLinks {
    /// The links of `docs`, in the order given.
    pub(crate) fn new(docs: Vec<DocumentLinks>) -> ExternalLinks {
        let distinct: BTreeSet<&str> = docs
            .iter()
            .flat_map(|d| d.links.iter().map(|(url, _)| url.as_str()))
            .collect();
        let urls: Vec<String> = distinct.into_iter().map(str::to_owned).collect();
        let mut links = Vec::new();
        let mut documents = Vec::with_capacity(docs.len());
        for (doc, d) in docs.into_iter().enumerate() {
            for (url, at) in &d.links {
                if let Ok(index) = urls.binary_search(url) {
                    links.push((doc, index, *at));
                }
            }
            documents.push(d.path);
        }
        ExternalLinks {
            urls,
            links,
            documents,
        }
    }

    /// The distinct URLs to ask, sorted.
    pub(crate) fn urls(&self) -> &[String] {
        &self.urls
    }

    /// A `broken-link` finding at every link whose URL did not answer. `answers[i]` is the
    /// answer for `urls()[i]`: a URL without an answer (too few were given) is reported as
    /// not checked; answers past the last URL are ignored.
    pub(crate) fn findings(self, answers: Vec<Result<(), String>>) -> Vec<Finding> {
        let mut answers = answers.into_iter();
        let why: Vec<Option<String>> = self
            .urls
            .iter()
            .map(|_| match answers.next() {
                Some(Ok(())) => None,
                Some(Err(why)) => Some(why),
                None => Some(NOT_ANSWERED.to_owned()),
            })
            .collect();
        self.links
            .into_iter()
            .filter_map(|(doc, url, at)| {
                let why = why.get(url)?.as_ref()?;
                let url = self.urls.get(url)?;
                let doc = self.documents.get(doc)?;
                Some(Finding::at(
                    FindingKind::BrokenLink,
                    doc,
                    at.line,
                    at.column,
                    format!("`{url}` does not answer: {why}"),
                ))
            })
            .collect()
    }
}

fn without_fragment(destination: &str) -> String {
    let trimmed = destination.trim();
    trimmed
        .split_once('#')
        .map_or(trimmed, |(url, _)| url)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    fn links(docs: &[(&str, &str)]) -> ExternalLinks {
        ExternalLinks::new(
            docs.iter()
                .map(|(path, text)| DocumentLinks::of(&parse(path, text)))
                .collect(),
        )
    }

    fn answer(urls: &[String]) -> Vec<Result<(), String>> {
        urls.iter()
            .map(|u| {
                if u.contains("gone") {
                    Err("404 Not Found".to_owned())
                } else {
                    Ok(())
                }
            })
            .collect()
    }

    #[test]
    fn each_url_is_asked_once_and_every_link_to_a_dead_one_is_reported() {
        let external = links(&[
            (
                "README.md",
                "[a](https://example.com/ok#x) [b](https://example.com/gone)\n\n\
                 [c](https://example.com/gone#y) [d](../local.md) [e](mailto:x@example.com)\n",
            ),
            ("b.md", "[again](https://example.com/gone)\n"),
        ]);
        assert_eq!(
            external.urls(),
            ["https://example.com/gone", "https://example.com/ok"]
        );
        let answers = answer(external.urls());
        let findings = external.findings(answers);
        let at: Vec<_> = findings
            .iter()
            .map(|f| (f.file.as_str(), f.line, f.column))
            .collect();
        assert_eq!(
            at,
            [
                ("README.md", Some(1), Some(31)),
                ("README.md", Some(3), Some(1)),
                ("b.md", Some(1), Some(1)),
            ]
        );
        assert_eq!(
            findings[0].message,
            "`https://example.com/gone` does not answer: 404 Not Found"
        );
    }

    #[test]
    fn too_few_answers_leave_the_rest_not_checked_and_extra_ones_are_ignored() {
        let text = "[a](https://a.example/) [b](https://b.example/) [c](https://c.example/)\n";
        let findings = links(&[("a.md", text)]).findings(vec![Ok(())]);
        let got: Vec<_> = findings
            .iter()
            .map(|f| (f.column, f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some(25),
                    "`https://b.example/` does not answer: not checked (no answer was given for it)"
                ),
                (
                    Some(49),
                    "`https://c.example/` does not answer: not checked (no answer was given for it)"
                ),
            ]
        );
        let extra = vec![Ok(()), Ok(()), Ok(()), Err("unused".to_owned())];
        assert!(links(&[("a.md", text)]).findings(extra).is_empty());
        assert_eq!(links(&[("a.md", text)]).findings(Vec::new()).len(), 3);
    }

    #[test]
    fn no_external_links_ask_nothing() {
        let external = links(&[("a.md", "[x](b.md) <ops@example.com>\n")]);
        assert!(external.urls().is_empty());
        assert!(external.findings(Vec::new()).is_empty());
    }
}
