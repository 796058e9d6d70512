//! Line and column tracking for streams that cannot be read a second time.
//!
//! Files are located on the error path by reading them again
//! ([`crate::Location::of_offset_in`]); a caller's [`BufRead`] cannot be re-read, so
//! [`Tracked`] counts newlines in the bytes consumed through it instead. It remembers the
//! newlines seen since the last [`Tracked::mark`] (the parser marks before every XML event,
//! and error offsets always lie in the event being read), capped so that memory stays flat.

use std::io::{self, BufRead, Read};

use crate::Location;

/// How many newline offsets are remembered after a mark before the mark moves forward.
const MAX_MARKED_NEWLINES: usize = 4096;

/// A [`BufRead`] adapter that knows the line and column of recent byte offsets.
#[derive(Debug)]
pub(crate) struct Tracked<R> {
    inner: R,
    /// Bytes consumed so far.
    offset: u64,
    /// Newlines consumed before `mark_offset`.
    mark_newlines: u64,
    /// Offset of the first byte of the line `mark_offset` is on.
    mark_line_start: u64,
    /// Offset of the mark.
    mark_offset: u64,
    /// Offsets of the newlines consumed since the mark.
    newlines: Vec<u64>,
}

impl<R: BufRead> Tracked<R> {
    /// Wrap `inner`, starting at offset 0, line 1.
    pub(crate) fn new(inner: R) -> Self {
        Tracked {
            inner,
            offset: 0,
            mark_newlines: 0,
            mark_line_start: 0,
            mark_offset: 0,
            newlines: Vec::new(),
        }
    }

    /// Forget newline positions before the current offset.
    pub(crate) fn mark(&mut self) {
        self.mark_newlines += self.newlines.len() as u64;
        if let Some(&last) = self.newlines.last() {
            self.mark_line_start = last + 1;
        }
        self.mark_offset = self.offset;
        self.newlines.clear();
    }

    /// Line and column of byte `offset` (offsets before the mark resolve to the mark).
    pub(crate) fn location(&self, offset: u64) -> Location {
        let offset = offset.clamp(self.mark_offset, self.offset.max(self.mark_offset));
        let before = self.newlines.partition_point(|&nl| nl < offset);
        let line_start = match before.checked_sub(1).and_then(|i| self.newlines.get(i)) {
            Some(&nl) => nl + 1,
            None => self.mark_line_start,
        };
        Location {
            line: self.mark_newlines + before as u64 + 1,
            column: offset - line_start + 1,
        }
    }
}

impl<R: BufRead> Read for Tracked<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let chunk = self.fill_buf()?;
            let n = chunk.len().min(out.len());
            if let (Some(dst), Some(src)) = (out.get_mut(..n), chunk.get(..n)) {
                dst.copy_from_slice(src);
            }
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tracked<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // The bytes being consumed are still in the inner buffer: `fill_buf` on a non-empty
        // buffer returns it without reading.
        if amt > 0 {
            if let Ok(chunk) = self.inner.fill_buf() {
                let chunk = chunk.get(..amt).unwrap_or(chunk);
                for at in memchr::memchr_iter(b'\n', chunk) {
                    if self.newlines.len() >= MAX_MARKED_NEWLINES {
                        self.mark_newlines += self.newlines.len() as u64;
                        if let Some(&last) = self.newlines.last() {
                            self.mark_line_start = last + 1;
                            self.mark_offset = last + 1;
                        }
                        self.newlines.clear();
                    }
                    self.newlines.push(self.offset + at as u64);
                }
            }
        }
        self.inner.consume(amt);
        self.offset += amt as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_offsets_since_the_mark() {
        let text = b"ab\ncde\nfg\nh";
        let mut t = Tracked::new(&text[..]);
        t.consume(4); // "ab\nc"
        t.mark();
        t.consume(6); // "de\nfg\n"
        for offset in 4..=10 {
            assert_eq!(
                t.location(offset),
                Location::of_offset(text, offset),
                "offset {offset}"
            );
        }
        assert_eq!(t.location(0), Location::of_offset(text, 4));
    }

    #[test]
    fn many_newlines_keep_memory_flat_and_counts_right() {
        let text = "x\n".repeat(10_000);
        let mut t = Tracked::new(text.as_bytes());
        let mut sink = Vec::new();
        t.read_to_end(&mut sink).unwrap();
        assert!(t.newlines.len() <= MAX_MARKED_NEWLINES);
        let end = text.len() as u64;
        assert_eq!(t.location(end), Location::of_offset(text.as_bytes(), end));
    }
}
