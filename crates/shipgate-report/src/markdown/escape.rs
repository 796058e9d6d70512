//! Making arbitrary text (messages, test ids, evidence) safe inside Markdown.

use crate::text::printable;

/// Where escaped text is going: a table cell also needs `|` escaped, even in code spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Cell,
    Prose,
}

/// Prose with Markdown and HTML syntax neutralised and newlines kept as `<br>`, safe in a
/// table cell, a list item or a paragraph.
pub(crate) fn inline(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        inline_line(line, &mut out);
    }
    out
}

/// Characters that mean something anywhere in a line.
const ALWAYS: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&'];

fn inline_line(line: &str, out: &mut String) {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    for (i, c) in line.chars().enumerate() {
        let opens_block = (i == 0 && matches!(c, '#' | '+' | '-' | '='))
            || (i == digits && digits > 0 && matches!(c, '.' | ')'));
        if opens_block || ALWAYS.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A code span (for ids, thresholds, gate labels) that survives backticks in the text.
pub(crate) fn code(text: &str, place: Place) -> String {
    let text = printable(text).replace('\n', " ");
    let longest = longest_backtick_run(&text);
    let fence = "`".repeat(longest + 1);
    let pad = if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        " "
    } else {
        ""
    };
    let body = match place {
        Place::Cell => text.replace('|', "\\|"),
        Place::Prose => text,
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

fn longest_backtick_run(text: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn escapes_pipes_and_html() {
        assert_eq!(inline("a | b <script>"), "a \\| b \\<script\\>");
        assert_eq!(inline("line one\r\nline two"), "line one<br>line two");
    }

    #[test]
    fn defuses_block_starts() {
        assert_eq!(inline("# not a heading"), "\\# not a heading");
        assert_eq!(inline("- not a list"), "\\- not a list");
        assert_eq!(inline("12. not a list"), "12\\. not a list");
        assert_eq!(inline("a - b 1. c"), "a - b 1. c");
    }

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(code("a::b", Place::Prose), "`a::b`");
        assert_eq!(code("x`y", Place::Prose), "`` x`y ``");
        assert_eq!(code("p[a|b]", Place::Cell), "`p[a\\|b]`");
    }
}
