//! What one drift check returns: its findings and, per document, how many references it
//! verified against the truth sources.

use std::collections::BTreeMap;

use crate::Finding;

/// The result of one drift check over a set of documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DriftCheck {
    /// The problems found, in document order.
    pub findings: Vec<Finding>,
    /// For each document checked (every one, `0` included), how many of its references
    /// were found in the truth sources.
    pub verified: BTreeMap<String, u32>,
}

impl DriftCheck {
    /// Records that `doc` was checked (with no verified reference yet).
    pub fn checked(&mut self, doc: &str) {
        self.verified.entry(doc.to_string()).or_insert(0);
    }

    /// Counts one verified reference in `doc`.
    pub fn verify(&mut self, doc: &str) {
        let count = self.verified.entry(doc.to_string()).or_insert(0);
        *count = count.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_counts_per_document() {
        let mut check = DriftCheck::default();
        check.verify("a.md");
        check.verify("b.md");
        check.verify("a.md");
        check.checked("c.md");
        check.checked("a.md");
        assert_eq!(check.verified.get("a.md"), Some(&2));
        assert_eq!(check.verified.get("b.md"), Some(&1));
        assert_eq!(check.verified.get("c.md"), Some(&0));
        assert_eq!(check.verified.get("d.md"), None);
    }
}
