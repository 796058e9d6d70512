//! Flowchart edges, read the way mermaid's lexer reads them.
//!
//! A complete edge token is `[xo<]?` followed by `--+[-xo>]` (`-->`, `---`, `--x`, `<-->`,
//! `---->`), `==+[=xo>]` (`==>`, `===`), `-?.+-[xo>]?` (`-.-`, `-.->`, `-..->`) or `~~~+`;
//! it may carry a label between pipes (`-->|text|`). An edge that opens with `--`, `==` or
//! `-.` instead takes its label inline and must be closed by a complete edge of the same
//! stroke (`-- text -->`, `== text ==>`, `-. text .->`). An edge may be named with an
//! `id@` prefix (`A e1@--> B`; the id is read like a node id).
//!
//! Like mermaid's tokens, an edge swallows the whitespace around it, line breaks included:
//! `A -->` followed by `B` on the next line is one edge.

use super::super::error::MermaidError;
use super::super::source::Source;
use super::node;

/// The stroke of an edge: which character draws it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stroke {
    /// `-`
    Normal,
    /// `=`
    Thick,
    /// `.`
    Dotted,
}

/// An edge token at some index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// A complete edge, ending before the index.
    Complete(usize),
    /// An edge opening an inline label (`--`, `==`, `-.`), ending before the index.
    Open(Stroke, usize),
}

/// An edge found in a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Edge {
    /// Where the edge token starts (its id, when it has one).
    pub(super) start: usize,
    /// Where its target node should start: past the edge, its label and whitespace.
    pub(super) next: usize,
}

/// Number of consecutive `c` from `i`.
fn run(src: &Source, i: usize, c: char) -> usize {
    let mut n = 0;
    while src.get(i + n) == Some(c) {
        n += 1;
    }
    n
}

/// One past an optional arrow head (`x`, `o`, `>`) at `i`.
fn head(src: &Source, i: usize) -> usize {
    if matches!(src.get(i), Some('x' | 'o' | '>')) {
        i + 1
    } else {
        i
    }
}

/// A complete `-.+-[xo>]?` dotted edge whose first dot is at `i`; the index after it.
fn dotted_tail(src: &Source, i: usize) -> Option<usize> {
    let dots = run(src, i, '.');
    (dots > 0 && src.get(i + dots) == Some('-')).then(|| head(src, i + dots + 1))
}

/// The edge token starting exactly at `i`, if any.
fn token(src: &Source, i: usize) -> Option<Token> {
    let prefixed = matches!(src.get(i), Some('x' | 'o' | '<'));
    let b = if prefixed { i + 1 } else { i };
    match src.get(b)? {
        '-' => {
            let n = run(src, b, '-');
            if n >= 2 {
                if matches!(src.get(b + n), Some('>' | 'x' | 'o')) {
                    Some(Token::Complete(b + n + 1))
                } else if n >= 3 {
                    Some(Token::Complete(b + n))
                } else {
                    Some(Token::Open(Stroke::Normal, b + 2))
                }
            } else if src.get(b + 1) == Some('.') {
                Some(match dotted_tail(src, b + 1) {
                    Some(end) => Token::Complete(end),
                    None => Token::Open(Stroke::Dotted, b + 2),
                })
            } else {
                None
            }
        }
        '.' => dotted_tail(src, b).map(Token::Complete),
        '=' => {
            let n = run(src, b, '=');
            if n < 2 {
                None
            } else if matches!(src.get(b + n), Some('>' | 'x' | 'o')) {
                Some(Token::Complete(b + n + 1))
            } else if n >= 3 {
                Some(Token::Complete(b + n))
            } else {
                Some(Token::Open(Stroke::Thick, b + 2))
            }
        }
        '~' => (run(src, b, '~') >= 3).then(|| Token::Complete(b + run(src, b, '~'))),
        _ => None,
    }
}

/// Whether an edge token (without an id) starts at `i`.
pub(super) fn starts_edge(src: &Source, i: usize) -> bool {
    token(src, i).is_some()
}

/// Whether the edge token at `i` begins with a `x`/`o` arrow head (mermaid reads a node
/// named `x` or `o` right before an edge that way).
pub(super) fn has_head_prefix(src: &Source, i: usize) -> bool {
    matches!(src.get(i), Some('x' | 'o')) && starts_edge(src, i)
}

/// The edge starting at `i` (with an `id@` prefix when `allow_id`), through its label.
pub(super) fn edge(src: &Source, i: usize, allow_id: bool) -> Result<Option<Edge>, MermaidError> {
    let mut at = i;
    if allow_id {
        let k = node::id_end(src, i);
        if k > i && src.get(k) == Some('@') && starts_edge(src, k + 1) {
            at = k + 1;
        }
    }
    let Some(tok) = token(src, at) else {
        return Ok(None);
    };
    let next = match tok {
        Token::Complete(end) => {
            let k = src.skip_whitespace(end);
            if src.get(k) == Some('|') {
                src.skip_spaces(pipe_label(src, k)?)
            } else {
                k
            }
        }
        Token::Open(stroke, end) => src.skip_whitespace(inline_label(src, at, stroke, end)?),
    };
    Ok(Some(Edge { start: i, next }))
}

