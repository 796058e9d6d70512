//! A block's text as characters, with 1-based line/column positions for any index, and the
//! small cursor helpers the diagram parsers share.
//!
//! Indexes are character indexes into the whole block; the clean-up passes overwrite
//! characters in place (never inserting or removing any), so an index always maps back to
//! the line and column the author wrote.

use super::error::MermaidError;

/// The characters of one mermaid block.
pub(crate) struct Source {
    chars: Vec<char>,
    /// Index of the first character of each line.
    line_starts: Vec<usize>,
}

impl Source {
    /// The block's text; a carriage return counts as a space so `\r\n` ends a line once.
    pub(crate) fn new(text: &str) -> Source {
        let chars: Vec<char> = text
            .chars()
            .map(|c| if c == '\r' { ' ' } else { c })
            .collect();
        let mut line_starts = vec![0];
        line_starts.extend(
            chars
                .iter()
                .enumerate()
                .filter(|(_, c)| **c == '\n')
                .map(|(i, _)| i + 1),
        );
        Source { chars, line_starts }
    }

    /// Number of characters.
    pub(crate) fn len(&self) -> usize {
        self.chars.len()
    }

    /// The character at `i`, `None` past the end.
    pub(crate) fn get(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// Whether the text at `i` starts with `s`.
    pub(crate) fn starts_with(&self, i: usize, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(k, c)| self.get(i.saturating_add(k)) == Some(c))
    }

    /// Whether the text at `i` starts with `s`, ignoring ASCII case.
    pub(crate) fn starts_with_ignore_case(&self, i: usize, s: &str) -> bool {
        s.chars().enumerate().all(|(k, c)| {
            self.get(i.saturating_add(k))
                .is_some_and(|d| d.eq_ignore_ascii_case(&c))
        })
    }

    /// The text between two indexes (clamped to the block).
    pub(crate) fn slice(&self, from: usize, to: usize) -> String {
        let to = to.min(self.chars.len());
        self.chars
            .get(from.min(to)..to)
            .map(|s| s.iter().collect())
            .unwrap_or_default()
    }

    /// The first index at or after `from` where `s` starts.
    pub(crate) fn find(&self, from: usize, s: &str) -> Option<usize> {
        (from..self.chars.len()).find(|&i| self.starts_with(i, s))
    }

    /// 0-based line of index `i` (an index past the end belongs to the last line).
    pub(crate) fn line_of(&self, i: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= i)
            .saturating_sub(1)
    }

    /// Index of the first character of 0-based line `line`, if the block has that line.
    pub(crate) fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).copied()
    }

    /// Index of the line break ending the line that holds `i`, or the end of the block.
    pub(crate) fn eol(&self, i: usize) -> usize {
        (i..self.chars.len())
            .find(|&k| self.chars.get(k) == Some(&'\n'))
            .unwrap_or(self.chars.len())
    }

    /// Past spaces and tabs (not line breaks).
    pub(crate) fn skip_spaces(&self, mut i: usize) -> usize {
        while matches!(self.get(i), Some(c) if c != '\n' && c.is_whitespace()) {
            i += 1;
        }
        i
    }

    /// Past any whitespace, line breaks included.
    pub(crate) fn skip_whitespace(&self, mut i: usize) -> usize {
        while self.get(i).is_some_and(char::is_whitespace) {
            i += 1;
        }
        i
    }

    /// Whether `i` ends a statement: a line break, a `;` or the end of the block.
    pub(crate) fn at_separator(&self, i: usize) -> bool {
        matches!(self.get(i), None | Some('\n' | ';'))
    }

    /// Overwrite the characters in `from..to` with spaces, keeping line breaks.
    pub(crate) fn blank(&mut self, from: usize, to: usize) {
        let to = to.min(self.chars.len());
        if let Some(range) = self.chars.get_mut(from.min(to)..to) {
            for c in range.iter_mut().filter(|c| **c != '\n') {
                *c = ' ';
            }
        }
    }

    /// Overwrite one character.
    pub(crate) fn replace(&mut self, i: usize, c: char) {
        if let Some(slot) = self.chars.get_mut(i) {
            *slot = c;
        }
    }

    /// 1-based line and column of index `i`.
    pub(crate) fn position(&self, i: usize) -> (u32, u32) {
        let i = i.min(self.chars.len());
        let line = self.line_of(i);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        (to_u32(line + 1), to_u32(i - start.min(i) + 1))
    }

    /// An error at index `i`.
    pub(crate) fn error(&self, i: usize, message: impl Into<String>) -> MermaidError {
        let (line, column) = self.position(i);
        MermaidError {
            line,
            column,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let src = Source::new("ab\nçé x\n");
        assert_eq!(src.position(0), (1, 1));
        assert_eq!(src.position(2), (1, 3));
        assert_eq!(src.position(3), (2, 1));
        assert_eq!(src.position(6), (2, 4));
        // The end of the block is on the (empty) last line.
        assert_eq!(src.position(src.len()), (3, 1));
        assert_eq!(src.position(usize::MAX), (3, 1));
    }

    #[test]
    fn crlf_counts_as_one_line_break() {
        let src = Source::new("a\r\nb");
        assert_eq!(src.position(3), (2, 1));
        assert_eq!(src.get(1), Some(' '));
    }

    #[test]
    fn blank_keeps_line_breaks_and_indexes() {
        let mut src = Source::new("ab\ncd");
        src.blank(1, 4);
        assert_eq!(src.slice(0, 5), "a \n d");
        src.blank(3, 99);
        assert_eq!(src.slice(0, 99), "a \n  ");
    }

    #[test]
    fn helpers_stay_in_bounds() {
        let src = Source::new("x");
        assert!(!src.starts_with(usize::MAX, "x"));
        assert_eq!(src.slice(5, 2), "");
        assert_eq!(src.eol(10), 1);
        assert_eq!(src.find(0, "y"), None);
        assert!(src.starts_with_ignore_case(0, "X"));
    }
}
