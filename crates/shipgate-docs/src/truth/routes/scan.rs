//! Source text read without a parser: where each `(` closes, which call a `,` or a `(`
//! belongs to, and which line a byte is on. Strings and comments are skipped so that
//! their brackets do not count; an unclosed `(` closes at the end of the text.

use std::ops::Range;

/// The comment and string syntax of the language a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// `#` comments, `'`/`"` strings and `"""`/`'''` blocks.
    Python,
    /// `//` and `/* */` comments, `'`/`"` strings, `` ` `` templates.
    JavaScript,
    /// `//` and `/* */` comments, `"` and `r#"..."#` strings, `'x'` characters (not
    /// lifetimes).
    Rust,
    /// `//` and `/* */` comments, `"` and `` ` `` strings, `'x'` runes.
    Go,
}

/// One `(`...`)` pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Paren {
    /// Byte offset of `(`.
    open: usize,
    /// Byte offset of the matching `)`, or the text's length when unclosed.
    close: usize,
    /// `open` of the `(` directly around this one, when the nearest enclosing bracket is
    /// a `(` (not `[` or `{`).
    parent: Option<usize>,
}

/// A source file with its brackets matched.
#[derive(Debug)]
pub(crate) struct Source<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Sorted by `open`.
    parens: Vec<Paren>,
    /// Commas outside strings, with the `open` of the `(` they directly belong to.
    commas: Vec<(usize, usize)>,
}

impl<'a> Source<'a> {
    /// Reads `text` with the given syntax.
    pub(crate) fn new(text: &'a str, syntax: Syntax) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut parens: Vec<Paren> = Vec::new();
        let mut commas = Vec::new();
        // Open brackets: (byte, index into `parens` for `(`).
        let mut stack: Vec<(u8, Option<usize>)> = Vec::new();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'\n' => line_starts.push(i + 1),
                b'(' => {
                    let parent = match stack.last() {
                        Some((b'(', Some(index))) => parens.get(*index).map(|p| p.open),
                        _ => None,
                    };
                    parens.push(Paren {
                        open: i,
                        close: text.len(),
                        parent,
                    });
                    stack.push((b'(', Some(parens.len() - 1)));
                }
                b'[' | b'{' => stack.push((b, None)),
                b')' | b']' | b'}' => {
                    let want = match b {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    // Pop to the matching opener when there is one; a stray closer is
                    // ignored.
                    if let Some(depth) = stack.iter().rposition(|(o, _)| *o == want) {
                        for (_, index) in stack.drain(depth..) {
                            if let Some(p) = index.and_then(|ix| parens.get_mut(ix)) {
                                if p.close == text.len() {
                                    p.close = i;
                                }
                            }
                        }
                    }
                }
                b',' => {
                    if let Some((b'(', Some(index))) = stack.last() {
                        if let Some(p) = parens.get(*index) {
                            commas.push((i, p.open));
                        }
                    }
                }
                _ => {}
            }
            let skip = skip_literal(bytes, i, syntax);
            for (offset, &c) in bytes.iter().enumerate().take(skip).skip(i + 1) {
                if c == b'\n' {
                    line_starts.push(offset + 1);
                }
            }
            i = skip.max(i + 1);
        }
        // Unclosed parentheses inside closed ones were fixed by the drain above; those
        // left keep `close = len`.
        Source {
            text,
            line_starts,
            parens,
            commas,
        }
    }

    /// The text.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// The 1-based line of byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        let index = self.line_starts.partition_point(|&s| s <= offset);
        u32::try_from(index.max(1)).unwrap_or(u32::MAX)
    }

    /// The byte range inside the parentheses of the `(` at `open`.
    pub(crate) fn args(&self, open: usize) -> Option<Range<usize>> {
        let index = self.parens.binary_search_by_key(&open, |p| p.open).ok()?;
        let p = self.parens.get(index)?;
        Some(p.open + 1..p.close)
    }

    /// The top-level arguments of the call whose `(` is at `open`, as byte ranges
    /// (untrimmed). An empty argument list gives one empty range.
    pub(crate) fn split_args(&self, open: usize) -> Vec<Range<usize>> {
        let Some(args) = self.args(open) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut start = args.start;
        for &(comma, owner) in &self.commas {
            if owner == open && comma >= args.start && comma < args.end {
                out.push(start..comma);
                start = comma + 1;
            }
        }
        out.push(start..args.end);
        out
    }

    /// The `(` offsets of the calls directly inside the call at `open` (not nested in a
    /// further bracket), in order.
    pub(crate) fn child_calls(&self, open: usize) -> impl Iterator<Item = usize> + '_ {
        self.parens
            .iter()
            .filter(move |p| p.parent == Some(open))
            .map(|p| p.open)
    }

    /// The innermost parentheses around byte `pos`, as the range inside them.
    pub(crate) fn enclosing(&self, pos: usize) -> Option<Range<usize>> {
        self.parens
            .iter()
            .filter(|p| p.open < pos && pos <= p.close)
            .max_by_key(|p| p.open)
            .map(|p| p.open + 1..p.close)
    }

    /// The text of `range`, or `""` when it is not a valid range of the text.
    pub(crate) fn slice(&self, range: Range<usize>) -> &'a str {
        self.text.get(range).unwrap_or("")
    }

    /// The identifier that ends right before byte `pos` (whitespace in between allowed).
    pub(crate) fn ident_before(&self, pos: usize) -> &'a str {
        let head = self.text.get(..pos).unwrap_or("").trim_end();
        let start = head
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '$')
            .last()
            .map_or(head.len(), |(i, _)| i);
        head.get(start..).unwrap_or("")
    }
}

