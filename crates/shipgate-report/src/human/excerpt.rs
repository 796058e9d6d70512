//! The offending source line under a finding, and a caret under its column.

use crate::text::one_line;

/// Gutter in front of the excerpt, the caret and the suggestion.
pub(crate) const GUTTER: &str = "     ";

/// `     | <line>` and, when the column is known, `     |      ^` under that character.
/// Control characters are made visible and tabs shown as one space, and the caret is
/// placed by display width, so it stays under the right character after both.
pub(crate) fn lines(
    excerpt: &str,
    column: Option<u32>,
    caret: impl Fn(&str) -> String,
) -> Vec<String> {
    let excerpt = excerpt.trim_end_matches(['\r', '\n']);
    let mut lines = vec![format!("{GUTTER}| {}", one_line(excerpt))];
    if let Some(column) = column {
        let before = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
        let indent: usize = excerpt
            .chars()
            .take(before)
            .map(|c| one_line(&c.to_string()).chars().map(width).sum::<usize>())
            .sum();
        lines.push(format!("{GUTTER}| {}{}", " ".repeat(indent), caret("^")));
    }
    lines
}

/// Columns a character takes in a terminal: 0 for combining marks and zero-width
/// characters, 2 for East Asian wide characters and emoji, else 1. An approximation of
/// `wcwidth` over the common ranges, enough to keep a caret in place.
pub(crate) fn width(c: char) -> usize {
    let u = u32::from(c);
    let zero = matches!(u,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x200B..=0x200F | 0x20D0..=0x20FF | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F | 0xE0100..=0xE01EF);
    if zero {
        return 0;
    }
    let wide = matches!(u,
        0x1100..=0x115F | 0x231A..=0x231B | 0x2329..=0x232A | 0x23E9..=0x23EC
        | 0x2614..=0x2615 | 0x26A1 | 0x26AA..=0x26AB | 0x26BD..=0x26BE | 0x2705
        | 0x270A..=0x270B | 0x274C | 0x2753..=0x2755 | 0x2795..=0x2797 | 0x2B1B..=0x2B1C
        | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F680..=0x1F6FF
        | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        s.to_string()
    }

    #[test]
    fn caret_under_the_column() {
        assert_eq!(
            lines("see [x](y.md)", Some(9), plain),
            vec!["     | see [x](y.md)", "     |         ^"]
        );
        assert_eq!(lines("abc\r\n", None, plain), vec!["     | abc"]);
    }

    #[test]
    fn caret_counts_display_width() {
        // `🚀` is two columns wide, `é` one, the tab is shown as one space, and the
        // escape character as the six characters of `\u{1b}`.
        let out = lines("é🚀\t\u{1b}x", Some(5), plain);
        assert_eq!(out[0], "     | é🚀 \\u{1b}x");
        assert_eq!(out[1], "     |           ^");
        assert_eq!(width('漢'), 2);
        assert_eq!(width('\u{301}'), 0);
        assert_eq!(width('a'), 1);
    }
}
