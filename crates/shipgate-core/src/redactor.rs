//! The one redactor: secrets replaced by `***` in every form they can take in output.
//!
//! A secret reaches output in forms other than the one it was read in: percent-encoded in
//! a request URL (`+` or `%20` for spaces, upper- or lower-case hex), JSON-escaped in an
//! expectation or a response body (`\"`, `\/`, `\uXXXX`), XML-escaped, or as the base64 of
//! Basic authentication. Each registered secret is matched in all of those forms, in one
//! pass over the text (leftmost-longest, so a secret that contains another is removed
//! whole). Reports are redacted on the model's strings before any renderer runs (see
//! [`crate::Report::redact`]), so renderers' own escaping never shows a secret and key
//! names, ids and numbers are never touched.
//!
//! `Debug` shows only how many forms are held, never a secret.

use std::fmt;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// What a secret is replaced with.
pub const REDACTED: &str = "***";

/// A set of secrets and the means to remove them from text.
#[derive(Clone, Default)]
pub struct Redactor {
    /// Every form of every secret, without duplicates.
    patterns: Vec<String>,
    /// The matcher over `patterns`; `None` when there is none.
    matcher: Option<AhoCorasick>,
}

impl Redactor {
    /// A redactor with no secrets: [`Redactor::redact`] returns its input.
    pub fn new() -> Self {
        Redactor::default()
    }

    /// A redactor holding `secrets`.
    pub fn with_secrets<S: AsRef<str>>(secrets: impl IntoIterator<Item = S>) -> Self {
        let mut redactor = Redactor::new();
        redactor.extend(secrets);
        redactor
    }

    /// Register a secret (ignored when empty).
    pub fn add(&mut self, secret: &str) {
        self.extend([secret]);
    }

    /// Register several secrets.
    pub fn extend<S: AsRef<str>>(&mut self, secrets: impl IntoIterator<Item = S>) {
        for secret in secrets {
            for form in forms(secret.as_ref()) {
                if !form.is_empty() && !self.patterns.contains(&form) {
                    self.patterns.push(form);
                }
            }
        }
        self.rebuild();
    }

    /// Register the credentials of HTTP Basic authentication: each part, and the base64 of
    /// `user:password` that a server may echo back.
    pub fn add_basic_auth(&mut self, user: &str, password: &str) {
        use base64::Engine;
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        self.extend([password, token.as_str()]);
    }

    /// Whether no secret is registered.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// `text` with every registered secret replaced by [`REDACTED`].
    pub fn redact(&self, text: &str) -> String {
        match &self.matcher {
            Some(m) if m.is_match(text) => {
                m.replace_all(text, &vec![REDACTED; self.patterns.len()])
            }
            _ => text.to_string(),
        }
    }

    /// Replace every registered secret in `text` by [`REDACTED`].
    pub fn redact_in_place(&self, text: &mut String) {
        if let Some(m) = &self.matcher {
            if m.is_match(text.as_str()) {
                *text = self.redact(text);
            }
        }
    }

    /// [`Redactor::redact_in_place`] over every string of a list.
    pub fn redact_all(&self, texts: &mut [String]) {
        for text in texts {
            self.redact_in_place(text);
        }
    }

    /// Whether `text` shows a registered secret in any of its forms.
    pub fn reveals(&self, text: &str) -> bool {
        self.matcher.as_ref().is_some_and(|m| m.is_match(text))
    }

    fn rebuild(&mut self) {
        self.matcher = if self.patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&self.patterns)
                .ok()
        };
    }
}

/// Every form a secret can take in output.
fn forms(secret: &str) -> Vec<String> {
    if secret.is_empty() {
        return Vec::new();
    }
    let form: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let path = form.replace('+', "%20");
    let lower_hex = |s: &str| {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(i) = rest.find('%') {
            out.push_str(&rest[..i]);
            let code = rest.get(i..i + 3).unwrap_or(&rest[i..]);
            out.push_str(&code.to_ascii_lowercase());
            rest = &rest[i + code.len()..];
        }
        out.push_str(rest);
        out
    };
    let json = serde_json::to_string(secret)
        .ok()
        .and_then(|quoted| {
            quoted
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .map(str::to_string)
        })
        .unwrap_or_default();
    let json_slash = json.replace('/', "\\/");
    let unicode: String = secret
        .encode_utf16()
        .map(|u| format!("\\u{u:04x}"))
        .collect();
    let xml = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;");
    let mut out = vec![
        secret.to_string(),
        lower_hex(&form),
        lower_hex(&path),
        form,
        path,
        json,
        json_slash,
        unicode.clone(),
        unicode.to_ascii_uppercase().replace("\\U", "\\u"),
        xml,
    ];
    out.dedup();
    out
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redactor")
            .field("forms", &self.patterns.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_every_occurrence() {
        let r = Redactor::with_secrets(["s3cr3t"]);
        assert_eq!(
            r.redact("token s3cr3t and again s3cr3t."),
            "token *** and again ***."
        );
        assert_eq!(r.redact("nothing here"), "nothing here");
    }

    #[test]
    fn empty_secrets_are_ignored() {
        let r = Redactor::with_secrets([""]);
        assert!(r.is_empty());
        assert_eq!(r.redact("abc"), "abc");
    }

    #[test]
    fn longer_secrets_go_first() {
        let r = Redactor::with_secrets(["abc", "abcdef"]);
        assert_eq!(r.redact("x abcdef y abc"), "x *** y ***");
    }

    #[test]
    fn encoded_forms_are_redacted_too() {
        let r = Redactor::with_secrets(["a b/c\"d"]);
        // Query string (form encoding, either hex case), path encoding, JSON escaping.
        assert_eq!(r.redact("?t=a+b%2Fc%22d&x=1"), "?t=***&x=1");
        assert_eq!(r.redact("?t=a+b%2fc%22d&x=1"), "?t=***&x=1");
        assert_eq!(r.redact("/u/a%20b%2Fc%22d"), "/u/***");
        assert_eq!(r.redact(r#"{"t":"a b/c\"d"}"#), r#"{"t":"***"}"#);
        assert_eq!(r.redact(r#"{"t":"a b\/c\"d"}"#), r#"{"t":"***"}"#);
        assert_eq!(r.redact("<t>a b/c&quot;d</t>"), "<t>***</t>");
        assert_eq!(r.redact("raw a b/c\"d"), "raw ***");
    }

    #[test]
    fn unicode_escapes_and_basic_auth_are_redacted() {
        let mut r = Redactor::with_secrets(["cap"]);
        assert_eq!(r.redact(r#""\u0063\u0061\u0070""#), r#""***""#);
        r.add_basic_auth("smoke", "hunter2");
        // base64("smoke:hunter2")
        assert_eq!(r.redact("Basic c21va2U6aHVudGVyMg=="), "Basic ***");
        assert_eq!(r.redact("pw hunter2"), "pw ***");
        assert!(r.reveals("c21va2U6aHVudGVyMg=="));
        assert!(!r.reveals("smoke"));
    }

    #[test]
    fn debug_never_shows_secrets() {
        let r = Redactor::with_secrets(["hunter2"]);
        let shown = format!("{r:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn redact_all_covers_lists() {
        let r = Redactor::with_secrets(["tok"]);
        let mut list = vec!["a tok".to_string(), "b".to_string()];
        r.redact_all(&mut list);
        assert_eq!(list, ["a ***", "b"]);
    }
}
