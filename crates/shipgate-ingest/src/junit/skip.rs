//! Skipping content that is never needed, straight from the byte stream.
//!
//! quick-xml returns a text node, a CDATA section or a comment as one event held in one
//! buffer; a 1 GB `system-out` would need 1 GB of memory. The content of every element the
//! parser does not interpret is therefore consumed here in chunks of the underlying
//! [`BufRead`] buffer, with a small state machine that only tracks nesting depth, quotes in
//! tags, comments, CDATA sections and processing instructions. Memory use is constant.
//!
//! Inside skipped content only nesting is checked (a `</x>` closes whatever is open); the end
//! tag names of skipped elements are not compared. Nothing is ever expanded.

use std::io::{self, BufRead};

use memchr::memchr;

/// How skipping element content ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Skipped {
    /// The end tag of the element was consumed.
    Closed,
    /// The stream ended first.
    Eof,
}

/// Where the skipping state machine is, possibly across buffer boundaries.
#[derive(Debug, Clone, Copy)]
enum State {
    /// Character data: look for `<`.
    Text,
    /// Just after `<`.
    Lt,
    /// Inside a start tag; `quote` is the open attribute quote, `slash` whether the last
    /// byte outside quotes was `/` (an empty-element tag when followed by `>`).
    StartTag { quote: Option<u8>, slash: bool },
    /// Inside an end tag: look for `>`.
    EndTag,
    /// After `<!`, matching `pattern` (`--` or `[CDATA[`) at position `matched`.
    Bang {
        pattern: &'static [u8],
        matched: usize,
    },
    /// Inside `<!...>` that is neither a comment nor CDATA: look for `>`.
    Declaration,
    /// Inside a comment, CDATA section or processing instruction: look for `need` times
    /// `byte` followed by `>`; `run` counts the `byte`s just before the current position.
    Terminator { byte: u8, need: usize, run: usize },
}

/// Consume character data up to (not including) the next `<`.
///
/// Returns `false` when the stream ended first.
pub(crate) fn skip_text<R: BufRead>(reader: &mut R) -> io::Result<bool> {
    loop {
        let (used, found) = {
            let chunk = match reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok(false);
            }
            match memchr(b'<', chunk) {
                Some(at) => (at, true),
                None => (chunk.len(), false),
            }
        };
        reader.consume(used);
        if found {
            return Ok(true);
        }
    }
}

/// Consume the content and the end tag of an element whose start tag was just read.
pub(crate) fn skip_element<R: BufRead>(reader: &mut R) -> io::Result<Skipped> {
    let mut state = State::Text;
    let mut depth: u64 = 1;
    loop {
        let (used, closed) = {
            let chunk = match reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok(Skipped::Eof);
            }
            step(&mut state, &mut depth, chunk)
        };
        reader.consume(used);
        if closed {
            return Ok(Skipped::Closed);
        }
    }
}

