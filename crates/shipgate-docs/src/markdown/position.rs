//! Byte offsets to 1-based line and character column, through an index of line starts.
//!
//! Offsets are asked for in (mostly) increasing order, so the last answer is remembered and
//! the next column is counted from it: a document that is one long line costs the length of
//! the line, not the line times the number of positions asked for on it.

use std::cell::Cell;

use crate::Position;

/// The byte offsets at which the lines of one source start.
///
/// `\n`, `\r\n` and a lone `\r` each end a line (as in CommonMark); `\r\n` counts once.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    source: &'a str,
    /// Byte offset of each line's first byte; always starts with 0.
    starts: Vec<usize>,
    /// The last position answered: `(line start, offset, 0-based character column)`.
    last: Cell<(usize, usize, usize)>,
    /// Bytes looked at to count columns (for tests that count work).
    scanned: Cell<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `source`.
    pub fn new(source: &'a str) -> Self {
        let bytes = source.as_bytes();
        // counted first, so that the index of a long document is one allocation of its
        // size rather than a list grown (and copied) by doubling
        let breaks = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
        let mut starts = Vec::with_capacity(breaks + 1);
        starts.push(0);
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            source,
            starts,
            last: Cell::new((0, 0, 0)),
            scanned: Cell::new(0),
        }
    }

    /// Number of lines: a last line without a line break counts, an empty source has none.
    pub fn line_count(&self) -> u32 {
        let n = if self.source.is_empty() {
            0
        } else if self.starts.last() == Some(&self.source.len()) {
            self.starts.len().saturating_sub(1)
        } else {
            self.starts.len()
        };
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Characters that end within `from..offset` (a character cut by `offset` counts as
    /// not yet begun, as does everything after it).
    fn chars_between(&self, from: usize, offset: usize) -> usize {
        self.scanned.set(
            self.scanned
                .get()
                .saturating_add(offset.saturating_sub(from)),
        );
        match self.source.as_bytes().get(from..offset) {
            // one character per byte: no need to walk the characters
            Some(before) if before.is_ascii() => before.len(),
            _ => self
                .source
                .get(from..)
                .unwrap_or("")
                .char_indices()
                .take_while(|(i, c)| from + i + c.len_utf8() <= offset)
                .count(),
        }
    }

    /// The position of byte `offset` (clamped to the source; an offset inside a character
    /// counts as that character).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.source.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let (last_start, last_offset, last_column) = self.last.get();
        // count from the last answer when it is on this line and not past `offset`
        let (from, base) = if last_start == start
            && last_offset <= offset
            && self.source.is_char_boundary(last_offset)
        {
            (last_offset, last_column)
        } else {
            (start, 0)
        };
        let column = base + self.chars_between(from, offset);
        self.last.set((start, offset, column));
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, column: u32) -> Position {
        Position { line, column }
    }

    #[test]
    fn line_count_counts_a_last_line_without_newline() {
        assert_eq!(LineIndex::new("").line_count(), 0);
        assert_eq!(LineIndex::new("a").line_count(), 1);
        assert_eq!(LineIndex::new("a\n").line_count(), 1);
        assert_eq!(LineIndex::new("a\nb").line_count(), 2);
        assert_eq!(LineIndex::new("a\n\n").line_count(), 2);
        assert_eq!(LineIndex::new("\n").line_count(), 1);
        assert_eq!(LineIndex::new("a\r\nb\r\n").line_count(), 2);
        assert_eq!(LineIndex::new("a\rb").line_count(), 2);
    }

    #[test]
    fn positions_are_one_based_with_character_columns() {
        let src = "ab\nçé x\r\nz";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(0), pos(1, 1));
        assert_eq!(idx.position(1), pos(1, 2));
        assert_eq!(idx.position(3), pos(2, 1));
        // "çé " is 5 bytes, 3 characters: `x` is the 4th character.
        let x = src.find('x').unwrap();
        assert_eq!(idx.position(x), pos(2, 4));
        let z = src.find('z').unwrap();
        assert_eq!(idx.position(z), pos(3, 1));
        assert_eq!(idx.position(10_000), pos(3, 2));
    }

    #[test]
    fn positions_along_one_long_line_cost_the_line_once() {
        let src = "`a` ".repeat(50_000);
        let idx = LineIndex::new(&src);
        for i in 0..50_000 {
            assert_eq!(idx.position(i * 4 + 1), pos(1, (i * 4 + 2) as u32));
        }
        // the quadratic count would be 50_000 * 100_000 bytes
        assert!(idx.scanned.get() <= src.len(), "{}", idx.scanned.get());
        // going back still answers right
        assert_eq!(idx.position(5), pos(1, 6));
        let mixed = "é`x` é`y`";
        let idx = LineIndex::new(mixed);
        let y = mixed.find('y').unwrap();
        assert_eq!(idx.position(mixed.find('x').unwrap()), pos(1, 3));
        assert_eq!(idx.position(y), pos(1, 8));
    }

    #[test]
    fn an_offset_inside_a_character_does_not_panic() {
        let idx = LineIndex::new("é");
        assert_eq!(idx.position(1), pos(1, 1));
    }
}
