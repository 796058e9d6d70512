//! Making arbitrary text (messages, test ids, evidence) safe inside Markdown.

use crate::text::printable;

/// Where escaped text is going: a table cell also needs `|` escaped, even in code spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Cell,
    Prose,
}

/// Text with Markdown and HTML syntax neutralised and newlines kept as `<br>`. In
/// [`Place::Prose`] (a paragraph or list item) a leading `#`, `-`, `+`, `*` or `1.` that
/// would open a block is escaped too.
pub(crate) fn inline(text: &str, place: Place) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        inline_line(line, place == Place::Prose && i == 0, &mut out);
    }
    out
}

/// Like [`inline`], but `` `quoted` `` parts of the text (gate messages quote test ids and
/// labels that way) become code spans rather than escaped backticks.
pub(crate) fn prose(text: &str, place: Place) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut first = true;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        match after.find('`') {
            Some(close) if close > 0 && !after[..close].contains('\n') => {
                out.push_str(&inline(
                    &rest[..open],
                    if first { place } else { Place::Cell },
                ));
                out.push_str(&code(&after[..close], place));
                rest = &after[close + 1..];
                first = false;
            }
            _ => break,
        }
    }
    out.push_str(&inline(rest, if first { place } else { Place::Cell }));
    out
}

/// Characters that mean something anywhere in a line.
const ALWAYS: &[char] = &['\\', '`', '*', '[', ']', '<', '>', '|', '~', '&'];

fn inline_line(line: &str, block_start: bool, out: &mut String) {
    let chars: Vec<char> = line.chars().collect();
    let marker = if block_start {
        block_marker(&chars)
    } else {
        None
    };
    for (i, &c) in chars.iter().enumerate() {
        if Some(i) == marker || ALWAYS.contains(&c) || (c == '_' && !intraword(&chars, i)) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// The index of the character that would make this line a heading, list item or ordered
/// list item (`# x`, `- x`, `+ x`, `12. x`, `3) x`), if any.
fn block_marker(chars: &[char]) -> Option<usize> {
    let spaced = |i: usize| chars.get(i).is_none_or(|c| c.is_whitespace());
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    match chars.first() {
        Some('#' | '-' | '+') if spaced(1) || chars[0] == '#' => Some(0),
        Some(_)
            if digits > 0 && matches!(chars.get(digits), Some('.' | ')')) && spaced(digits + 1) =>
        {
            Some(digits)
        }
        _ => None,
    }
}

/// An `_` between two letters or digits can neither open nor close emphasis.
fn intraword(chars: &[char], i: usize) -> bool {
    let alnum = |j: Option<usize>| {
        j.and_then(|j| chars.get(j))
            .is_some_and(|c| c.is_alphanumeric())
    };
    alnum(i.checked_sub(1)) && alnum(Some(i + 1))
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
        assert_eq!(
            inline("a | b <script>", Place::Cell),
            "a \\| b \\<script\\>"
        );
        assert_eq!(
            inline("line one\r\nline two", Place::Prose),
            "line one<br>line two"
        );
        assert_eq!(inline("97.50%", Place::Cell), "97.50%");
        assert_eq!(inline("-", Place::Cell), "-");
    }

    #[test]
    fn defuses_block_starts() {
        assert_eq!(inline("# not a heading", Place::Prose), "\\# not a heading");
        assert_eq!(inline("- not a list", Place::Prose), "\\- not a list");
        assert_eq!(inline("12. not a list", Place::Prose), "12\\. not a list");
        assert_eq!(inline("a - b 1. c", Place::Prose), "a - b 1. c");
        assert_eq!(inline("--flag and 97.5%", Place::Prose), "--flag and 97.5%");
    }

    #[test]
    fn underscores_escaped_only_where_they_could_emphasise() {
        assert_eq!(inline("test_api::test_x", Place::Prose), "test_api::test_x");
        assert_eq!(inline("_private_ x_", Place::Prose), "\\_private\\_ x\\_");
    }

    #[test]
    fn prose_keeps_quoted_code() {
        assert_eq!(
            prose("slowest test `t::a_b|c` took 3s_x _y", Place::Cell),
            "slowest test `t::a_b\\|c` took 3s_x \\_y"
        );
        assert_eq!(prose("odd ` backtick", Place::Prose), "odd \\` backtick");
        assert_eq!(prose("empty `` pair", Place::Prose), "empty \\`\\` pair");
    }

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(code("a::b", Place::Prose), "`a::b`");
        assert_eq!(code("x`y", Place::Prose), "`` x`y ``");
        assert_eq!(code("p[a|b]", Place::Cell), "`p[a\\|b]`");
    }
}
