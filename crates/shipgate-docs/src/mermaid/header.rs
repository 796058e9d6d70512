//! What comes before a diagram's body: optional YAML front matter (`---` ... `---`) and the
//! header word that names the diagram type (`flowchart LR`, `sequenceDiagram`, ...).
//!
//! Blank lines, whole-line `%%` comments and `%%{init: ...}%%` directives may also precede
//! the header; the clean-up passes have blanked those by the time [`find`] runs.

use serde::de::IgnoredAny;
use serde_saphyr::{DefaultMessageFormatter, Error as YamlError, MessageFormatter, Options};

use super::diagram::{self, Diagram};
use super::error::MermaidError;
use super::source::Source;

/// Validate and blank the YAML front matter, if the block starts with `---`.
pub(crate) fn front_matter(src: &mut Source) -> Result<(), MermaidError> {
    let open = src.skip_whitespace(0);
    if !is_fence(src, open) {
        return Ok(());
    }
    let body = src.eol(open) + 1;
    let mut line = body;
    let close = loop {
        if line >= src.len() {
            return Err(src.error(
                open,
                "front matter opened here is never closed with a `---` line",
            ));
        }
        let first = src.skip_spaces(line);
        if is_fence(src, first) {
            break first;
        }
        line = src.eol(line) + 1;
    };
    let yaml = src.slice(body, close);
    let blank = yaml.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    });
    if blank {
        src.blank(open, src.eol(close));
        return Ok(());
    }
    if let Err(e) = serde_saphyr::from_str_with_options::<IgnoredAny>(&yaml, yaml_options()) {
        return Err(yaml_error(src, open, &e));
    }
    src.blank(open, src.eol(close));
    Ok(())
}

/// Whether `i` starts a line that is exactly `---` (trailing spaces allowed).
fn is_fence(src: &Source, i: usize) -> bool {
    src.starts_with(i, "---") && src.skip_spaces(i + 3) == src.eol(i)
}

/// Front matter is a small mapping: generous limits, but hostile input stays bounded.
fn yaml_options() -> Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 32,
            max_documents: 1,
            max_events: 100_000,
            max_nodes: 50_000,
            max_aliases: 1_000,
            max_total_scalar_bytes: 4 * 1024 * 1024,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 10_000,
            max_replay_stack_depth: 16,
        },
        with_snippet: false,
    }
}

/// A YAML error at its line within the block (the front matter starts on the line after
/// `open`), or at the opening `---` when the parser gives no position.
fn yaml_error(src: &Source, open: usize, e: &YamlError) -> MermaidError {
    let mut inner = e;
    while let YamlError::AliasError { error, .. } | YamlError::WithSnippet { error, .. } = inner {
        inner = error;
    }
    let detail: String = DefaultMessageFormatter
        .format_message(inner)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let message = format!("front matter is not valid YAML: {detail}");
    let Some(at) = e
        .location()
        .or_else(|| inner.location())
        .filter(|l| l.line() > 0)
    else {
        return src.error(open, message);
    };
    // YAML line 1 is the line after the opening `---`; clamp the column to that line.
    let line = usize::try_from(at.line())
        .ok()
        .and_then(|l| l.checked_add(src.line_of(open)))
        .and_then(|l| src.line_start(l));
    match line {
        Some(start) => {
            let width = src.eol(start).saturating_sub(start);
            let column = usize::try_from(at.column().saturating_sub(1)).unwrap_or(usize::MAX);
            src.error(start + column.min(width), message)
        }
        None => src.error(open, message),
    }
}

/// The diagram type the header names, and the index just past the header word.
pub(crate) fn find(src: &Source) -> Result<(Diagram, usize), MermaidError> {
    let start = src.skip_whitespace(0);
    let Some(first) = src.get(start) else {
        return Err(src.error(
            0,
            "empty mermaid block: no diagram type (such as `flowchart` or `sequenceDiagram`)",
        ));
    };
    let mut end = start;
    while src
        .get(end)
        .is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        end += 1;
    }
    if end == start {
        return Err(src.error(
            start,
            format!("expected a diagram type (such as `flowchart` or `sequenceDiagram`), found `{first}`"),
        ));
    }
    let word = src.slice(start, end);
    if word.starts_with("---") {
        return Err(src.error(start, "front matter (`---`) must come first in the block"));
    }
    match diagram::lookup(&word) {
        Some(d) => Ok((d, end)),
        None => {
            let message = match diagram::suggest(&word) {
                Some(name) => format!("unknown diagram type `{word}`; did you mean `{name}`?"),
                None => format!("unknown diagram type `{word}`"),
            };
            Err(src.error(start, message))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> Result<Diagram, MermaidError> {
        let mut src = Source::new(text);
        front_matter(&mut src)?;
        find(&src).map(|(d, _)| d)
    }

    #[test]
    fn front_matter_is_skipped_when_closed_and_valid() {
        let d = header("---\ntitle: Pets\nconfig:\n  theme: dark\n---\npie\n").unwrap();
        assert_eq!(d, Diagram::Unvalidated("pie".to_string()));
    }

    #[test]
    fn empty_front_matter_is_fine() {
        assert_eq!(header("---\n---\ngraph TD\n").unwrap(), Diagram::Flowchart);
    }

    #[test]
    fn unclosed_front_matter_is_reported_at_its_opening() {
        let e = header("\n---\ntitle: x\ngraph TD\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("never closed"), "{}", e.message);
    }

    #[test]
    fn invalid_yaml_is_reported_inside_the_front_matter() {
        let e = header("---\ntitle: [unclosed\n---\ngraph TD\n").unwrap_err();
        assert!(e.message.contains("not valid YAML"), "{}", e.message);
        assert!((1..=3).contains(&e.line), "{e}");
    }

    #[test]
    fn yaml_errors_point_at_their_line() {
        let e = header("---\ntitle: ok\ntheme: dark\n  bad: indent\n---\ngraph TD\n").unwrap_err();
        assert!(e.message.contains("not valid YAML"), "{}", e.message);
        assert_eq!(e.line, 4, "{e}");
        let e = header("---\na: b\n\tc: d\n---\ngraph TD\n").unwrap_err();
        assert!((2..=3).contains(&e.line), "{e}");
    }

    #[test]
    fn a_misplaced_fence_is_explained() {
        // What is left once a comment line before the front matter has been blanked.
        let src = Source::new("    \n---\ntitle: x\n---\ngraph TD\n");
        let e = find(&src).unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.message.contains("must come first"), "{}", e.message);
    }

    #[test]
    fn unknown_headers_suggest_the_nearest_type() {
        let e = header("\n\nflowchat TD\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert_eq!(
            e.message,
            "unknown diagram type `flowchat`; did you mean `flowchart`?"
        );
    }

    #[test]
    fn empty_blocks_are_reported_on_line_one() {
        let e = header("").unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        let e = header("  \n\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(
            e.message.starts_with("empty mermaid block"),
            "{}",
            e.message
        );
    }

    #[test]
    fn punctuation_is_not_a_header() {
        let e = header("  [x]\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 3));
        assert!(e.message.contains("found `[`"), "{}", e.message);
    }
}
