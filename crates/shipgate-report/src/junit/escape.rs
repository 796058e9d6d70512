//! Escaping on top of quick-xml's: characters XML 1.0 forbids are made visible, and
//! whitespace in attributes is kept as character references (a parser would otherwise
//! normalise newlines in an attribute to spaces).

use std::borrow::Cow;

/// Escape element text.
pub(crate) fn text(raw: &str) -> String {
    quick_xml::escape::escape(legal(raw)).into_owned()
}

/// Escape an attribute value (for use between double quotes).
pub(crate) fn attr(raw: &str) -> String {
    let escaped = quick_xml::escape::escape(legal(raw));
    if !escaped.contains(['\n', '\r', '\t']) {
        return escaped.into_owned();
    }
    escaped
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

/// `raw` with every character XML 1.0 does not allow replaced by a visible `\u{..}` escape.
fn legal(raw: &str) -> Cow<'_, str> {
    if raw.chars().all(allowed) {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(
        raw.chars()
            .map(|c| {
                if allowed(c) {
                    c.to_string()
                } else {
                    c.escape_unicode().to_string()
                }
            })
            .collect(),
    )
}

/// XML 1.0 `Char`: tab, newline, carriage return, and everything from U+0020 except the
/// non-characters U+FFFE and U+FFFF (a Rust `char` is never a surrogate).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            attr(r#"a<b & "c" 'd'"#),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;"
        );
        assert_eq!(text("x < y && z"), "x &lt; y &amp;&amp; z");
    }

    #[test]
    fn keeps_newlines_in_attributes() {
        assert_eq!(attr("one\ntwo\tthree\r"), "one&#10;two&#9;three&#13;");
    }

    #[test]
    fn replaces_characters_xml_forbids() {
        assert_eq!(text("bell\u{7}esc\u{1b}"), "bell\\u{7}esc\\u{1b}");
        assert_eq!(attr("nul\u{0}"), "nul\\u{0}");
    }
}
