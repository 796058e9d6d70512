//! A long document cut into pieces that parse on their own exactly as they parse inside
//! the whole, so that pulldown-cmark's tree (about 48 bytes a node, five nodes a link) is
//! bounded by a piece and not by the document.
//!
//! A cut is made only where CommonMark cannot tell the difference: between two lines of a
//! top-level paragraph made only of inline links and plain words (see [`is_plain_links`]).
//! Such a paragraph starts after a blank line (or the document's start) and ends at a blank
//! line (or the document's end): nothing before it is left open across the blank line
//! above (the document holds no fence, no HTML block that spans blank lines, no footnote),
//! nothing after it can turn it into something else (a setext underline or a table's
//! delimiter row would have to follow its last line directly), and its lines hold nothing
//! that spans lines (no emphasis, code, HTML, brackets left open) or depends on the rest of
//! the document (no link reference definitions exist in it). A document that holds any of
//! these anywhere is parsed whole.

use std::ops::Range;

/// The size from which a document is cut, and about the size of each piece.
pub(super) const PIECE: usize = 1 << 20;

/// Byte ranges covering `source` in order, each cut at the start of a line, each about
/// `piece` bytes or more (one range for a document that cannot be cut).
pub(super) fn pieces(source: &str, piece: usize) -> Vec<Range<usize>> {
    if source.len() <= piece || !can_be_cut(source) {
        return std::iter::once(0..source.len()).collect();
    }
    let mut cuts: Vec<usize> = Vec::new();
    // cuts inside the current run of plain-link lines, kept only if it ends at a blank line
    let mut tentative: Vec<usize> = Vec::new();
    let mut in_run = false;
    let mut after_blank = true;
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let text = line.strip_suffix('\n').unwrap_or(line);
        let blank = text.bytes().all(|b| b == b' ' || b == b'\t');
        let plain = !blank && is_plain_links(text);
        if blank {
            if in_run {
                cuts.append(&mut tentative);
            }
            in_run = false;
        } else if plain && (in_run || after_blank) {
            if in_run {
                let last = tentative.last().or(cuts.last()).copied().unwrap_or(0);
                if offset - last >= piece {
                    tentative.push(offset);
                }
            }
            in_run = true;
        } else {
            // a run that does not end at a blank line may be something else as a whole
            tentative.clear();
            in_run = false;
        }
        after_blank = blank;
        offset += line.len();
    }
    if in_run {
        cuts.append(&mut tentative);
    }
    let mut ranges = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts {
        ranges.push(start..cut);
        start = cut;
    }
    ranges.push(start..source.len());
    ranges
}

/// Whether the document holds nothing that could reach across a cut: fences and the HTML
/// blocks that span blank lines (whose start and end could not be matched without parsing),
/// link reference definitions and footnotes (which links anywhere may name), and carriage
/// returns (so that lines are what `\n` ends).
fn can_be_cut(source: &str) -> bool {
    const NEVER: [&str; 8] = ["```", "~~~", "]:", "[^", "<!", "<?", "\r", "\\"];
    if NEVER.iter().any(|s| source.contains(s)) {
        return false;
    }
    // the HTML blocks that end at their closing tag, in any case
    let b = source.as_bytes();
    !b.iter().enumerate().any(|(at, &c)| {
        c == b'<'
            && ["script", "pre", "style", "textarea"].iter().any(|tag| {
                b.get(at + 1..at + 1 + tag.len())
                    .is_some_and(|name| name.eq_ignore_ascii_case(tag.as_bytes()))
            })
    })
}

/// A line made of inline links `[text](destination)` (text of letters, digits and spaces;
/// destination of letters, digits and `/._#-`) and words of letters, digits and spaces
/// between them, starting with a link and not ending with a space: a line nothing can
/// start a block with, that opens nothing it does not close and names no reference.
pub(super) fn is_plain_links(line: &str) -> bool {
    let b = line.as_bytes();
    if b.first() != Some(&b'[') || b.last() == Some(&b' ') {
        return false;
    }
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b' ';
    let dest = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'/' | b'.' | b'_' | b'#' | b'-');
    let mut i = 0;
    while i < b.len() {
        // a link
        if b.get(i) != Some(&b'[') {
            return false;
        }
        i += 1;
        while b.get(i).is_some_and(|&c| word(c)) {
            i += 1;
        }
        if b.get(i) != Some(&b']') || b.get(i + 1) != Some(&b'(') {
            return false;
        }
        i += 2;
        let from = i;
        while b.get(i).is_some_and(|&c| dest(c)) {
            i += 1;
        }
        if i == from || b.get(i) != Some(&b')') {
            return false;
        }
        i += 1;
        // words up to the next link
        while b.get(i).is_some_and(|&c| word(c)) {
            i += 1;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_link_lines() {
        for yes in [
            "[page 1](pages/page-1.md)",
            "[a](b.md#x) and [c](d) then words",
            "[](x)[y](z)",
        ] {
            assert!(is_plain_links(yes), "{yes}");
        }
        for no in [
            "",
            "words [a](b)",
            "[a](b) ",
            "[a]: b",
            "[a][b]",
            "[a](b c)",
            "[a](<b>)",
            "[*a*](b)",
            "[a](b) `c`",
            "[a](b) _c_",
            "[a](b) | c",
            "[a]()",
            "[a](b",
            "[a](https://example.com)",
        ] {
            assert!(!is_plain_links(no), "{no}");
        }
    }

    #[test]
    fn cuts_only_inside_paragraphs_of_plain_links_between_blank_lines() {
        let run = "[a](b.md)\n".repeat(10);
        // 10 bytes a line, pieces of 30: cuts every third line of the run
        let doc = format!("# T\n\n{run}\n");
        let cuts = pieces(&doc, 30);
        assert_eq!(cuts.first().map(|r| r.start), Some(0));
        assert_eq!(cuts.last().map(|r| r.end), Some(doc.len()));
        assert!(cuts.len() > 2, "{cuts:?}");
        for w in cuts.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            assert!(doc[..w[0].end].ends_with('\n'));
            assert!(doc[w[1].start..].starts_with("[a]"));
        }
        // the same run followed by a setext underline, or not after a blank line: no cut
        assert_eq!(pieces(&format!("# T\n\n{run}===\n"), 30).len(), 1);
        assert_eq!(pieces(&format!("words\n{run}\n"), 30).len(), 1);
        assert_eq!(pieces(&format!("```\n\n{run}\n```\n"), 30).len(), 1);
        assert_eq!(pieces(&format!("{run}\n[r]: x\n"), 30).len(), 1);
        // at the end of the document
        assert!(pieces(&run, 30).len() > 2);
        // small documents stay whole
        let whole = pieces(&run, 1 << 20);
        assert_eq!((whole.len(), whole[0].end), (1, run.len()));
    }
}
