//! Flowchart nodes: the id, the shape around its label (`A[..]`, `A((..))`, `A[/..\]`, ...),
//! the `:::class` suffix and the `@{ ... }` shape data.
//!
//! Labels follow mermaid's lexer: either one quoted string (`"..."`, or a markdown string
//! `` "`...`" ``) that may hold anything but a quote, or unquoted text that may not hold
//! `[ ] ( ) { } | "` (mermaid reads those as shape tokens and fails).

use super::super::error::MermaidError;
use super::super::source::Source;

/// Shape openers, longest first, with the closers each accepts.
const SHAPES: [(&str, &[&str]); 14] = [
    ("(((", &[")))"]),
    ("((", &["))"]),
    ("([", &["])"]),
    ("(-", &["-)", "/)", "))"]),
    ("(", &[")"]),
    ("[[", &["]]"]),
    ("[(", &[")]"]),
    ("[/", &["/]", "\\]"]),
    ("[\\", &["\\]", "/]"]),
    ("[|", &["]"]),
    ("[", &["]"]),
    ("{{", &["}}"]),
    ("{", &["}"]),
    (">", &["]"]),
];

/// Where a node id that starts at `i` ends (`i` itself when no id starts there).
///
/// Mermaid's id characters: letters and digits of any script, `_`, and
/// ``!#$%'*+.?\/`,:`` — `:` unless it starts `:::`, `-` unless an edge follows (`-`, `>`,
/// `.`), `=` unless another `=` follows.
pub(super) fn id_end(src: &Source, mut i: usize) -> usize {
    while let Some(c) = src.get(i) {
        let next = src.get(i + 1);
        let take = c.is_alphanumeric()
            || match c {
                '_' | '!' | '#' | '$' | '%' | '\'' | '*' | '+' | '.' | '?' | '\\' | '/' | '`'
                | ',' => true,
                ':' => !src.starts_with(i, ":::"),
                '-' => !matches!(next, Some('>' | '-' | '.')),
                '=' => next != Some('='),
                _ => false,
            };
        if !take {
            break;
        }
        i += 1;
    }
    i
}