/// Advance the state machine over `chunk`. Returns how many bytes were used and whether the
/// element closed (in which case the bytes after its end tag are left unused).
fn step(state: &mut State, depth: &mut u64, chunk: &[u8]) -> (usize, bool) {
    let mut at = 0;
    while let Some(rest) = chunk.get(at..).filter(|r| !r.is_empty()) {
        match *state {
            State::Text => match memchr(b'<', rest) {
                Some(lt) => {
                    at += lt + 1;
                    *state = State::Lt;
                }
                None => at = chunk.len(),
            },
            State::Lt => {
                let first = rest.first().copied().unwrap_or(b' ');
                *state = match first {
                    b'/' => State::EndTag,
                    b'!' => State::Bang {
                        pattern: b"",
                        matched: 0,
                    },
                    b'?' => State::Terminator {
                        byte: b'?',
                        need: 1,
                        run: 0,
                    },
                    // A start tag: the byte is part of its name, let StartTag look at it.
                    _ => {
                        *state = State::StartTag {
                            quote: None,
                            slash: false,
                        };
                        continue;
                    }
                };
                at += 1;
            }
            State::EndTag => match memchr(b'>', rest) {
                Some(gt) => {
                    at += gt + 1;
                    *depth = depth.saturating_sub(1);
                    if *depth == 0 {
                        return (at, true);
                    }
                    *state = State::Text;
                }
                None => at = chunk.len(),
            },
            State::StartTag { quote: Some(q), .. } => match memchr(q, rest) {
                Some(end) => {
                    at += end + 1;
                    *state = State::StartTag {
                        quote: None,
                        slash: false,
                    };
                }
                None => at = chunk.len(),
            },
            State::StartTag { quote: None, slash } => {
                let mut slash = slash;
                let mut next = None;
                for &b in rest {
                    at += 1;
                    match b {
                        b'"' | b'\'' => {
                            next = Some(State::StartTag {
                                quote: Some(b),
                                slash: false,
                            });
                            break;
                        }
                        b'>' => {
                            if !slash {
                                *depth = depth.saturating_add(1);
                            }
                            next = Some(State::Text);
                            break;
                        }
                        _ => slash = b == b'/',
                    }
                }
                *state = next.unwrap_or(State::StartTag { quote: None, slash });
            }
            State::Bang { pattern, matched } => {
                let b = rest.first().copied().unwrap_or(b' ');
                if matched == 0 {
                    *state = match b {
                        b'-' => State::Bang {
                            pattern: b"--",
                            matched: 1,
                        },
                        b'[' => State::Bang {
                            pattern: b"[CDATA[",
                            matched: 1,
                        },
                        _ => State::Declaration,
                    };
                    if matches!(state, State::Declaration) {
                        continue;
                    }
                    at += 1;
                } else if pattern.get(matched) == Some(&b) {
                    at += 1;
                    *state = if matched + 1 == pattern.len() {
                        if pattern == b"--" {
                            State::Terminator {
                                byte: b'-',
                                need: 2,
                                run: 0,
                            }
                        } else {
                            State::Terminator {
                                byte: b']',
                                need: 2,
                                run: 0,
                            }
                        }
                    } else {
                        State::Bang {
                            pattern,
                            matched: matched + 1,
                        }
                    };
                } else {
                    *state = State::Declaration;
                }
            }
            State::Declaration => match memchr(b'>', rest) {
                Some(gt) => {
                    at += gt + 1;
                    *state = State::Text;
                }
                None => at = chunk.len(),
            },
            State::Terminator { byte, need, run } => match memchr(b'>', rest) {
                Some(gt) => {
                    let before = rest.get(..gt).unwrap_or_default();
                    let trailing = trailing_count(before, byte);
                    let total = if trailing == before.len() {
                        run + trailing
                    } else {
                        trailing
                    };
                    at += gt + 1;
                    *state = if total >= need {
                        State::Text
                    } else {
                        State::Terminator { byte, need, run: 0 }
                    };
                }
                None => {
                    let trailing = trailing_count(rest, byte);
                    let run = if trailing == rest.len() {
                        run + trailing
                    } else {
                        trailing
                    };
                    *state = State::Terminator {
                        byte,
                        need,
                        run: run.min(need),
                    };
                    at = chunk.len();
                }
            },
        }
    }
    (at, false)
}

/// How many `byte`s end `bytes`.
fn trailing_count(bytes: &[u8], byte: u8) -> usize {
    bytes.iter().rev().take_while(|&&b| b == byte).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `n` bytes per `fill_buf`, to cross every boundary.
    struct Trickle<'a> {
        data: &'a [u8],
        n: usize,
    }

    impl io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let k = self.n.min(out.len()).min(self.data.len());
            out[..k].copy_from_slice(&self.data[..k]);
            self.data = &self.data[k..];
            Ok(k)
        }
    }

    impl BufRead for Trickle<'_> {
        fn fill_buf(&mut self) -> io::Result<&[u8]> {
            Ok(&self.data[..self.n.min(self.data.len())])
        }
        fn consume(&mut self, amt: usize) {
            self.data = &self.data[amt..];
        }
    }

    fn rest_after_skip(doc: &str, n: usize) -> (Skipped, String) {
        let mut r = Trickle {
            data: doc.as_bytes(),
            n,
        };
        let s = skip_element(&mut r).unwrap();
        (s, String::from_utf8(r.data.to_vec()).unwrap())
    }

    #[test]
    fn skips_nested_markup_at_every_chunk_size() {
        let doc = concat!(
            "text <a x='>' y=\"/>\"><b/>inner</a> <!-- </x> -- -> --->",
            "<![CDATA[ </x> ]] ]> ]]]><?pi </x> ?>",
            "<!DOCTYPE nope></system-out><after/>"
        );
        for n in 1..=doc.len() {
            assert_eq!(
                rest_after_skip(doc, n),
                (Skipped::Closed, "<after/>".to_string()),
                "chunk {n}"
            );
        }
    }

    #[test]
    fn reports_eof() {
        for doc in ["abc", "<a>", "<![CDATA[ ]]", "<!-- -->", "<x a='>"] {
            assert_eq!(rest_after_skip(doc, 2).0, Skipped::Eof, "{doc}");
        }
    }

    #[test]
    fn skip_text_stops_before_markup() {
        let mut r = Trickle {
            data: b"  hello & more <tag>",
            n: 3,
        };
        assert!(skip_text(&mut r).unwrap());
        assert_eq!(r.data, b"<tag>");
        let mut r = Trickle {
            data: b"  no markup",
            n: 3,
        };
        assert!(!skip_text(&mut r).unwrap());
    }
}
