//! The clean-up mermaid applies to a diagram's text before any diagram parser sees it:
//! `%%{ ... }%%` directives removed wherever they are, whole-line `%%` comments removed, and
//! HTML-like entities (`#quot;`, `#59;`) hidden so that their `#` and `;` are not read as a
//! comment or a statement separator.
//!
//! Every pass overwrites characters in place (see [`Source`]), so positions are unchanged.

use super::error::MermaidError;
use super::source::Source;

/// Blank every `%%{ ... }%%` directive (which may span lines).
pub(crate) fn directives(src: &mut Source) -> Result<(), MermaidError> {
    let mut i = 0;
    while let Some(open) = src.find(i, "%%{") {
        let Some(close) = src.find(open + 3, "}%%") else {
            return Err(src.error(
                open,
                "`%%{` directive opened here is never closed with `}%%`",
            ));
        };
        src.blank(open, close + 3);
        i = close + 3;
    }
    Ok(())
}

/// Blank lines whose first non-blank characters are `%%`.
pub(crate) fn comment_lines(src: &mut Source) {
    let mut start = 0;
    while start < src.len() {
        let end = src.eol(start);
        let first = src.skip_spaces(start);
        if src.starts_with(first, "%%") {
            src.blank(first, end);
        }
        start = end + 1;
    }
}

/// Hide `#name;` / `#123;` entities: their `#` and `;` become letters.
pub(crate) fn entities(src: &mut Source) {
    let mut i = 0;
    while i < src.len() {
        if src.get(i) == Some('#') {
            let mut k = i + 1;
            while src
                .get(k)
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                k += 1;
            }
            if k > i + 1 && src.get(k) == Some(';') {
                src.replace(i, 'x');
                src.replace(k, 'x');
                i = k;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_blanked_across_lines() {
        let mut src = Source::new("%%{init: {\n 'theme': 'dark'}}%%\ngraph TD");
        directives(&mut src).unwrap();
        let text = src.slice(0, src.len());
        assert!(!text.contains('%'), "{text}");
        assert!(text.ends_with("\ngraph TD"));
        assert_eq!(text.lines().count(), 3);
    }

    #[test]
    fn an_unclosed_directive_is_reported_where_it_opens() {
        let mut src = Source::new("graph TD\n  %%{init: {}}\nA-->B");
        let e = directives(&mut src).unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
    }

    #[test]
    fn only_whole_line_comments_are_removed() {
        let mut src = Source::new("  %% note\nA --> B %% trailing\n%%");
        comment_lines(&mut src);
        let text = src.slice(0, src.len());
        assert_eq!(text, "         \nA --> B %% trailing\n  ");
    }

    #[test]
    fn entities_lose_their_hash_and_semicolon() {
        let mut src = Source::new("A[#quot;x#quot;] #59; ok #; #-1;");
        entities(&mut src);
        assert_eq!(src.slice(0, src.len()), "A[xquotxxxquotx] x59x ok #; #-1;");
    }
}
