//! MkDocs admonitions and content tabs (`!!! note`, `??? tip`, `=== "Linux"`, Python-Markdown
//! and pymdown-extensions): their content is Markdown indented by four spaces, which
//! CommonMark reads as an indented code block. Such a block is read again as Markdown, its
//! positions moved to where its lines are in the document, so that the fenced blocks,
//! inline code, links and prose inside are checked like any other (a `toml` block in a tab
//! is TOML, not shell).

use crate::{CodeBlock, Document, Position};

/// Whether `line` opens an admonition or a content tab.
pub(crate) fn is_marker(line: &str) -> bool {
    let t = line.trim_start();
    ["!!! ", "!!!+ ", "??? ", "???+ ", "=== ", "===! ", "===+ "]
        .iter()
        .any(|m| t.starts_with(m))
        || matches!(t.trim_end(), "!!!" | "???")
}

/// Whether the indented block at byte `start` of `source` is an admonition's or a content
/// tab's: the last line before it that is neither blank nor indented (by four spaces or a
/// tab: the admonition's own content, such as a first paragraph) opens one.
pub(crate) fn follows_marker(source: &str, start: usize) -> bool {
    source
        .get(..start)
        .unwrap_or("")
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.starts_with("    ") && !l.starts_with('\t'))
        .is_some_and(is_marker)
}

/// Merges the content of the indented `block` (an admonition's) into `doc`, read as
/// Markdown with `parse`, instead of the block itself.
pub(crate) fn merge(doc: &mut Document, block: &CodeBlock, parse: impl Fn(&str) -> Document) {
    let inner = parse(&block.text);
    let shift = |at: Position| Position {
        line: at.line.saturating_add(block.at.line.saturating_sub(1)),
        column: at.column.saturating_add(block.at.column.saturating_sub(1)),
    };
    doc.code_blocks
        .extend(inner.code_blocks.into_iter().map(|mut b| {
            b.at = shift(b.at);
            b
        }));
    doc.inline_code
        .extend(inner.inline_code.into_iter().map(|mut c| {
            c.at = shift(c.at);
            c
        }));
    doc.text.extend(inner.text.into_iter().map(|mut t| {
        t.at = shift(t.at);
        t
    }));
    doc.links.extend(inner.links.into_iter().map(|mut l| {
        l.at = shift(l.at);
        l
    }));
    doc.generated_content |= inner.generated_content;
    // its body is one block of the document, from the marker line that opens it
    let lines = u32::try_from(block.text.split('\n').count()).unwrap_or(u32::MAX);
    doc.blocks.push(crate::ProseBlock {
        first: block.at.line.saturating_sub(1).max(1),
        last: block.at.line.saturating_add(lines.saturating_sub(1)),
        list: false,
    });
}

/// Puts the pieces merged from admonitions back in document order.
pub(crate) fn sort(doc: &mut Document) {
    let key = |at: &Position| (at.line, at.column);
    doc.code_blocks.sort_by_key(|b| key(&b.at));
    doc.inline_code.sort_by_key(|c| key(&c.at));
    doc.text.sort_by_key(|t| key(&t.at));
    doc.links.sort_by_key(|l| key(&l.at));
    doc.blocks.sort_by_key(|b| b.first);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    #[test]
    fn markers() {
        for yes in [
            "!!! note",
            "??? tip \"Title\"",
            "===+ \"Linux\"",
            "  !!! warning",
            "!!!",
        ] {
            assert!(is_marker(yes), "{yes}");
        }
        // `===` alone underlines a setext heading
        for no in ["!!!note", "text !!! x", "===", "== x"] {
            assert!(!is_marker(no), "{no}");
        }
    }

    #[test]
    fn a_tab_s_fenced_block_and_prose_are_read_at_their_places() {
        let md = "# Options\n\n!!! tab examples \"pyproject.toml\"\n\n    ```toml\n    a = 1\n    ```\n\n\
                  \x20   See `src/x.py` and [y](y.md).\n\nAfter.\n";
        let doc = parse("docs/a.md", md);
        assert_eq!(doc.code_blocks.len(), 1, "{:?}", doc.code_blocks);
        let b = &doc.code_blocks[0];
        assert_eq!(b.language.as_deref(), Some("toml"));
        assert_eq!(b.text, "a = 1\n");
        assert_eq!(b.at, Position { line: 6, column: 5 });
        assert_eq!(doc.inline_code[0].text, "src/x.py");
        assert_eq!(
            doc.inline_code[0].at,
            Position {
                line: 9,
                column: 10
            }
        );
        assert_eq!(&*doc.links[0].destination, "y.md");
        assert_eq!(doc.links[0].at.line, 9);
        assert!(doc
            .text
            .iter()
            .any(|t| t.text.contains("After") && t.at.line == 11));
    }

    #[test]
    fn a_tab_opening_with_a_paragraph_still_holds_its_blocks() {
        let md = "=== \"tox\"\n    Invocation:\n\n    ```ini\n    setenv = A_B=1\n    ```\n";
        let doc = parse("docs/a.md", md);
        assert_eq!(doc.code_blocks.len(), 1);
        assert_eq!(doc.code_blocks[0].language.as_deref(), Some("ini"));
        assert_eq!(doc.code_blocks[0].at.line, 5);
    }

    #[test]
    fn an_indented_block_after_a_paragraph_stays_code() {
        let md = "Code:\n\n    ```toml\n    a = 1\n    ```\n";
        let doc = parse("docs/a.md", md);
        assert_eq!(doc.code_blocks.len(), 1);
        assert_eq!(doc.code_blocks[0].language, None);
        assert!(doc.code_blocks[0].text.starts_with("```toml"));
    }
}
