//! Markdown source to [`Document`]: one pass over pulldown-cmark's events with source
//! offsets.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::admonition;
use super::destinations::Destinations;
use super::html::anchor_attributes;
use super::myst;
use super::pieces::{pieces, PIECE};
use super::position::LineIndex;
use super::slug::Slugger;
use crate::{CodeBlock, Document, Heading, InlineCode, Link, TextSpan};

/// The pulldown-cmark extensions GitHub-flavoured documents use.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A heading being read.
struct OpenHeading {
    level: u8,
    explicit_id: Option<String>,
    /// Plain text for display (line breaks as spaces).
    text: String,
    /// Text the slug is made from (line breaks kept, and then dropped by the slug).
    slug_text: String,
    start: usize,
}

/// A code block being read.
struct OpenCodeBlock {
    language: Option<String>,
    fenced: bool,
    text: String,
    first_text: Option<usize>,
    start: usize,
}

/// Parses one Markdown document. `path` is stored as given (relative to the repository
/// root, `/`-separated). Never fails: any input is some Markdown.
///
/// Email autolinks (`<ops@example.com>`) are recorded with a `mailto:` destination, so that
/// no check mistakes them for relative paths.
///
/// A long document of links is parsed a piece at a time where that cannot change what it
/// says (see [`super::pieces`]), so that its parse holds one piece's tree at a time.
pub fn parse(path: &str, source: &str) -> Document {
    parse_in_pieces(path, source, PIECE)
}

