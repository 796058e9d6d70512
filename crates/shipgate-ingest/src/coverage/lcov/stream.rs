//! Parsing an LCOV tracefile from a reader through one fixed buffer, so that a tracefile of
//! hundreds of megabytes is never held in memory whole.

use std::io::{ErrorKind, Read};

use shipgate_core::CoverageReport;

use super::super::error::CoverageError;
use super::parser::LcovParser;

/// Bytes read at a time; a longer line grows the buffer.
const CHUNK: usize = 256 * 1024;

/// Parse an LCOV tracefile whose first bytes, `head` (its BOM already stripped), have been
/// read from `reader` already; `source` names it in errors and in the report.
pub(crate) fn parse_stream(
    head: &[u8],
    mut reader: impl Read,
    source: &str,
) -> Result<CoverageReport, CoverageError> {
    let mut parser = LcovParser::new(source);
    let mut buffer = vec![0u8; CHUNK.max(head.len())];
    let mut filled = head.len();
    buffer
        .get_mut(..filled)
        .unwrap_or_default()
        .copy_from_slice(head);
    loop {
        let read = match reader.read(buffer.get_mut(filled..).unwrap_or_default()) {
            Ok(read) => read,
            Err(err) if err.kind() == ErrorKind::Interrupted => continue,
            Err(source_err) => {
                return Err(CoverageError::Io {
                    path: source.to_owned(),
                    source: source_err,
                })
            }
        };
        filled += read;
        let data = buffer.get(..filled).unwrap_or_default();
        let consumed = parser.lines(data)?;
        if read == 0 {
            if let Some(last) = data.get(consumed..).filter(|rest| !rest.is_empty()) {
                parser.line(last)?;
            }
            return parser.finish();
        }
        buffer.copy_within(consumed..filled, 0);
        filled -= consumed;
        if filled == buffer.len() {
            // one line longer than the buffer: make room for the rest of it
            buffer.resize(buffer.len() * 2, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parser::parse;
    use super::*;

    /// A reader that hands out at most `step` bytes per call.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            let (now, later) = self.data.split_at(n);
            buf.get_mut(..n).unwrap_or_default().copy_from_slice(now);
            self.data = later;
            Ok(n)
        }
    }

    #[test]
    fn streaming_agrees_with_parsing_in_memory() -> Result<(), CoverageError> {
        let long_path = "p/".repeat(CHUNK);
        let doc = format!(
            "TN:\nSF:a.c\nDA:1,1\r\nDA:2,0\nBRDA:1,0,0,-\nend_of_record\nSF:{long_path}\nDA:3,4\nend_of_record\nSF:a.c\nDA:2,5\nend_of_record"
        );
        let bytes = doc.as_bytes();
        let whole = parse(bytes, "t.info")?;
        for (head, step) in [(0, 1), (3, 7), (10, CHUNK), (bytes.len(), 1)] {
            let (head, rest) = bytes.split_at(head);
            let streamed = parse_stream(head, Trickle { data: rest, step }, "t.info")?;
            assert_eq!(streamed, whole);
        }
        Ok(())
    }

    #[test]
    fn errors_name_the_same_line() {
        let doc = b"SF:a.c\nDA:1,1\n\nDA:x,1\nend_of_record\n";
        let whole = parse(doc, "t.info").map(|_| ()).map_err(|e| e.to_string());
        let streamed = parse_stream(
            &doc[..4],
            Trickle {
                data: &doc[4..],
                step: 3,
            },
            "t.info",
        )
        .map(|_| ())
        .map_err(|e| e.to_string());
        assert_eq!(whole, streamed);
        assert!(whole.is_err_and(|e| e.starts_with("t.info:4: ")));
        let truncated = b"SF:a.c\nDA:1,1";
        let whole = parse(truncated, "t.info")
            .map(|_| ())
            .map_err(|e| e.to_string());
        let streamed = parse_stream(
            b"",
            Trickle {
                data: truncated,
                step: 5,
            },
            "t.info",
        )
        .map(|_| ())
        .map_err(|e| e.to_string());
        assert_eq!(whole, streamed);
    }
}
