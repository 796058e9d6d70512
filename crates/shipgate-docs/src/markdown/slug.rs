//! GitHub heading anchors: the slug of a heading's text and the `-1`, `-2`... suffixes that
//! keep repeated slugs unique within one document.

use std::collections::HashMap;

/// The GitHub slug of a heading's plain text.
///
/// Lower-cases the text, removes every character that is not a letter, a number, a space,
/// a hyphen or an underscore (letters and numbers of every script are kept), and turns each
/// space into a hyphen without collapsing runs: `"What's new? (v2.0)"` becomes
/// `"whats-new-v20"` and `"a  b"` becomes `"a--b"`.
pub fn slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// Hands out unique anchors for the headings of one document, in order, the way GitHub
/// does: the first `usage` stays `usage`, the next ones become `usage-1`, `usage-2`...,
/// skipping any suffixed form that is already taken (say by a heading literally named
/// `Usage 1`).
#[derive(Debug, Default, Clone)]
pub struct Slugger {
    /// Every anchor handed out (or reserved) so far, with the last suffix tried for it as
    /// a base.
    occurrences: HashMap<String, u64>,
}

impl Slugger {
    /// A slugger with no anchor taken yet.
    pub fn new() -> Self {
        Slugger::default()
    }

    /// The unique anchor for a heading whose text is `text`.
    pub fn slug(&mut self, text: &str) -> String {
        let base = slug(text);
        let mut candidate = base.clone();
        while self.occurrences.contains_key(&candidate) {
            let counter = self.occurrences.entry(base.clone()).or_insert(0);
            *counter = counter.saturating_add(1);
            candidate = format!("{base}-{counter}");
        }
        self.occurrences.insert(candidate.clone(), 0);
        candidate
    }

    /// Marks an explicit anchor (`{#custom-id}`) as taken, so that later generated anchors
    /// do not repeat it.
    pub fn reserve(&mut self, anchor: &str) {
        self.occurrences.entry(anchor.to_string()).or_insert(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slug_removes_punctuation_and_keeps_spaces_as_hyphens() {
        assert_eq!(slug("What's new? (v2.0)"), "whats-new-v20");
        assert_eq!(slug("a  b"), "a--b");
        assert_eq!(slug("Hello, World!"), "hello-world");
        assert_eq!(
            slug("snake_case and kebab-case"),
            "snake_case-and-kebab-case"
        );
        assert_eq!(slug("C++ & Rust"), "c--rust");
        assert_eq!(slug("`code` span"), "code-span");
    }

    #[test]
    fn slug_keeps_letters_and_numbers_of_every_script() {
        assert_eq!(slug("Привет non-latin 你好"), "привет-non-latin-你好");
        assert_eq!(slug("Über Größe"), "über-größe");
        assert_eq!(slug("😄 emoji"), "-emoji");
    }

    #[test]
    fn repeated_slugs_get_suffixes_in_order() {
        let mut s = Slugger::new();
        assert_eq!(s.slug("Usage"), "usage");
        assert_eq!(s.slug("Usage"), "usage-1");
        assert_eq!(s.slug("Other"), "other");
        assert_eq!(s.slug("Usage"), "usage-2");
    }

    #[test]
    fn a_generated_suffix_skips_a_slug_already_taken() {
        // github-slugger: foo, foo-1 (a heading of its own), then foo -> foo-2, foo -> foo-3,
        // and a second "foo 1" heading -> foo-1-1.
        let mut s = Slugger::new();
        assert_eq!(s.slug("foo"), "foo");
        assert_eq!(s.slug("foo 1"), "foo-1");
        assert_eq!(s.slug("foo"), "foo-2");
        assert_eq!(s.slug("foo"), "foo-3");
        assert_eq!(s.slug("foo-1"), "foo-1-1");
    }

    #[test]
    fn a_suffixed_slug_taken_later_by_its_own_heading_gets_a_suffix() {
        let mut s = Slugger::new();
        assert_eq!(s.slug("foo"), "foo");
        assert_eq!(s.slug("foo"), "foo-1");
        assert_eq!(s.slug("foo 1"), "foo-1-1");
    }

    #[test]
    fn reserved_anchors_are_skipped() {
        let mut s = Slugger::new();
        s.reserve("install");
        assert_eq!(s.slug("Install"), "install-1");
    }

    proptest! {
        #[test]
        fn slugs_are_unique_and_never_panic(texts in prop::collection::vec("[a-z -]{0,6}|\\PC{0,6}", 0..20)) {
            let mut slugger = Slugger::new();
            let mut seen = std::collections::HashSet::new();
            for t in &texts {
                prop_assert!(seen.insert(slugger.slug(t)));
            }
        }
    }
}
