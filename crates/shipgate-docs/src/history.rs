//! Changelogs and release notes (`docs.history`): documents that record what was true
//! when they were written. Their paths, commit hashes and endpoints are history, not
//! drift, so those checks skip them; links, commands, variables and the other checks
//! still read them.

use glob::{MatchOptions, Pattern};

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

#[cfg(test)]
mod tests {
    use super::*;

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