/// [`parse`], the document cut into pieces of about `piece` bytes where it can be.
fn parse_in_pieces(path: &str, source: &str, piece: usize) -> Document {
    let parser = |range: &Range<usize>| {
        let base = range.start;
        let text = source.get(range.clone()).unwrap_or("");
        Parser::new_ext(text, options())
            .into_offset_iter()
            .map(move |(event, r)| (event, r.start + base..r.end + base))
    };
    let pieces = pieces(source, piece);
    let mut rest = pieces.iter();
    // pulldown-cmark resolves the block structure of a piece when its parser is made,
    // growing its tree as it goes: the line index is made after the first one, out of the
    // memory the tree's earlier sizes gave back, not beside them
    let first = rest.next().map(parser);
    let events = first.into_iter().flatten().chain(rest.flat_map(parser));
    let index = LineIndex::new(source);
    let mut doc = Document {
        path: path.to_string(),
        lines: index.line_count(),
        ..Document::default()
    };
    // room for about as many links as the source opens brackets and as many runs of text
    // as it has links and lines, made once (lists grown by doubling to a million entries
    // would each leave their earlier sizes behind in the allocator), and never more than
    // an entry per 16 bytes of source (room that is not used is never touched)
    let most = source.len() / 16;
    let brackets = source.bytes().filter(|&b| b == b'[' || b == b'<').count();
    doc.links.reserve(brackets.min(most));
    let lines = usize::try_from(index.line_count()).unwrap_or(usize::MAX);
    doc.text.reserve(brackets.saturating_add(lines).min(most));
    let mut slugger = Slugger::new();
    let mut destinations = Destinations::default();
    let mut heading: Option<OpenHeading> = None;
    let mut code: Option<OpenCodeBlock> = None;
    let mut html_block: Option<String> = None;
    let mut image_depth = 0usize;
    let mut admonitions: Vec<CodeBlock> = Vec::new();

    let mut blocks = BlockTracker::default();
    for (event, range) in events {
        blocks.observe(&event, &range, &index, &mut doc.blocks);
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some(OpenHeading {
                    level: level as u8,
                    explicit_id: id.map(|id| id.to_string()).filter(|id| !id.is_empty()),
                    text: String::new(),
                    slug_text: String::new(),
                    start: range.start,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    let anchor = match h.explicit_id {
                        Some(id) => {
                            slugger.reserve(&id);
                            id
                        }
                        None => slugger.slug(h.slug_text.trim()),
                    };
                    doc.anchors.push(anchor.clone());
                    doc.headings.push(Heading {
                        level: h.level,
                        text: h.text.trim().to_string(),
                        anchor,
                        at: index.position(h.start),
                    });
                }
            }
            Event::Start(Tag::Paragraph) => {
                let text = source.get(range.clone()).unwrap_or("");
                match myst::paragraph(text) {
                    myst::Paragraph::Label(label) => {
                        doc.anchors.push(label.clone());
                        doc.labels.push(label);
                    }
                    myst::Paragraph::Generates => doc.generated_content = true,
                    myst::Paragraph::Plain => {}
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let (language, fenced) = match kind {
                    CodeBlockKind::Fenced(info) => {
                        (info.split_whitespace().next().map(str::to_lowercase), true)
                    }
                    CodeBlockKind::Indented => (None, false),
                };
                if language.as_deref().is_some_and(myst::generating_directive) {
                    doc.generated_content = true;
                }
                code = Some(OpenCodeBlock {
                    language,
                    fenced,
                    text: String::new(),
                    first_text: None,
                    start: range.start,
                });
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = code.take() {
                    let admonition =
                        !block.fenced && admonition::follows_marker(source, block.start);
                    let block = finish_code_block(&index, block);
                    if admonition {
                        admonitions.push(block);
                    } else {
                        doc.code_blocks.push(block);
                    }
                }
            }
            Event::Text(text) => {
                if let Some(block) = code.as_mut() {
                    block.first_text.get_or_insert(range.start);
                    block.text.push_str(&text);
                    continue;
                }
                if let Some(h) = heading.as_mut().filter(|_| image_depth == 0) {
                    h.text.push_str(&text);
                    h.slug_text.push_str(&text);
                }
                doc.text.push(TextSpan {
                    text: text.to_string(),
                    at: index.position(range.start),
                });
            }
            Event::Code(text) => {
                if let Some(h) = heading.as_mut().filter(|_| image_depth == 0) {
                    h.text.push_str(&text);
                    h.slug_text.push_str(&text);
                }
                doc.inline_code.push(InlineCode {
                    text: text.to_string(),
                    at: index.position(inline_code_start(source, range)),
                });
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = heading.as_mut() {
                    h.text.push(' ');
                    h.slug_text.push('\n');
                }
            }
            Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(html) = html_block.take() {
                    doc.anchors.extend(anchor_attributes(&html));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => match html_block.as_mut() {
                Some(block) => block.push_str(&html),
                None => doc.anchors.extend(anchor_attributes(&html)),
            },
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let destination = if link_type == LinkType::Email {
                    destinations.get(&format!("mailto:{dest_url}"))
                } else {
                    destinations.get(&dest_url)
                };
                doc.links.push(Link {
                    destination,
                    image: false,
                    at: index.position(range.start),
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image_depth += 1;
                doc.links.push(Link {
                    destination: destinations.get(&dest_url),
                    image: true,
                    at: index.position(range.start),
                });
            }
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ => {}
        }
    }
    // An event stream always closes what it opens; this only guards against a parser bug.
    if let Some(block) = code.take() {
        doc.code_blocks.push(finish_code_block(&index, block));
    }
    if !admonitions.is_empty() {
        for block in &admonitions {
            admonition::merge(&mut doc, block, |text| parse(path, text));
        }
        admonition::sort(&mut doc);
    }
    doc
}

/// Follows the nesting of block containers to record each top-level prose block.
#[derive(Debug, Default)]
struct BlockTracker {
    depth: usize,
    start: usize,
    list: bool,
    paragraph: bool,
    /// Whether the last block recorded is a paragraph.
    after_paragraph: bool,
}

impl BlockTracker {
    fn observe(
        &mut self,
        event: &Event<'_>,
        range: &Range<usize>,
        index: &LineIndex,
        out: &mut Vec<crate::ProseBlock>,
    ) {
        match event {
            Event::Start(tag) if is_prose_container(tag) => {
                if self.depth == 0 {
                    self.start = range.start;
                    self.list = matches!(tag, Tag::List(_));
                    self.paragraph = matches!(tag, Tag::Paragraph);
                }
                self.depth += 1;
            }
            Event::End(tag) if is_prose_container_end(*tag) => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    let end = range.end.saturating_sub(1).max(self.start);
                    let block = crate::ProseBlock {
                        first: index.position(self.start).line,
                        last: index.position(end).line,
                        list: self.list,
                    };
                    // two paragraphs on adjacent lines are one cut where the document was
                    // parsed in pieces (whole, a paragraph only ends at a blank line)
                    match out.last_mut() {
                        Some(prev)
                            if self.paragraph
                                && self.after_paragraph
                                && prev.last.saturating_add(1) == block.first =>
                        {
                            prev.last = block.last;
                        }
                        _ => out.push(block),
                    }
                    self.after_paragraph = self.paragraph;
                }
            }
            _ => {}
        }
    }
}

