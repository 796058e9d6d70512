//! Short, printable excerpts of response bodies for messages and evidence.

/// At most `max` characters of `bytes` as one line: invalid UTF-8 replaced, whitespace
/// runs (newlines included) collapsed to one space, control characters dropped, `…`
/// appended when cut.
pub(crate) fn excerpt(bytes: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_and_cuts() {
        assert_eq!(excerpt(b"  a\n\n b\tc  ", 100), "a b c");
        assert_eq!(excerpt(b"abcdef", 3), "abc…");
        assert_eq!(excerpt(b"abc", 3), "abc");
        assert_eq!(excerpt(&[0xff, b'a'], 10), "\u{fffd}a");
        // A space before the last character that fits does not push past the limit.
        assert_eq!(excerpt(b"ab cd", 3), "ab…");
        assert_eq!(excerpt(b"! ! ! !", 4).chars().count(), 4);
        assert_eq!(excerpt(b"a\x07b", 10), "ab");
        assert_eq!(excerpt(b"", 10), "");
    }
}
