//! `links.external`: `http(s)://` links fetched to see that they still answer. The
//! network sits behind [`ExternalLinks`] so that the engine stays free of I/O it cannot
//! test; the CLI implements it with shipgate's HTTP client.

use std::collections::BTreeMap;

use crate::links::external;
use crate::{Document, Finding, FindingKind};

/// Fetches URLs. `Ok(())` for a URL that answered 2xx, `Err(why)` otherwise.
pub trait ExternalLinks {
    /// One answer per URL, in order.
    fn check(&mut self, urls: &[String]) -> Vec<Result<(), String>>;
}

/// A `broken-link` finding for every external link of `docs` whose URL (fragment removed)
/// did not answer; each distinct URL is fetched once.
pub(crate) fn check_external(docs: &[Document], fetch: &mut dyn ExternalLinks) -> Vec<Finding> {
    let links = external(docs);
    let mut urls: BTreeMap<String, Option<String>> = BTreeMap::new();
    for (_, link) in &links {
        urls.insert(without_fragment(&link.destination), None);
    }
    let asked: Vec<String> = urls.keys().cloned().collect();
    for (url, answer) in asked.iter().zip(fetch.check(&asked)) {
        if let (Some(slot), Err(why)) = (urls.get_mut(url), answer) {
            *slot = Some(why);
        }
    }
    links
        .into_iter()
        .filter_map(|(doc, link)| {
            let url = without_fragment(&link.destination);
            let why = urls.get(&url)?.as_ref()?;
            Some(Finding::at(
                FindingKind::BrokenLink,
                &doc.path,
                link.at.line,
                link.at.column,
                format!("`{url}` does not answer: {why}"),
            ))
        })
        .collect()
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

    struct Fake {
        asked: Vec<String>,
    }

    impl ExternalLinks for Fake {
        fn check(&mut self, urls: &[String]) -> Vec<Result<(), String>> {
            self.asked.extend(urls.iter().cloned());
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
    }

    #[test]
    fn each_url_is_fetched_once_and_every_link_to_a_dead_one_is_reported() {
        let doc = parse(
            "README.md",
            "[a](https://example.com/ok#x) [b](https://example.com/gone)\n\n\
             [c](https://example.com/gone#y) [d](../local.md) [e](mailto:x@example.com)\n",
        );
        let mut fake = Fake { asked: Vec::new() };
        let findings = check_external(&[doc], &mut fake);
        assert_eq!(
            fake.asked,
            ["https://example.com/gone", "https://example.com/ok"]
        );
        let at: Vec<_> = findings.iter().map(|f| (f.line, f.column)).collect();
        assert_eq!(at, [(Some(1), Some(31)), (Some(3), Some(1))]);
        assert_eq!(
            findings[0].message,
            "`https://example.com/gone` does not answer: 404 Not Found"
        );
    }
}