fn is_prose_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph | Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_)
    )
}

fn is_prose_container_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph | TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::Table
    )
}

/// The finished block: line endings as `\n`, positioned at its first content character (or
/// the line after the opening fence when it is empty).
fn finish_code_block(index: &LineIndex<'_>, block: OpenCodeBlock) -> CodeBlock {
    let at = match block.first_text {
        Some(offset) => index.position(offset),
        None => {
            let mut at = index.position(block.start);
            if block.fenced {
                at.line = at.line.saturating_add(1);
            }
            at.column = 1;
            at
        }
    };
    CodeBlock {
        language: block.language,
        text: block.text.replace("\r\n", "\n").replace('\r', "\n"),
        at,
    }
}

/// The byte offset of an inline code span's first content character: after the opening
/// backticks and the one space (or line ending) CommonMark strips when the content both
/// starts and ends with one.
fn inline_code_start(source: &str, range: Range<usize>) -> usize {
    let Some(raw) = source.get(range.clone()) else {
        return range.start;
    };
    let ticks = raw.len() - raw.trim_start_matches('`').len();
    if ticks == 0 {
        return range.start;
    }
    let inner = raw
        .get(ticks..raw.len().saturating_sub(ticks).max(ticks))
        .unwrap_or("");
    let is_space = |c: char| c == ' ' || c == '\n' || c == '\r';
    let stripped =
        inner.starts_with(is_space) && inner.ends_with(is_space) && !inner.chars().all(is_space);
    let skip = if !stripped {
        0
    } else if inner.starts_with("\r\n") {
        2
    } else {
        1
    };
    range.start + ticks + skip
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Position;
    use proptest::prelude::*;

    fn pos(line: u32, column: u32) -> Position {
        Position { line, column }
    }

    fn anchors(doc: &Document) -> Vec<&str> {
        doc.headings.iter().map(|h| h.anchor.as_str()).collect()
    }

    #[test]
    fn headings_get_text_level_anchor_and_position() {
        let doc = parse(
            "a.md",
            "# Title\n\ntext\n\n## What's new? (v2.0)\n\n### The `run` *command*\n",
        );
        let h: Vec<_> = doc
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str(), h.anchor.as_str(), h.at))
            .collect();
        assert_eq!(
            h,
            [
                (1, "Title", "title", pos(1, 1)),
                (2, "What's new? (v2.0)", "whats-new-v20", pos(5, 1)),
                (3, "The run command", "the-run-command", pos(7, 1)),
            ]
        );
    }

    #[test]
    fn repeated_headings_get_suffixes() {
        let doc = parse("a.md", "## Usage\n\n## Usage\n\n## Usage\n");
        assert_eq!(anchors(&doc), ["usage", "usage-1", "usage-2"]);
    }

    #[test]
    fn unicode_heading_keeps_its_letters() {
        let doc = parse("a.md", "# Привет, мир — 你好!\n");
        assert_eq!(anchors(&doc), ["привет-мир--你好"]);
        assert_eq!(doc.headings[0].text, "Привет, мир — 你好!");
    }

    #[test]
    fn explicit_id_gives_the_anchor_and_is_not_repeated() {
        let doc = parse("a.md", "## Install {#custom}\n\n## Custom\n\n## Install\n");
        assert_eq!(anchors(&doc), ["custom", "custom-1", "install"]);
        assert_eq!(doc.headings[0].text, "Install");
    }

    #[test]
    fn setext_heading_and_image_alt_text() {
        let doc = parse("a.md", "Getting ![logo](l.png) started\n===\n");
        assert_eq!(doc.headings[0].text, "Getting  started");
        assert_eq!(doc.headings[0].anchor, "getting--started");
        assert_eq!(doc.headings[0].level, 1);
    }

    #[test]
    fn html_ids_and_names_are_anchors() {
        let doc = parse(
            "a.md",
            "# Top\n\n<a name=\"legacy\"></a>\n\n<div id='block'>\n\ntext <span id=\"inline\">x</span>\n\n</div>\n",
        );
        assert_eq!(doc.anchors, ["top", "legacy", "block", "inline"]);
    }

    #[test]
    fn links_images_references_and_autolinks() {
        let src = "See [setup](../setup.md#install) and ![img](i.png).\n\
                   Ref [x][r], <https://example.com>, <ops@example.com>, note[^1].\n\n\
                   [r]: docs/ref.md\n[^1]: a footnote\n";
        let doc = parse("docs/a.md", src);
        let links: Vec<_> = doc
            .links
            .iter()
            .map(|l| (&*l.destination, l.image, l.at))
            .collect();
        assert_eq!(
            links,
            [
                ("../setup.md#install", false, pos(1, 5)),
                ("i.png", true, pos(1, 38)),
                ("docs/ref.md", false, pos(2, 5)),
                ("https://example.com", false, pos(2, 13)),
                ("mailto:ops@example.com", false, pos(2, 36)),
            ]
        );
    }

    #[test]
    fn fenced_block_with_language_and_position() {
        let doc = parse("a.md", "intro\n\n```Bash title=x\necho hi\nls\n```\n");
        assert_eq!(doc.code_blocks.len(), 1);
        let b = &doc.code_blocks[0];
        assert_eq!(b.language.as_deref(), Some("bash"));
        assert_eq!(b.text, "echo hi\nls\n");
        assert_eq!(b.at, pos(4, 1));
    }

    #[test]
    fn fence_inside_a_longer_fence_counts_once() {
        let src = "````markdown\n```bash\necho inner\n```\n````\n";
        let doc = parse("a.md", src);
        assert_eq!(doc.code_blocks.len(), 1);
        assert_eq!(doc.code_blocks[0].language.as_deref(), Some("markdown"));
        assert_eq!(doc.code_blocks[0].text, "```bash\necho inner\n```\n");
        assert_eq!(doc.code_blocks[0].at, pos(2, 1));
    }

    #[test]
    fn tilde_fences_and_empty_info() {
        let doc = parse("a.md", "~~~\nplain\n~~~\n\n~~~ mermaid\ngraph TD\n~~~\n");
        let langs: Vec<_> = doc.code_blocks.iter().map(|b| b.language.clone()).collect();
        assert_eq!(langs, [None, Some("mermaid".to_string())]);
        assert_eq!(doc.mermaid_blocks().count(), 1);
        assert_eq!(doc.code_blocks[1].at, pos(6, 1));
    }

    #[test]
    fn indented_block() {
        let doc = parse("a.md", "para\n\n    cargo test\n    cargo run\n");
        assert_eq!(doc.code_blocks.len(), 1);
        assert_eq!(doc.code_blocks[0].language, None);
        assert_eq!(doc.code_blocks[0].text, "cargo test\ncargo run\n");
        assert_eq!(doc.code_blocks[0].at, pos(3, 5));
    }

    #[test]
    fn code_block_inside_a_list_item() {
        let src = "- step one:\n\n  ```sh\n  make build\n  ```\n- step two\n";
        let doc = parse("a.md", src);
        assert_eq!(doc.code_blocks.len(), 1);
        assert_eq!(doc.code_blocks[0].language.as_deref(), Some("sh"));
        assert_eq!(doc.code_blocks[0].text, "make build\n");
        assert_eq!(doc.code_blocks[0].at, pos(4, 3));
        // The list's prose is text; the code is not.
        assert!(doc.text.iter().any(|t| t.text == "step two"));
        assert!(!doc.text.iter().any(|t| t.text.contains("make")));
    }

    #[test]
    fn unclosed_fence_runs_to_the_end() {
        let doc = parse("a.md", "text\n\n```python\nprint(1)\n\n# not a heading\n");
        assert_eq!(doc.code_blocks.len(), 1);
        assert_eq!(doc.code_blocks[0].text, "print(1)\n\n# not a heading\n");
        assert!(doc.headings.is_empty());
    }

    #[test]
    fn empty_fenced_block_sits_on_the_line_after_the_fence() {
        let doc = parse("a.md", "x\n\n```\n```\n");
        assert_eq!(doc.code_blocks[0].text, "");
        assert_eq!(doc.code_blocks[0].at, pos(4, 1));
    }

    #[test]
    fn inline_code_positions_skip_backticks_and_stripped_space() {
        let doc = parse(
            "a.md",
            "Run `cargo test` or `` a`b `` or ``` `` ``` or ` `.\n",
        );
        let spans: Vec<_> = doc
            .inline_code
            .iter()
            .map(|c| (c.text.as_str(), c.at))
            .collect();
        assert_eq!(
            spans,
            [
                ("cargo test", pos(1, 6)),
                ("a`b", pos(1, 24)),
                ("``", pos(1, 38)),
                (" ", pos(1, 49)),
            ]
        );
    }

    #[test]
    fn inline_code_over_a_line_break() {
        let doc = parse("a.md", "see `\nfoo\n` here\n");
        assert_eq!(doc.inline_code[0].text, "foo");
        assert_eq!(doc.inline_code[0].at, pos(2, 1));
    }

    #[test]
    fn text_spans_exclude_code_and_link_destinations() {
        let doc = parse(
            "a.md",
            "# Head\n\nfixed in commit 3f2a9c1, see [the guide](guide.md).\n\n| a | b |\n|---|---|\n| cell | `x` |\n",
        );
        let texts: Vec<_> = doc.text.iter().map(|t| t.text.as_str()).collect();
        assert!(texts.contains(&"Head"));
        assert!(texts.contains(&"fixed in commit 3f2a9c1, see "));
        assert!(texts.contains(&"the guide"));
        assert!(texts.contains(&"cell"));
        assert!(!texts.iter().any(|t| t.contains("guide.md")));
        assert!(!texts.contains(&"x"));
        let t = doc.text.iter().find(|t| t.text == "the guide").unwrap();
        assert_eq!(t.at, pos(3, 31));
    }

    #[test]
    fn crlf_input() {
        let src = "# One\r\n\r\ntext `code`\r\n\r\n```sh\r\nls\r\npwd\r\n```\r\n\r\n## One\r\n";
        let doc = parse("a.md", src);
        assert_eq!(doc.lines, 10);
        assert_eq!(anchors(&doc), ["one", "one-1"]);
        assert_eq!(doc.headings[1].at, pos(10, 1));
        assert_eq!(doc.inline_code[0].at, pos(3, 7));
        assert_eq!(doc.code_blocks[0].text, "ls\npwd\n");
        assert_eq!(doc.code_blocks[0].at, pos(6, 1));
    }

    #[test]
    fn line_count() {
        assert_eq!(parse("a.md", "").lines, 0);
        assert_eq!(parse("a.md", "one").lines, 1);
        assert_eq!(parse("a.md", "one\ntwo\n").lines, 2);
    }

    /// Markdown-ish input built from the fragments that exercise the parser's edges.
    fn markdownish() -> impl Strategy<Value = String> {
        let fragment = prop_oneof![
            Just("# ".to_string()),
            Just("## ".to_string()),
            Just("```".to_string()),
            Just("~~~".to_string()),
            Just("`".to_string()),
            Just("``".to_string()),
            Just("[".to_string()),
            Just("](".to_string()),
            Just(")".to_string()),
            Just("]".to_string()),
            Just("![".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just("{#".to_string()),
            Just("}".to_string()),
            Just("<a id=\"".to_string()),
            Just("\">".to_string()),
            Just("<".to_string()),
            Just(">".to_string()),
            Just("    ".to_string()),
            Just("- ".to_string()),
            Just("> ".to_string()),
            Just("|".to_string()),
            Just("[^1]".to_string()),
            Just("[^1]: ".to_string()),
            Just("é".to_string()),
            Just("\t".to_string()),
            "[a-z0-9 ]{0,6}",
        ];
        prop::collection::vec(fragment, 0..60).prop_map(|v| v.concat())
    }

    fn check_positions(source: &str, doc: &Document) {
        let max_line = doc.lines.max(1) + 1;
        let mut all = Vec::new();
        all.extend(doc.headings.iter().map(|h| h.at));
        all.extend(doc.links.iter().map(|l| l.at));
        all.extend(doc.code_blocks.iter().map(|b| b.at));
        all.extend(doc.inline_code.iter().map(|c| c.at));
        all.extend(doc.text.iter().map(|t| t.at));
        for p in all {
            assert!(p.line >= 1 && p.line <= max_line, "{p:?} in {source:?}");
            assert!(p.column >= 1, "{p:?} in {source:?}");
        }
    }

    /// Lines of documents with runs of plain links between other blocks: mostly plain-link
    /// lines and blank lines, and now and then whatever could join them into something else.
    fn piece_line() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => "\\[[a-z0-9 ]{0,4}\\]\\([a-z0-9/._#-]{1,6}\\)( [a-z0-9 ]{1,4})?( \\[[a-z]{0,2}\\]\\([a-z_]{1,3}\\))?\n",
            3 => Just("\n".to_owned()),
            1 => prop::sample::select(vec![
                "# Head\n", "## [a](b)\n", "===\n", "---\n", "- item\n", "1. one\n",
                "  [a](b)\n", "    [a](b)\n", "> [a](b)\n", "| a | b |\n", "|---|---|\n",
                "```\n", "~~~\n", "<div id=\"x\">\n", "<!-- c\n", "-->\n", "[r]: /u\n",
                "[x][r] [r]\n", "[^1]: note\n", "see [^1]\n", "*em\n", "em*\n", "`co\n",
                "de`\n", "[open\n", "close](x)\n", "words here\n", "<b>\n", "\\\n",
                "a  \n", "[a](b)  \n", "\r\n", "\t[a](b)\n", "[a](b)",
            ])
            .prop_map(str::to_owned),
        ]
    }

    proptest! {
        #[test]
        fn arbitrary_strings_never_panic(source in any::<String>()) {
            let doc = parse("a.md", &source);
            check_positions(&source, &doc);
        }

        /// A document parsed in pieces is the document parsed whole, whatever the lines
        /// around its runs of plain links (pieces of a few bytes cut wherever they may).
        #[test]
        fn a_document_parsed_in_pieces_is_the_document_parsed_whole(
            lines in prop::collection::vec(piece_line(), 0..40),
            piece in 1usize..60,
        ) {
            let source: String = lines.concat();
            let whole = parse_in_pieces("a.md", &source, usize::MAX);
            prop_assert_eq!(parse_in_pieces("a.md", &source, piece), whole);
        }

        #[test]
        fn markdownish_strings_never_panic(source in markdownish()) {
            let doc = parse("a.md", &source);
            check_positions(&source, &doc);
            for h in &doc.headings {
                prop_assert!(doc.anchors.contains(&h.anchor));
            }
        }
    }
}
