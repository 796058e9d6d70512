//! Replacing secrets by `***` in every string handed back to callers.

use std::fmt;

/// What a secret is replaced with.
pub const REDACTED: &str = "***";

/// A set of secrets (auth tokens, passwords, captured values) and the means to remove them
/// from text.
///
/// Each secret is registered in the forms it can take in output: as is, percent-encoded
/// (in a URL's path or query string, `+` or `%20` for spaces) and JSON-escaped (inside a
/// response body excerpt). Longer secrets are replaced first, so a secret that contains
/// another is removed whole. Empty secrets are ignored. A short secret (say a captured `1`)
/// is still replaced wherever it appears: over-redaction is the price of never leaking.
///
/// `Debug` shows only how many secrets are held, never the secrets.
#[derive(Clone, Default)]
pub struct Redactor {
    /// Every form of every secret, longest first, without duplicates.
    patterns: Vec<String>,
}

impl Redactor {
    /// A redactor with no secrets: [`Redactor::redact`] returns its input.
    pub fn new() -> Self {
        Redactor::default()
    }

    /// A redactor holding `secrets`.
    pub fn with_secrets<S: AsRef<str>>(secrets: impl IntoIterator<Item = S>) -> Self {
        let mut redactor = Redactor::new();
        for secret in secrets {
            redactor.add(secret.as_ref());
        }
        redactor
    }

    /// Register a secret (ignored when empty).
    pub fn add(&mut self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let path = form.replace('+', "%20");
        let json = serde_json::to_string(secret)
            .ok()
            .and_then(|quoted| {
                quoted
                    .strip_prefix('"')
                    .and_then(|s| s.strip_suffix('"'))
                    .map(str::to_string)
            })
            .unwrap_or_default();
        for candidate in [secret.to_string(), form, path, json] {
            if !candidate.is_empty() && !self.patterns.contains(&candidate) {
                self.patterns.push(candidate);
            }
        }
        self.patterns
            .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    }

    /// Whether no secret is registered.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// `text` with every registered secret replaced by [`REDACTED`].
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        self.redact_in_place(&mut out);
        out
    }

    /// Replace every registered secret in `text` by [`REDACTED`].
    pub fn redact_in_place(&self, text: &mut String) {
        for pattern in &self.patterns {
            if text.contains(pattern.as_str()) {
                *text = text.replace(pattern.as_str(), REDACTED);
            }
        }
    }

    /// [`Redactor::redact_in_place`] over every string of a list.
    pub fn redact_all(&self, texts: &mut [String]) {
        for text in texts {
            self.redact_in_place(text);
        }
    }
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redactor")
            .field("patterns", &self.patterns.len())
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
        // Query string (form encoding), path encoding, JSON escaping.
        assert_eq!(r.redact("?t=a+b%2Fc%22d&x=1"), "?t=***&x=1");
        assert_eq!(r.redact("/u/a%20b%2Fc%22d"), "/u/***");
        assert_eq!(r.redact(r#"{"t":"a b/c\"d"}"#), r#"{"t":"***"}"#);
        assert_eq!(r.redact("raw a b/c\"d"), "raw ***");
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
