//! The anchors of one Markdown document, indexed once: a `#fragment` is looked up in a hash
//! set (compared without regard to case), and a missing one gets the closest anchor as a
//! suggestion within a work budget, so that a million broken fragments into a document of
//! a million headings cost a bounded amount of work instead of their product. The budget
//! counts the cells of the edit-distance tables (the lengths of the two texts multiplied),
//! the real cost of a comparison.

use std::collections::{HashMap, HashSet};

use shipgate_core::nearest::{nearest_by, typo_distance};

/// Edit-distance cells any one document may spend on suggestions, whatever its size (a
/// fraction of a second).
const BASE_BUDGET: usize = 50_000_000;
/// Further cells per link of the document (the budget grows with the document).
const PER_LINK_BUDGET: usize = 256;

/// Every anchor a `#fragment` may name in one document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Anchors {
    /// Lower-cased anchors.
    lower: HashSet<String>,
    /// `(lower-cased, its length in characters, as written)`, in document order (for
    /// suggestions).
    listed: Vec<(String, usize, String)>,
    /// The characters of all lower-cased anchors.
    chars: usize,
    /// The document's content is partly generated at build time
    /// ([`crate::Document::generated_content`]): a fragment it does not hold is not judged.
    generated: bool,
}

impl Anchors {
    /// The anchors of a document (headings' anchors and HTML ids, as the parser found them).
    pub(crate) fn new(anchors: &[String]) -> Anchors {
        let listed: Vec<(String, usize, String)> = anchors
            .iter()
            .map(|a| {
                let lower = a.to_lowercase();
                let n = lower.chars().count();
                (lower, n, a.clone())
            })
            .collect();
        Anchors {
            lower: listed.iter().map(|(l, _, _)| l.clone()).collect(),
            chars: listed.iter().map(|(_, n, _)| n).sum(),
            listed,
            generated: false,
        }
    }

    /// The anchors of `doc`, knowing whether its content is partly generated.
    pub(crate) fn of(doc: &crate::Document) -> Anchors {
        Anchors::new(&doc.anchors).generated(doc.generated_content)
    }

    /// These anchors, of a document whose content is partly generated (or not).
    pub(crate) fn generated(self, generated: bool) -> Anchors {
        Anchors { generated, ..self }
    }

    /// Whether the lower-cased `wanted` is one of the anchors, or may be one the site
    /// generator adds.
    pub(crate) fn contains(&self, wanted: &str) -> bool {
        self.generated || self.lower.contains(wanted)
    }

    /// What comparing `wanted` with every anchor costs, in edit-distance cells.
    fn cost(&self, wanted: &str) -> usize {
        wanted
            .chars()
            .count()
            .max(1)
            .saturating_mul(self.chars.max(1))
    }
}

/// What one document may still spend on suggestions, and the suggestions already made for
/// it (a fragment repeated in a document is compared once).
#[derive(Debug)]
pub(crate) struct Suggester {
    left: usize,
    made: HashMap<(String, String), Option<String>>,
    /// Cells spent (for tests that count work).
    pub(crate) spent: usize,
}

impl Suggester {
    /// The budget of a document with `links` links.
    pub(crate) fn for_links(links: usize) -> Suggester {
        Suggester {
            left: BASE_BUDGET.saturating_add(links.saturating_mul(PER_LINK_BUDGET)),
            made: HashMap::new(),
            spent: 0,
        }
    }

    /// Spends `cost` comparisons when the budget allows it.
    pub(crate) fn spend(&mut self, cost: usize) -> bool {
        if cost > self.left {
            return false;
        }
        self.left -= cost;
        self.spent = self.spent.saturating_add(cost);
        true
    }

    /// The anchor of `target` closest to the lower-cased `wanted`, when it is close enough
    /// to be a plausible typo; `None` as well once the budget is spent.
    pub(crate) fn nearest(
        &mut self,
        target: &str,
        wanted: &str,
        anchors: &Anchors,
    ) -> Option<String> {
        let key = (target.to_owned(), wanted.to_owned());
        if let Some(made) = self.made.get(&key) {
            return made.clone();
        }
        if !self.spend(anchors.cost(wanted)) {
            return None;
        }
        let found = nearest(wanted, anchors);
        self.made.insert(key, found.clone());
        found
    }
}

/// The anchor closest to `wanted` (compared lower-cased), by the one suggestion rule
/// ([`shipgate_core::nearest`]): within the typo distance of its length, and only when no
/// other anchor is as close.
fn nearest(wanted: &str, anchors: &Anchors) -> Option<String> {
    let max = typo_distance(wanted.chars().count());
    nearest_by(wanted, anchors.listed.iter(), max, |(lower, _, _)| lower)
        .map(|(_, _, written)| written.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors(list: &[&str]) -> Anchors {
        Anchors::new(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn lookups_ignore_case_and_suggestions_name_the_anchor_as_written() {
        let a = anchors(&["Install", "configure-it", "usage"]);
        assert!(a.contains("install"));
        assert!(!a.contains("instal"));
        let mut s = Suggester::for_links(1);
        assert_eq!(s.nearest("a.md", "instal", &a).as_deref(), Some("Install"));
        assert_eq!(
            s.nearest("a.md", "configure", &a).as_deref(),
            Some("configure-it")
        );
        assert_eq!(s.nearest("a.md", "nothing-like-it-at-all", &a), None);
    }

    #[test]
    fn a_repeated_fragment_is_compared_once() {
        let a = anchors(&["install", "usage"]);
        let mut s = Suggester::for_links(3);
        for _ in 0..3 {
            assert_eq!(s.nearest("a.md", "instal", &a).as_deref(), Some("install"));
        }
        // "instal" (6 characters) times "install" and "usage" (12)
        assert_eq!(s.spent, 6 * 12);
    }

    #[test]
    fn anchors_of_very_different_length_are_not_suggested() {
        let a = anchors(&["abc", "abcdefghijklmnop"]);
        let mut s = Suggester::for_links(1);
        assert_eq!(s.nearest("a.md", "abcd", &a).as_deref(), Some("abc"));
        assert_eq!(s.nearest("a.md", "abcdefg", &a), None);
    }

    #[test]
    fn two_equally_close_anchors_get_no_suggestion() {
        let a = anchors(&["setup-a1", "setup-a2", "usage"]);
        let mut s = Suggester::for_links(1);
        // one edit from `setup-a1`, two from `setup-a2`
        assert_eq!(
            s.nearest("a.md", "setup-a1x", &a).as_deref(),
            Some("setup-a1")
        );
        // one edit from both: either may be meant
        assert_eq!(s.nearest("a.md", "setup-a", &a), None);
    }

    #[test]
    fn suggestions_stop_when_the_budget_is_spent() {
        // 10,000 anchors of 10 characters: each fragment of 10 characters costs 1,000,000
        let list: Vec<String> = (0..10_000).map(|i| format!("head-{i:05}")).collect();
        let a = Anchors::new(&list);
        let mut s = Suggester::for_links(0);
        let mut suggested = 0;
        for i in 0..1_000 {
            // one edit from `head-{i:05}`: suggested while the budget lasts
            if s.nearest("a.md", &format!("hexd-{i:05}"), &a).is_some() {
                suggested += 1;
            }
        }
        assert_eq!(s.spent, BASE_BUDGET);
        assert_eq!(suggested, BASE_BUDGET / 1_000_000);
    }
}
