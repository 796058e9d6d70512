//! Where a link's destination points: outside the repository (a URI), at a repository path
//! (with an optional `#fragment`), or above the repository root.

use std::path::Path;

use crate::repo::relpath;

/// A link destination, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Nothing to check: an empty destination.
    Empty,
    /// A URI with a scheme (`https:`, `mailto:`...) or a protocol-relative `//host/...`.
    External,
    /// A repository path.
    Local {
        /// Repository-relative, `/`-separated, percent-decoded and normalised; `""` is the
        /// root. For a fragment-only link, the linking document's own path.
        path: String,
        /// The percent-decoded `#fragment`, when one is present and not empty.
        fragment: Option<String>,
    },
    /// A relative path that climbs above the repository root.
    Outside,
}

/// Whether `destination` starts with a URI scheme (`[A-Za-z][A-Za-z0-9+.-]*:`) or is
/// protocol-relative (`//host`).
pub fn is_external(destination: &str) -> bool {
    if destination.starts_with("//") {
        return true;
    }
    let mut chars = destination.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    for c in chars {
        match c {
            ':' => return true,
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-') => {}
            _ => return false,
        }
    }
    false
}

/// Decodes `%XX` escapes (`my%20file.md` -> `my file.md`); malformed escapes stay as they
/// are, and so does the whole text when the decoded bytes are not UTF-8.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Splits a destination into its path, `?query` and `#fragment` parts (as written).
pub fn split_destination(destination: &str) -> (&str, Option<&str>) {
    let (before, fragment) = match destination.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (destination, None),
    };
    let path = before.split_once('?').map_or(before, |(path, _)| path);
    (path, fragment)
}

/// Classifies the destination of a link in the document `from_doc` (repository-relative).
///
/// A path starting with `/` starts from the repository root (as on GitHub), any other
/// from the document's folder; a link with only a `#fragment` (or `?query`) points at
/// the document itself.
pub fn classify(from_doc: &str, destination: &str) -> Target {
    let destination = destination.trim();
    if destination.is_empty() {
        return Target::Empty;
    }
    if is_external(destination) {
        return Target::External;
    }
    let (raw_path, raw_fragment) = split_destination(destination);
    let fragment = raw_fragment.map(percent_decode).filter(|f| !f.is_empty());
    if raw_path.is_empty() {
        return match relpath::normalize(from_doc) {
            Some(path) => Target::Local { path, fragment },
            None => Target::Outside,
        };
    }
    match relpath::join(relpath::parent(from_doc), &percent_decode(raw_path)) {
        Some(path) => Target::Local { path, fragment },
        None => Target::Outside,
    }
}

