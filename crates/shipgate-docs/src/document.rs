//! The model of one parsed Markdown document: what the checks look at, with positions.

use std::sync::Arc;

/// A 1-based position in a document's source. Columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// A heading and the anchor GitHub gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's plain text (markup removed).
    pub text: String,
    /// The anchor (GitHub slug, with a `-1`, `-2`... suffix for repeats, or the explicit
    /// `{#id}`).
    pub anchor: String,
    /// Where the heading starts.
    pub at: Position,
}

/// A link or image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written (`../setup.md#install`, `https://...`, `#usage`), one
    /// string shared by the links of a document that name the same destination.
    pub destination: Arc<str>,
    /// An image (`![..](..)`) rather than a link.
    pub image: bool,
    /// Where the link starts.
    pub at: Position,
}

/// A fenced or indented code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The info string's first word (`bash`, `mermaid`), lower-cased; `None` when absent
    /// or for indented blocks.
    pub language: Option<String>,
    /// The block's content (without fences), lines separated by `\n`.
    pub text: String,
    /// Position of the first content line's first character (the line after the opening
    /// fence); line `n` of `text` (0-based) is at line `at.line + n`.
    pub at: Position,
}

/// An inline code span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineCode {
    /// The span's content, without the backticks.
    pub text: String,
    /// Position of the content's first character.
    pub at: Position,
}

/// A run of plain text (outside code), for checks that read prose ("commit abc1234").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSpan {
    /// The text.
    pub text: String,
    /// Position of its first character.
    pub at: Position,
}

/// One Markdown document, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// Relative to the repository root, with `/` separators.
    pub path: String,
    /// Number of lines in the source.
    pub lines: u32,
    /// Headings in document order.
    pub headings: Vec<Heading>,
    /// Every anchor a `#fragment` may name: heading anchors plus HTML `id`/`name`
    /// attributes.
    pub anchors: Vec<String>,
    /// Links and images in document order (reference-style links resolved).
    pub links: Vec<Link>,
    /// Code blocks in document order.
    pub code_blocks: Vec<CodeBlock>,
    /// Inline code spans in document order.
    pub inline_code: Vec<InlineCode>,
    /// Plain text runs in document order.
    pub text: Vec<TextSpan>,
    /// The document holds directives that generate content when the site is built
    /// (mkdocstrings' `::: module`, MyST's `{eval-rst}`, `{include}` or autodoc blocks):
    /// the headings it will have are not all in its source, so a `#fragment` into it that
    /// matches none of its anchors cannot be judged and is not reported.
    pub generated_content: bool,
    /// MyST targets (`(label)=`), also among [`Document::anchors`]: MyST resolves a
    /// `#label` from any document of the site.
    pub labels: Vec<String>,
    /// The top-level prose blocks (paragraphs, lists, tables, block quotes) in document
    /// order: what "the prose around a line" means to the checks.
    pub blocks: Vec<ProseBlock>,
}

/// One top-level prose block of a document: a paragraph, a whole list (its items and what
/// they nest), a table or a block quote, by the lines it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProseBlock {
    /// Its first line (1-based).
    pub first: u32,
    /// Its last line.
    pub last: u32,
    /// Whether it is a list.
    pub list: bool,
}

impl Link {
    /// Whether the link goes to an `http:` or `https:` URL (any case).
    pub fn is_web(&self) -> bool {
        let d = self.destination.trim();
        ["http://", "https://"].iter().any(|scheme| {
            d.get(..scheme.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
        })
    }
}

/// The index of the block of `blocks` (in document order, disjoint) holding `line`.
pub(crate) fn block_holding(blocks: &[ProseBlock], line: u32) -> Option<usize> {
    let i = blocks.partition_point(|b| b.first <= line).checked_sub(1)?;
    blocks.get(i).filter(|b| b.last >= line).map(|_| i)
}

impl Document {
    /// The prose block holding `line`, if any.
    pub fn block_at(&self, line: u32) -> Option<(usize, &ProseBlock)> {
        let i = block_holding(&self.blocks, line)?;
        self.blocks.get(i).map(|b| (i, b))
    }

    /// The code blocks whose language is `mermaid`.
    pub fn mermaid_blocks(&self) -> impl Iterator<Item = &CodeBlock> {
        self.code_blocks
            .iter()
            .filter(|b| b.language.as_deref() == Some("mermaid"))
    }

    /// Whether `anchor` names a heading or id of this document (exact, as GitHub compares
    /// fragments after lower-casing nothing: slugs are already lower case).
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.anchors.iter().any(|a| a == anchor)
    }
}
