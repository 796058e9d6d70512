//! Link destinations shared between the links of a document: a document that links to the
//! same few files a million times holds each destination once.

use std::collections::HashSet;
use std::sync::Arc;

/// How many distinct destinations are remembered: a document of a million distinct ones
/// does not keep a set of them all besides its links.
const KEPT: usize = 4096;

/// The destinations of one document seen so far (the first [`KEPT`] distinct ones).
#[derive(Debug, Default)]
pub(super) struct Destinations {
    seen: HashSet<Arc<str>>,
}

impl Destinations {
    /// `destination`, shared with the earlier links to it when it was remembered.
    pub(super) fn get(&mut self, destination: &str) -> Arc<str> {
        if let Some(known) = self.seen.get(destination) {
            return Arc::clone(known);
        }
        let new: Arc<str> = Arc::from(destination);
        if self.seen.len() < KEPT {
            self.seen.insert(Arc::clone(&new));
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_destinations_are_one_string_and_the_set_stays_bounded() {
        let mut d = Destinations::default();
        let a = d.get("a.md");
        let b = d.get("a.md");
        assert!(Arc::ptr_eq(&a, &b));
        for i in 0..2 * KEPT {
            assert_eq!(&*d.get(&format!("p{i}.md")), format!("p{i}.md"));
        }
        assert_eq!(d.seen.len(), KEPT);
        assert!(Arc::ptr_eq(&a, &d.get("a.md")));
    }
}
