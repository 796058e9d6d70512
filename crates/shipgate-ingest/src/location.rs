use std::io::Read;

/// A 1-based line and column in a file, for error messages (`file:line:column`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: u64,
    pub column: u64,
}

impl Location {
    /// Line and column of byte `offset` in `bytes` (clamped to the end).
    pub fn of_offset(bytes: &[u8], offset: u64) -> Location {
        let end = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        let head = &bytes[..end];
        let line = memchr::memchr_iter(b'\n', head).count() as u64 + 1;
        let line_start = memchr::memrchr(b'\n', head).map_or(0, |i| i + 1);
        Location {
            line,
            column: (end - line_start) as u64 + 1,
        }
    }

    /// Line and column of byte `offset` in a stream, reading it again in chunks
    /// (used on the error path of streaming parsers, so memory stays flat).
    pub fn of_offset_in<R: Read>(mut reader: R, offset: u64) -> std::io::Result<Location> {
        let mut buf = vec![0u8; 64 * 1024];
        let (mut line, mut column, mut seen) = (1u64, 1u64, 0u64);
        while seen < offset {
            let want = usize::try_from((offset - seen).min(buf.len() as u64)).unwrap_or(buf.len());
            let n = reader.read(&mut buf[..want])?;
            if n == 0 {
                break;
            }
            for &b in &buf[..n] {
                if b == b'\n' {
                    line += 1;
                    column = 1;
                } else {
                    column += 1;
                }
            }
            seen += n as u64;
        }
        Ok(Location { line, column })
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_columns() {
        let text = b"ab\ncde\nf";
        assert_eq!(
            Location::of_offset(text, 0),
            Location { line: 1, column: 1 }
        );
        assert_eq!(
            Location::of_offset(text, 4),
            Location { line: 2, column: 2 }
        );
        assert_eq!(
            Location::of_offset(text, 99),
            Location { line: 3, column: 2 }
        );
        assert_eq!(
            Location::of_offset_in(&text[..], 4).ok(),
            Some(Location { line: 2, column: 2 })
        );
    }
}