/// Parse `|text|` from the `|` at `open`; the index after the closing `|`.
fn pipe_label(src: &Source, open: usize) -> Result<usize, MermaidError> {
    let never_closed = || src.error(open, "edge label `|` opened here is never closed with `|`");
    let first = src.skip_whitespace(open + 1);
    if src.get(first) == Some('"') {
        let k = src.skip_whitespace(node::quoted(src, first)?);
        return match src.get(k) {
            Some('|') => Ok(k + 1),
            None => Err(never_closed()),
            Some(c) => Err(src.error(
                k,
                format!("unexpected `{c}` after the quoted edge label; expected `|`"),
            )),
        };
    }
    let mut k = open + 1;
    loop {
        match src.get(k) {
            None => return Err(never_closed()),
            Some('|') => return Ok(k + 1),
            Some(c) if "[](){}\"".contains(c) => {
                if src.line_of(k) != src.line_of(open) {
                    return Err(never_closed());
                }
                return Err(src.error(
                    k,
                    format!("`{c}` inside an unquoted edge label; put the label in quotes: `-->|\"...\"|`"),
                ));
            }
            Some(_) => k += 1,
        }
    }
}

/// Parse the inline label of an edge opened at `open` (`-- text -->`), from `from` through
/// the closing edge; the index after the closing edge.
fn inline_label(
    src: &Source,
    open: usize,
    stroke: Stroke,
    from: usize,
) -> Result<usize, MermaidError> {
    let closing = match stroke {
        Stroke::Normal => "-->",
        Stroke::Thick => "==>",
        Stroke::Dotted => ".->",
    };
    let mut k = from;
    let mut has_text = false;
    loop {
        let Some(c) = src.get(k) else {
            return Err(src.error(
                open,
                format!("edge label opened here is never closed by an edge such as `{closing}`"),
            ));
        };
        if c == '"' {
            k = node::quoted(src, k)?;
            has_text = true;
            continue;
        }
        let end = match (stroke, c) {
            (Stroke::Normal, '-') if src.get(k + 1) == Some('-') => {
                let n = run(src, k, '-');
                if matches!(src.get(k + n), Some('>' | 'x' | 'o')) {
                    Some(k + n + 1)
                } else if n >= 3 {
                    Some(k + n)
                } else {
                    return Err(src.error(
                        k,
                        "`--` inside an edge label must be an edge end such as `-->`, `---`, `--x` or `--o`",
                    ));
                }
            }
            (Stroke::Thick, '=') if src.get(k + 1) == Some('=') => {
                let n = run(src, k, '=');
                if matches!(src.get(k + n), Some('>' | 'x' | 'o')) {
                    Some(k + n + 1)
                } else if n >= 3 {
                    Some(k + n)
                } else {
                    return Err(src.error(
                        k,
                        "`==` inside an edge label must be an edge end such as `==>` or `===`",
                    ));
                }
            }
            (Stroke::Dotted, '.') => dotted_tail(src, k),
            (Stroke::Dotted, '-') if src.get(k + 1) == Some('.') => dotted_tail(src, k + 1),
            _ => None,
        };
        if let Some(end) = end {
            if !has_text {
                return Err(src.error(open, "edge label is empty"));
            }
            return Ok(end);
        }
        has_text |= !c.is_whitespace();
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text left after the edge at the start of `text`.
    fn after(text: &str) -> Option<String> {
        let src = Source::new(text);
        edge(&src, 0, true)
            .unwrap()
            .map(|e| src.slice(e.next, src.len()))
    }

    #[test]
    fn complete_edges() {
        for text in [
            "-->B", "---B", "-.->B", "-.-B", "==>B", "===B", "~~~B", "--oB", "--xB", "<-->B",
            "o--oB", "x--xB", "---->B", "-..->B", "====>B", "<==>B", "-.-xB", ".->B",
        ] {
            assert_eq!(after(text).as_deref(), Some("B"), "{text}");
        }
    }

    #[test]
    fn edges_swallow_whitespace_and_line_breaks() {
        assert_eq!(after("-->   B").as_deref(), Some("B"));
        assert_eq!(after("-->\n  B").as_deref(), Some("B"));
        assert_eq!(after("-- text -->\nB").as_deref(), Some("B"));
    }

    #[test]
    fn pipe_labels() {
        assert_eq!(after("-->|yes| B").as_deref(), Some("B"));
        assert_eq!(after("-->|\"a (b)\"|B").as_deref(), Some("B"));
        assert_eq!(after("--> |yes|B").as_deref(), Some("B"));
        let src = Source::new("-->|a (b)| B");
        let e = edge(&src, 0, false).unwrap_err();
        assert_eq!(e.column, 7);
        let src = Source::new("-->|never\nB");
        let e = edge(&src, 0, false).unwrap_err();
        assert_eq!((e.line, e.column), (1, 4));
    }

    #[test]
    fn inline_labels_of_every_stroke() {
        assert_eq!(after("-- yes -->B").as_deref(), Some("B"));
        assert_eq!(after("-- f(x) [y] ---B").as_deref(), Some("B"));
        assert_eq!(after("== big ==>B").as_deref(), Some("B"));
        assert_eq!(after("-. maybe .->B").as_deref(), Some("B"));
        assert_eq!(after("-- \"quoted -- text\" -->B").as_deref(), Some("B"));
        assert_eq!(after("-- a-b -->B").as_deref(), Some("B"));
    }

    #[test]
    fn inline_labels_need_a_matching_end() {
        let src = Source::new("-- text\nmore");
        let e = edge(&src, 0, false).unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        assert!(e.message.contains("never closed"), "{}", e.message);
        let src = Source::new("-- text -- B");
        let e = edge(&src, 0, false).unwrap_err();
        assert_eq!(e.column, 9);
        let src = Source::new("-- -->B");
        assert!(edge(&src, 0, false).unwrap_err().message.contains("empty"));
    }

    #[test]
    fn edge_ids() {
        assert_eq!(after("e1@-->B").as_deref(), Some("B"));
        let src = Source::new("e1@-->B");
        assert_eq!(edge(&src, 0, false).unwrap(), None);
    }

    #[test]
    fn not_edges() {
        for text in ["->B", "-B", "=B", "~~B", "B", "", ".B", "x-B"] {
            assert_eq!(after(text), None, "{text}");
        }
    }
}
