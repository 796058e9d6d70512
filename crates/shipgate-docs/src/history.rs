//! Changelogs and release notes (`docs.history`, and any document whose headings are
//! mostly releases): documents that record what was true when they were written. Their
//! paths, commit hashes, endpoints, variables, commands and diagrams are history, not
//! drift, so those checks skip them; links and the other checks still read them.

use glob::{MatchOptions, Pattern};

use crate::Document;

/// How many of a document's headings must name a release for it to read as release
/// notes whatever its name.
const RELEASE_HEADINGS_MIN: usize = 3;

/// The compiled `docs.history` globs.
#[derive(Debug, Clone, Default)]
pub(crate) struct History {
    patterns: Vec<Pattern>,
}

/// Globs are case-sensitive, and `*` does not cross `/`.
const OPTIONS: MatchOptions = MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

impl History {
    /// Compiles the globs; one that is not a valid glob matches nothing (the config's
    /// globs are checked when documents are selected).
    pub(crate) fn new(globs: &[String]) -> History {
        History {
            patterns: globs
                .iter()
                .filter_map(|g| Pattern::new(g.trim_start_matches("./")).ok())
                .collect(),
        }
    }

    /// Whether the document at repository path `path` is a changelog or release notes.
    pub(crate) fn contains(&self, path: &str) -> bool {
        let path = path.trim_start_matches("./");
        self.patterns.iter().any(|p| p.matches_with(path, OPTIONS))
    }
}

/// Whether `doc` reads as release notes whatever its name: at least
/// [`RELEASE_HEADINGS_MIN`] of its headings, and half of them or more, name a release
/// (`1.2.0`, `v1.2`, `[1.18.2](...) - 2026-10-27`, `Version 2.0`, `hatch v1.4.0`).
pub(crate) fn reads_as_release_notes(doc: &Document) -> bool {
    let releases = doc
        .headings
        .iter()
        .filter(|h| names_a_release(&h.text))
        .count();
    releases >= RELEASE_HEADINGS_MIN && releases.saturating_mul(2) >= doc.headings.len()
}

/// Whether a heading's first or second word is a version number (`v1.2`, `1.2.3`).
fn names_a_release(heading: &str) -> bool {
    heading
        .split_whitespace()
        .take(2)
        .map(|w| w.trim_start_matches(['[', '(']))
        .map(|w| w.strip_prefix(['v', 'V']).unwrap_or(w))
        .any(|w| {
            let mut parts = w.split('.');
            let major = parts.next().unwrap_or("");
            let minor = parts.next().unwrap_or("");
            !major.is_empty()
                && major.bytes().all(|b| b.is_ascii_digit())
                && minor.bytes().take_while(u8::is_ascii_digit).count() > 0
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_notes_by_their_headings() {
        let notes = crate::markdown::parse(
            "docs/history/hatch.md",
            "# Hatch history\n\n## Unreleased\n\n## [1.18.2](https://x/y) - 2026-10-27\n\n\
             ## [1.18.1](https://x/y) - 2026-09-16\n\n### Fixed\n\n## v1.17\n\n\
             ## Version 1.16.0\n",
        );
        assert!(reads_as_release_notes(&notes));
        // a guide naming versions in two headings, or in fewer than half of them
        for md in [
            "# Upgrading\n\n## From 1.x\n\n## To 2.0 and later\n\n## Notes\n",
            "# Guide\n\n## 1.0\n\n## 2.0\n\n## 3.0\n\n## a\n\n## b\n\n## c\n\n## d\n\n## e\n",
            "# Ports\n\n## 8080 and 443\n\n## 80\n\n## 22\n",
        ] {
            assert!(
                !reads_as_release_notes(&crate::markdown::parse("docs/a.md", md)),
                "{md}"
            );
        }
    }

    #[test]
    fn the_default_list() {
        let globs: Vec<String> = shipgate_config::DEFAULT_HISTORY
            .iter()
            .map(|g| g.to_string())
            .collect();
        let history = History::new(&globs);
        for yes in [
            "CHANGELOG.md",
            "./Changelog.md",
            "crates/x/CHANGES.md",
            "HISTORY.md",
            "NEWS.md",
            "docs/RELEASE_NOTES.md",
            "docs/release-notes.md",
            "docs/Release Notes.md",
            "RELEASES.md",
            "docs/release-notes/v1.2.md",
            "changelog/1.0.md",
            "docs/releases/2024-01.md",
        ] {
            assert!(history.contains(yes), "{yes}");
        }
        for no in [
            "README.md",
            "docs/history.md",
            "docs/news.md",
            "docs/releasing.md",
            "docs/news-feed/CHANGE.txt.md",
            "docs/runbook.md",
            "docs/changelog-policy/how.md",
        ] {
            assert!(!history.contains(no), "{no}");
        }
        assert!(!History::new(&[]).contains("CHANGELOG.md"));
    }
}
