/// A repository-relative path as a relative URI reference: `/` separates segments, and
/// everything that is not an unreserved character or a sub-delimiter (spaces, `%`, `#`,
/// `?`, `:`, non-ASCII) is percent-encoded as UTF-8, so `docs/guía rápida.md` becomes
/// `docs/gu%C3%ADa%20r%C3%A1pida.md`. A `:` is always encoded, so that a first segment is
/// never read as a URI scheme.
pub(crate) fn relative(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_what_a_uri_path_cannot_hold() {
        assert_eq!(relative("docs/setup.md"), "docs/setup.md");
        assert_eq!(
            relative("docs/guía rápida.md"),
            "docs/gu%C3%ADa%20r%C3%A1pida.md"
        );
        assert_eq!(relative("a:b/c#d?e%f"), "a%3Ab/c%23d%3Fe%25f");
    }
}
