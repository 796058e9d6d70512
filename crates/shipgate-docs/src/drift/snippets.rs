//! The places of a document where drift checks look for references (prose, inline code,
//! code block lines), each with the position of its first character, and positions of
//! byte offsets inside them.

use crate::{Document, Position};

/// What a snippet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SnippetKind {
    /// A run of prose (adjacent text runs on one line joined).
    Text,
    /// An inline code span.
    InlineCode,
    /// One line of a code block.
    CodeLine,
}

/// One piece of a document's text with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snippet<'a> {
    /// The text.
    pub text: String,
    /// Where its first character is.
    pub at: Position,
    /// Prose, inline code or a code block line.
    pub kind: SnippetKind,
    /// The code block's language, for code lines.
    pub language: Option<&'a str>,
}

impl Snippet<'_> {
    /// The document position of byte `offset` of the text (clamped to the text).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let head = self.text.get(..offset).unwrap_or("");
        match head.rfind('\n') {
            None => Position {
                line: self.at.line,
                column: add(self.at.column, head.chars().count()),
            },
            Some(last) => Position {
                line: add(self.at.line, head.matches('\n').count()),
                column: add(1, head.get(last + 1..).unwrap_or("").chars().count()),
            },
        }
    }
}

/// Every snippet of `doc`, in document order: prose runs, inline code spans and the lines
/// of every code block (mermaid included; callers filter by kind and language).
pub(crate) fn snippets(doc: &Document) -> Vec<Snippet<'_>> {
    let mut out: Vec<Snippet<'_>> = Vec::new();
    let mut texts: Vec<Snippet<'_>> = Vec::new();
    for span in &doc.text {
        let joined = texts
            .last_mut()
            .filter(|last| !last.text.contains('\n') && last.position(last.text.len()) == span.at);
        match joined {
            Some(last) => last.text.push_str(&span.text),
            None => texts.push(Snippet {
                text: span.text.clone(),
                at: span.at,
                kind: SnippetKind::Text,
                language: None,
            }),
        }
    }
    out.extend(texts);
    for span in &doc.inline_code {
        out.push(Snippet {
            text: span.text.clone(),
            at: span.at,
            kind: SnippetKind::InlineCode,
            language: None,
        });
    }
    for block in &doc.code_blocks {
        for (n, line) in block.text.split('\n').enumerate() {
            out.push(Snippet {
                text: line.trim_end_matches('\r').to_string(),
                at: Position {
                    line: add(block.at.line, n),
                    column: block.at.column,
                },
                kind: SnippetKind::CodeLine,
                language: block.language.as_deref(),
            });
        }
    }
    out.sort_by_key(|s| s.at);
    out
}

/// `base + n` without overflow.
fn add(base: u32, n: usize) -> u32 {
    base.saturating_add(u32::try_from(n).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CodeBlock, InlineCode, TextSpan};

    fn pos(line: u32, column: u32) -> Position {
        Position { line, column }
    }

    #[test]
    fn adjacent_text_runs_are_joined_and_positions_count_characters() {
        let doc = Document {
            text: vec![
                TextSpan {
                    text: "é X".into(),
                    at: pos(3, 1),
                },
                TextSpan {
                    text: "TQ-01".into(),
                    at: pos(3, 4),
                },
                TextSpan {
                    text: "later".into(),
                    at: pos(3, 20),
                },
            ],
            inline_code: vec![InlineCode {
                text: "a".into(),
                at: pos(1, 5),
            }],
            code_blocks: vec![CodeBlock {
                language: Some("text".into()),
                text: "one\n  two\r".into(),
                at: pos(7, 3),
            }],
            ..Document::default()
        };
        let all = snippets(&doc);
        let texts: Vec<(&str, Position, SnippetKind)> = all
            .iter()
            .map(|s| (s.text.as_str(), s.at, s.kind))
            .collect();
        assert_eq!(
            texts,
            [
                ("a", pos(1, 5), SnippetKind::InlineCode),
                ("é XTQ-01", pos(3, 1), SnippetKind::Text),
                ("later", pos(3, 20), SnippetKind::Text),
                ("one", pos(7, 3), SnippetKind::CodeLine),
                ("  two", pos(8, 3), SnippetKind::CodeLine),
            ]
        );
        let joined = &all[1];
        assert_eq!(joined.position("é X".len()), pos(3, 4));
        assert_eq!(all[4].position(2), pos(8, 5));
    }

    #[test]
    fn positions_after_a_line_break_restart_the_column() {
        let s = Snippet {
            text: "ab\ncd".into(),
            at: pos(2, 7),
            kind: SnippetKind::Text,
            language: None,
        };
        assert_eq!(s.position(1), pos(2, 8));
        assert_eq!(s.position(4), pos(3, 2));
        assert_eq!(s.position(99), pos(3, 3));
    }
}