/// When a string or comment starts at byte `i`, the offset just after it; otherwise `i`.
fn skip_literal(bytes: &[u8], i: usize, syntax: Syntax) -> usize {
    let at = |k: usize| bytes.get(k).copied();
    let Some(b) = at(i) else {
        return i;
    };
    let c_comments = syntax != Syntax::Python;
    match b {
        b'#' if syntax == Syntax::Python => until_newline(bytes, i),
        b'/' if c_comments && at(i + 1) == Some(b'/') => until_newline(bytes, i),
        b'/' if c_comments && at(i + 1) == Some(b'*') => {
            find(bytes, i + 2, b"*/").map_or(bytes.len(), |e| e + 2)
        }
        b'"' | b'\''
            if syntax == Syntax::Python && at(i + 1) == Some(b) && at(i + 2) == Some(b) =>
        {
            let close = [b, b, b];
            find(bytes, i + 3, &close).map_or(bytes.len(), |e| e + 3)
        }
        b'r' if syntax == Syntax::Rust && !prev_is_ident(bytes, i) => {
            let hashes = bytes.iter().skip(i + 1).take_while(|&&c| c == b'#').count();
            if at(i + 1 + hashes) == Some(b'"') {
                let mut close = vec![b'"'];
                close.extend(std::iter::repeat_n(b'#', hashes));
                find(bytes, i + 2 + hashes, &close).map_or(bytes.len(), |e| e + close.len())
            } else {
                i
            }
        }
        b'\'' if syntax == Syntax::Rust || syntax == Syntax::Go => {
            // A character literal ('x', '\n', '\u{1F600}'), not a lifetime.
            if at(i + 1) == Some(b'\\') {
                quoted(bytes, i, b'\'', true)
            } else {
                let width = at(i + 1).map_or(1, utf8_width);
                if at(i + 1 + width) == Some(b'\'') {
                    i + 2 + width
                } else {
                    i
                }
            }
        }
        b'`' if syntax == Syntax::JavaScript || syntax == Syntax::Go => {
            find(bytes, i + 1, b"`").map_or(bytes.len(), |e| e + 1)
        }
        b'"' => quoted(bytes, i, b'"', syntax != Syntax::Rust),
        b'\'' => quoted(bytes, i, b'\'', true),
        _ => i,
    }
}

