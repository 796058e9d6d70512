//! What a document's sections talk about: the prose of each section (from one heading to
//! the next, of any level), lower-cased, so that a check can ask whether the text around
//! a line speaks of environment variables or of the pipeline.

use crate::Document;

/// The sections of one document, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sections {
    /// (first line, lower-cased heading and prose), by first line; the text before the
    /// first heading is a section starting at line 1.
    sections: Vec<(u32, String)>,
}

impl Sections {
    /// The sections of `doc`.
    pub(crate) fn of(doc: &Document) -> Sections {
        let mut sections: Vec<(u32, String)> = vec![(1, String::new())];
        sections.extend(
            doc.headings
                .iter()
                .map(|h| (h.at.line, h.text.to_lowercase())),
        );
        sections.sort_by_key(|(line, _)| *line);
        for span in &doc.text {
            let i = sections
                .partition_point(|(line, _)| *line <= span.at.line)
                .saturating_sub(1);
            if let Some((_, text)) = sections.get_mut(i) {
                text.push(' ');
                text.push_str(&span.text.to_lowercase());
            }
        }
        Sections { sections }
    }

    /// The lower-cased heading and prose of the section holding `line`.
    pub(crate) fn text_at(&self, line: u32) -> &str {
        let i = self
            .sections
            .partition_point(|(first, _)| *first <= line)
            .saturating_sub(1);
        self.sections.get(i).map_or("", |(_, t)| t.as_str())
    }

    /// Whether the section holding `line` has one of `words` as a whole word (or words:
    /// `"env var"`), compared lower-cased.
    pub(crate) fn speaks_of(&self, line: u32, words: &[&str]) -> bool {
        let text = self.text_at(line);
        words.iter().any(|w| has_word(text, w))
    }
}

/// Whether `word` occurs in `text` between non-alphanumeric characters.
pub(crate) fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text.get(..at).and_then(|h| h.chars().next_back());
        let after = text.get(at + word.len()..).and_then(|t| t.chars().next());
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    #[test]
    fn each_line_reads_its_own_section() {
        let doc = parse(
            "docs/a.md",
            "Intro about CI.\n\n# Setup\n\nInstall with `uv sync`.\n\n\
             ```bash\nuv sync\n```\n\n## Environment\n\nSet `X_Y`.\n",
        );
        let s = Sections::of(&doc);
        assert!(s.speaks_of(1, &["ci"]));
        assert!(!s.speaks_of(8, &["ci"]), "{}", s.text_at(8));
        assert!(s.speaks_of(8, &["setup"]));
        assert!(s.speaks_of(13, &["environment"]));
        // whole words only
        assert!(!s.speaks_of(13, &["env"]));
        assert!(!s.speaks_of(5, &["ci", "set"]));
    }

    #[test]
    fn a_document_without_headings_is_one_section() {
        let doc = parse("docs/a.md", "The pipeline runs:\n\n```sh\nmake\n```\n");
        assert!(Sections::of(&doc).speaks_of(4, &["pipeline"]));
        assert!(!Sections::of(&parse("a.md", "")).speaks_of(1, &["pipeline"]));
    }
}