/// The label of the node whose id starts at `i`: the text inside its shape, trimmed, quotes
/// and markdown backticks removed; `None` without a shape (or for an empty one). Call it
/// only on a vertex [`styled_vertex`] accepted.
pub(super) fn shape_label(src: &Source, i: usize) -> Option<String> {
    let id_stop = id_end(src, i);
    let (opener, closers) = shape_at(src, id_stop)?;
    let end = label(src, id_stop, opener, closers).ok()?;
    let content = id_stop + opener.chars().count();
    let mut text = src.slice(content, end);
    if let Some(closer) = closers.iter().find(|c| text.ends_with(*c)) {
        text.truncate(text.len() - closer.len());
    }
    let text = text.trim();
    let text = text
        .strip_prefix("\"`")
        .and_then(|t| t.strip_suffix("`\""))
        .or_else(|| text.strip_prefix('"').and_then(|t| t.strip_suffix('"')))
        .unwrap_or(text)
        .trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Whether a node id starts at `i` (`%%` starts a misplaced comment, not an id).
pub(super) fn starts_node(src: &Source, i: usize) -> bool {
    id_end(src, i) > i && !src.starts_with(i, "%%")
}

/// Parse one node (`id`, shape, `:::class`, `@{...}`) starting at `i`; the index after it.
pub(super) fn styled_vertex(src: &Source, i: usize) -> Result<usize, MermaidError> {
    if !starts_node(src, i) {
        return Err(not_a_node(src, i));
    }
    let id_stop = id_end(src, i);
    let id = src.slice(i, id_stop);
    if id == "end" || id == "subgraph" {
        return Err(src.error(
            i,
            format!("`{id}` is a reserved word and cannot be a node id; capitalise it or pick another id"),
        ));
    }
    let mut j = id_stop;
    if let Some((opener, closers)) = shape_at(src, j) {
        j = label(src, j, opener, closers)?;
    } else {
        let k = src.skip_spaces(j);
        if k > j && matches!(src.get(k), Some('[' | '(' | '{')) {
            return Err(src.error(
                k,
                format!(
                    "space between node id `{id}` and its shape; write `{id}[...]` with no space"
                ),
            ));
        }
    }
    if src.starts_with(j, ":::") {
        let name_end = id_end(src, j + 3);
        if name_end == j + 3 {
            return Err(src.error(j, "`:::` must be followed by a class name"));
        }
        j = name_end;
    }
    if src.starts_with(j, "@{") {
        j = shape_data(src, j)?;
    }
    Ok(j)
}

/// Why no node starts at `i`.
fn not_a_node(src: &Source, i: usize) -> MermaidError {
    match src.get(i) {
        None | Some('\n' | ';') => src.error(i, "expected a node id"),
        Some('"') => src.error(
            i,
            "a node id cannot be quoted; quote the label instead: `id[\"label\"]`",
        ),
        Some(c) if shape_at(src, i).is_some() => src.error(
            i,
            format!("shape `{c}` has no node id before it; write `id{c}...`"),
        ),
        Some('%') if src.starts_with(i, "%%") => src.error(
            i,
            "`%%` comments must be on a line of their own in a flowchart",
        ),
        Some(c) => src.error(i, format!("expected a node id, found `{c}`")),
    }
}

/// The shape opened at `i`, if any.
fn shape_at(src: &Source, i: usize) -> Option<(&'static str, &'static [&'static str])> {
    SHAPES
        .iter()
        .find(|(opener, _)| src.starts_with(i, opener))
        .copied()
}

/// Parse a label from the shape opener at `open` up to and including its closer; the index
/// after the closer. Also used for `subgraph id [title]`.
pub(super) fn label(
    src: &Source,
    open: usize,
    opener: &str,
    closers: &[&str],
) -> Result<usize, MermaidError> {
    let expected = closers.first().copied().unwrap_or("]");
    let never_closed = || {
        src.error(
            open,
            format!("shape `{opener}` opened here is never closed with `{expected}`"),
        )
    };
    let content = open + opener.chars().count();
    if opener == "[|" {
        // `A[|field:value|text]`: vertex properties, taken as they are.
        return src
            .find(content, "]")
            .map(|k| k + 1)
            .ok_or_else(never_closed);
    }
    let closer_at = |k: usize| closers.iter().find(|c| src.starts_with(k, c));
    let first = src.skip_whitespace(content);
    if src.get(first) == Some('"') {
        let after = quoted(src, first)?;
        let k = src.skip_whitespace(after);
        return match (closer_at(k), src.get(k)) {
            (Some(closer), _) => Ok(k + closer.chars().count()),
            (None, None) => Err(never_closed()),
            (None, Some(c)) => Err(src.error(
                k,
                format!("unexpected `{c}` after the quoted label; expected `{expected}`"),
            )),
        };
    }
    let mut k = content;
    loop {
        if let Some(closer) = closer_at(k) {
            return Ok(k + closer.chars().count());
        }
        match src.get(k) {
            None => return Err(never_closed()),
            Some(c) if "[](){}|\"".contains(c) => {
                if src.line_of(k) != src.line_of(open) {
                    return Err(never_closed());
                }
                let message = if ")]}".contains(c) {
                    format!("shape `{opener}` is closed by `{c}`; expected `{expected}`")
                } else if c == '"' {
                    "a quoted label must be the whole label: `id[\"...\"]`".to_string()
                } else {
                    format!(
                        "`{c}` inside an unquoted label; put the label in quotes: `id[\"...\"]`"
                    )
                };
                return Err(src.error(k, message));
            }
            Some(_) => k += 1,
        }
    }
}

/// Parse a quoted string starting at the `"` at `i` (a markdown string when it starts with
/// `` "` ``); the index after its closing quote.
pub(super) fn quoted(src: &Source, i: usize) -> Result<usize, MermaidError> {
    if src.starts_with(i, "\"`") {
        return src.find(i + 2, "`\"").map(|k| k + 2).ok_or_else(|| {
            src.error(
                i,
                "markdown string opened here is never closed with `` `\" ``",
            )
        });
    }
    src.find(i + 1, "\"")
        .map(|k| k + 1)
        .ok_or_else(|| src.error(i, "quoted text opened here is never closed with `\"`"))
}

/// Parse `@{ ... }` at `i` (quoted strings inside may hold `}`); the index after it.
fn shape_data(src: &Source, i: usize) -> Result<usize, MermaidError> {
    let mut k = i + 2;
    loop {
        match src.get(k) {
            None => {
                return Err(src.error(i, "`@{` opened here is never closed with `}`"));
            }
            Some('}') => return Ok(k + 1),
            Some('"') => k = quoted(src, k)?,
            Some(_) => k += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vertex(text: &str) -> Result<String, MermaidError> {
        let src = Source::new(text);
        styled_vertex(&src, 0).map(|end| src.slice(end, src.len()))
    }

    #[test]
    fn ids_stop_before_edges() {
        let src = Source::new("A-B-->C");
        assert_eq!(id_end(&src, 0), 3);
        let src = Source::new("A==>B");
        assert_eq!(id_end(&src, 0), 1);
        let src = Source::new("A-.->B");
        assert_eq!(id_end(&src, 0), 1);
        let src = Source::new("A:::cls");
        assert_eq!(id_end(&src, 0), 1);
        let src = Source::new("é_1.x rest");
        assert_eq!(id_end(&src, 0), 5);
    }

    #[test]
    fn every_shape_parses() {
        for text in [
            "A[x]",
            "A(x)",
            "A([x])",
            "A[[x]]",
            "A[(x)]",
            "A((x))",
            "A(((x)))",
            "A>x]",
            "A{x}",
            "A{{x}}",
            "A[/x/]",
            "A[\\x\\]",
            "A[/x\\]",
            "A[\\x/]",
            "A(-x-)",
            "A[|a:b|x]",
        ] {
            assert_eq!(vertex(text).unwrap(), "", "{text}");
        }
    }

    #[test]
    fn quoted_labels_may_hold_brackets() {
        assert_eq!(vertex("A[\"f(x) [y] {z}\"] rest").unwrap(), " rest");
        assert_eq!(vertex("A(\"`**bold** (md)`\")").unwrap(), "");
        assert_eq!(vertex("A[ \"spaced\" ]").unwrap(), "");
    }

    #[test]
    fn brackets_in_unquoted_labels_are_refused() {
        let e = vertex("A[f(x)]").unwrap_err();
        assert_eq!(e.column, 4);
        assert!(
            e.message.contains("put the label in quotes"),
            "{}",
            e.message
        );
    }

    #[test]
    fn mismatched_closers_are_reported_at_the_closer() {
        let e = vertex("A([text)]").unwrap_err();
        assert_eq!(e.column, 8);
        assert_eq!(e.message, "shape `([` is closed by `)`; expected `])`");
        let e = vertex("A{x]").unwrap_err();
        assert_eq!(e.column, 4);
    }

    #[test]
    fn an_unclosed_shape_is_reported_at_its_opener() {
        let e = vertex("A[text\nB --> C").unwrap_err();
        assert_eq!((e.line, e.column), (1, 2));
        assert!(e.message.contains("never closed"), "{}", e.message);
        let e = vertex("A[text\nB[x] --> C").unwrap_err();
        assert_eq!((e.line, e.column), (1, 2));
        let e = vertex("A[\"text]").unwrap_err();
        assert_eq!((e.line, e.column), (1, 3));
    }

    #[test]
    fn class_suffix_and_shape_data() {
        assert_eq!(vertex("A[x]:::warn --> B").unwrap(), " --> B");
        assert_eq!(vertex("A@{ shape: rect, label: \"a}b\" }").unwrap(), "");
        assert_eq!(vertex("A[x]@{ icon: \"fa:user\" }:x").unwrap(), ":x");
        assert!(vertex("A:::").is_err());
        assert!(vertex("A@{ shape: rect").is_err());
    }

    #[test]
    fn reserved_ids_and_missing_ids() {
        assert!(vertex("end").unwrap_err().message.contains("reserved"));
        assert_eq!(vertex("End").unwrap(), "");
        assert_eq!(vertex("endpoint").unwrap(), "");
        assert!(vertex("[x]").unwrap_err().message.contains("no node id"));
        assert!(vertex("\"A\"")
            .unwrap_err()
            .message
            .contains("cannot be quoted"));
    }

    #[test]
    fn a_space_before_the_shape_is_refused() {
        let e = vertex("A [x]").unwrap_err();
        assert_eq!(e.column, 3);
        assert!(e.message.contains("space between"), "{}", e.message);
    }
}