/// The end of the string starting at `i` with `quote`: after the closing quote, or at
/// the newline when `stop_at_newline` and the string is not closed on its line.
fn quoted(bytes: &[u8], i: usize, quote: u8, stop_at_newline: bool) -> usize {
    let mut k = i + 1;
    while let Some(&c) = bytes.get(k) {
        if c == b'\\' {
            k += 2;
            continue;
        }
        if c == quote {
            return k + 1;
        }
        if c == b'\n' && stop_at_newline {
            return k;
        }
        k += 1;
    }
    bytes.len()
}

fn until_newline(bytes: &[u8], i: usize) -> usize {
    find(bytes, i, b"\n").unwrap_or(bytes.len())
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = bytes.get(from..)?;
    hay.windows(needle.len().max(1))
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn prev_is_ident(bytes: &[u8], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|k| bytes.get(k))
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

fn utf8_width(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn args_skip_strings_and_comments() {
        let text = "f(a, \"x)\", g(b, c) # )\n, d)";
        let src = Source::new(text, Syntax::Python);
        let args = src.split_args(1);
        let parts: Vec<&str> = args.into_iter().map(|r| src.slice(r).trim()).collect();
        assert_eq!(parts, ["a", "\"x)\"", "g(b, c) # )", "d"]);
    }

    #[test]
    fn rust_lifetimes_are_not_strings() {
        let text = "fn f<'a>(x: &'a str) { g(\"(\") }";
        let src = Source::new(text, Syntax::Rust);
        let open = text.find("g(").unwrap() + 1;
        assert_eq!(src.slice(src.args(open).unwrap()), "\"(\"");
        let open = text.find("(x").unwrap();
        assert_eq!(src.slice(src.args(open).unwrap()), "x: &'a str");
    }

    #[test]
    fn child_calls_are_direct_children_only() {
        let text = "route(\"/x\", get(h.clone()).post(|| async { a.get(1) }))";
        let src = Source::new(text, Syntax::Rust);
        let names: Vec<&str> = src.child_calls(5).map(|o| src.ident_before(o)).collect();
        assert_eq!(names, ["get", "post"]);
    }

    #[test]
    fn lines_and_unclosed_parens() {
        let text = "a\nb(\nc";
        let src = Source::new(text, Syntax::Go);
        assert_eq!(src.line(0), 1);
        assert_eq!(src.line(2), 2);
        assert_eq!(src.line(5), 3);
        assert_eq!(src.slice(src.args(3).unwrap()), "\nc");
        assert_eq!(src.enclosing(5), Some(4..text.len()));
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,200}", kind in 0..4u8) {
            let syntax = [Syntax::Python, Syntax::JavaScript, Syntax::Rust, Syntax::Go][usize::from(kind)];
            let src = Source::new(&text, syntax);
            let lines = text.split('\n').count() as u32;
            let mut last_line = 1;
            for (i, _) in text.char_indices() {
                // lines grow with the offset and stay inside the text
                let line = src.line(i);
                prop_assert!(line >= last_line && line <= lines, "line {} of {}", line, lines);
                last_line = line;
                // parentheses around a position contain it; arguments lie inside their call
                if let Some(inside) = src.enclosing(i) {
                    prop_assert!(inside.start <= i && i <= inside.end, "{:?} around {}", inside, i);
                }
                for arg in src.split_args(i) {
                    prop_assert!(arg.start > i && arg.end <= text.len(), "{:?} after {}", arg, i);
                }
                let ident = src.ident_before(i);
                prop_assert!(text.get(..i).unwrap_or("").trim_end().ends_with(ident));
                prop_assert!(ident.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$'));
            }
        }
    }
}