/// The repository-relative path (`/`-separated, `""` for the root) a link in the
/// document `from_doc` points at, ignoring any `?query` and `#fragment`; `None` for an
/// external or empty destination and for a path above the root.
///
/// Resolution is lexical: whether the target exists is not looked at, so `root` only
/// anchors the meaning of the result.
pub fn resolve_link(root: &Path, from_doc: &str, destination: &str) -> Option<String> {
    let _ = root;
    match classify(from_doc, destination) {
        Target::Local { path, .. } => Some(path),
        Target::Empty | Target::External | Target::Outside => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn local(path: &str, fragment: Option<&str>) -> Target {
        Target::Local {
            path: path.to_string(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn schemes_and_protocol_relative_links_are_external() {
        for d in [
            "http://x",
            "HTTPS://x",
            "mailto:a@b.c",
            "tel:+1",
            "ftp://x",
            "data:image/png;base64,xx",
            "vscode-insiders:x",
            "git+ssh://x",
            "//cdn.example.com/x.js",
        ] {
            assert!(is_external(d), "{d}");
        }
        for d in [
            "docs/a.md",
            "./a.md",
            "1http:x",
            "a b:c",
            "#x",
            "/x",
            "a/b:c",
        ] {
            assert!(!is_external(d), "{d}");
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("%C3%A9t%C3%A9"), "été");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%FF"), "%FF");
    }

    #[test]
    fn classify_relative_root_relative_and_fragments() {
        let from = "docs/guide/intro.md";
        assert_eq!(classify(from, "../setup.md"), local("docs/setup.md", None));
        assert_eq!(
            classify(from, "../setup.md?plain=1#Install"),
            local("docs/setup.md", Some("Install"))
        );
        assert_eq!(classify(from, "/README.md"), local("README.md", None));
        assert_eq!(classify(from, "#usage"), local(from, Some("usage")));
        assert_eq!(classify(from, "#"), local(from, None));
        assert_eq!(
            classify(from, "my%20file.md#a%20b"),
            local("docs/guide/my file.md", Some("a b"))
        );
        assert_eq!(classify(from, "../../.."), Target::Outside);
        assert_eq!(classify(from, "/../x.md"), Target::Outside);
        assert_eq!(classify(from, "  "), Target::Empty);
        assert_eq!(classify(from, "https://x/#y"), Target::External);
        assert_eq!(classify(from, "./"), local("docs/guide", None));
    }

    #[test]
    fn resolve_link_ignores_fragments() {
        let root = Path::new(".");
        assert_eq!(
            resolve_link(root, "docs/a.md", "b.md#x").as_deref(),
            Some("docs/b.md")
        );
        assert_eq!(resolve_link(root, "docs/a.md", "https://x"), None);
        assert_eq!(resolve_link(root, "docs/a.md", "../../x"), None);
    }

    #[test]
    fn what_climbs_above_the_root() {
        // proptest's shrunk case: a document path that itself climbs above the root takes
        // every relative link with it, although the link has no `..`
        assert_eq!(classify("../", "!"), Target::Outside);
        assert_eq!(classify("../a.md", "#x"), Target::Outside);
        // `..` written as percent escapes climbs as `..` does
        assert_eq!(classify("a.md", "%2E%2E/x.md"), Target::Outside);
        assert_eq!(classify("a.md", "%2e./x.md"), Target::Outside);
        assert_eq!(classify("a.md", "%2E%2E/x.md#%FF"), Target::Outside);
        assert_eq!(classify("docs/a.md", "%2e%2e/x.md"), local("x.md", None));
    }

    /// Any text, or a repository-relative document path as the scanner gives them.
    fn document_path() -> impl Strategy<Value = String> {
        prop_oneof![".{0,20}", "([a-z]{1,3}/){0,3}[a-z]{1,3}\\.md"]
    }

    /// Any text, or one made of path segments, dots, escapes, fragments and queries.
    fn destination() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "(/|\\.\\./|\\./|%2[Ee]|[a-z]{1,3}|\\.md|#[a-z]{0,2}|\\?x|%20){0,8}",
        ]
    }

    proptest! {
        #[test]
        fn classify_never_panics(from in document_path(), dest in destination()) {
            // a local target is repository-relative and normalised; decoding without `%`
            // changes nothing
            match classify(&from, &dest) {
                Target::Local { path, fragment } => {
                    prop_assert!(!path.starts_with('/'), "{}", path);
                    prop_assert!(!path.split('/').any(|s| s == ".." || s == "."), "{}", path);
                    prop_assert!(fragment.is_none_or(|f| !f.is_empty()));
                }
                Target::Empty => prop_assert!(dest.trim().is_empty()),
                Target::External => prop_assert!(is_external(dest.trim())),
                // only a `..` climbs: the link's (perhaps percent-escaped) or the document
                // path's own, which a document the scanner found never has
                Target::Outside => prop_assert!(
                    dest.to_ascii_lowercase().replace("%2e", ".").contains("..")
                        || from.split('/').any(|s| s == ".."),
                    "{} from {}",
                    dest,
                    from
                ),
            }
            if !dest.contains('%') {
                prop_assert_eq!(percent_decode(&dest), dest.clone());
            }
        }
    }
}
