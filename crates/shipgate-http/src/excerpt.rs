//! Short, printable excerpts of response bodies for messages and evidence.

/// At most `max` characters of `bytes` as one line: invalid UTF-8 replaced, whitespace
/// runs (newlines included) collapsed to one space, control characters dropped, `…`
/// appended when cut. A JSON body is written back in its plain form first (`\/` and
/// `\u0063` read as `/` and `c`), so that what it says reads, and redacts, as what it means.
pub(crate) fn excerpt(bytes: &[u8], max: usize) -> String {
    let plain = serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .filter(|v| v.is_object() || v.is_array())
        .and_then(|v| serde_json::to_string(&v).ok());
    let text = match &plain {
        Some(p) => std::borrow::Cow::Borrowed(p.as_str()),
        None => String::from_utf8_lossy(bytes),
    };
    let mut out = String::new();
    let mut count = 0;
    let mut pending_space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if c.is_control() {
            continue;
        }
        let space = pending_space && !out.is_empty();
        // The character and the space before it must both fit.
        if count + usize::from(space) >= max {
            out.push('…');
            return out;
        }
        if space {
            out.push(' ');
            count += 1;
        }
        pending_space = false;
        out.push(c);
        count += 1;
    }
    out
}

/// [`excerpt`] with every secret of `redactor` removed before the text is cut, so that a
/// cut never shows the beginning of a secret.
pub(crate) fn redacted_excerpt(bytes: &[u8], max: usize, redactor: &crate::Redactor) -> String {
    if redactor.is_empty() {
        return excerpt(bytes, max);
    }
    let whole = redactor.redact(&excerpt(bytes, usize::MAX));
    excerpt(whole.as_bytes(), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_and_cuts() {
        assert_eq!(excerpt(b"  a\n\n b\tc  ", 100), "a b c");
        assert_eq!(excerpt(b"abcdef", 3), "abc…");
        assert_eq!(excerpt(b"abc", 3), "abc");
        assert_eq!(excerpt(&[0xff, b'a'], 10), "\u{fffd}a");
        assert_eq!(excerpt(b"a\x07b", 10), "ab");
        assert_eq!(excerpt(b"", 10), "");
        // A space before the last character that fits does not push past the limit.
        assert_eq!(excerpt(b"ab cd", 3), "ab…");
        assert_eq!(excerpt(b"! ! ! !", 4).chars().count(), 4);
    }

    #[test]
    fn secrets_go_before_the_cut() {
        let r = crate::Redactor::with_secrets(["abcdefgh"]);
        assert_eq!(redacted_excerpt(b"xx abcdefgh yy", 5, &r), "xx **…");
        assert_eq!(excerpt(b"xx abcdefgh yy", 5), "xx ab…");
    }

    #[test]
    fn json_bodies_read_in_their_plain_form() {
        assert_eq!(
            excerpt(br#"{"t": "cap\/tured", "u": "cap"}"#, 100),
            r#"{"t":"cap/tured","u":"cap"}"#
        );
        assert_eq!(excerpt(br#""just a string""#, 100), r#""just a string""#);
    }
}
