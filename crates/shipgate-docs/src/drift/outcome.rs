//! What one drift check returns: its findings and, per document, how many references it
//! verified against the truth sources.

use std::collections::{BTreeMap, BTreeSet};

use crate::Finding;

/// The result of one drift check over a set of documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DriftCheck {
    /// The problems found, in document order.
    pub findings: Vec<Finding>,
    /// For each document checked (every one, `0` included), how many of its references
    /// were found in the truth sources.
    pub verified: BTreeMap<String, u32>,
    /// Findings that stand unless some document gives their name to another program
    /// (`unknown-env` where the project has no namespace), with that name: documents are
    /// checked one by one, and only all of them together say whose a name is.
    pub unless_foreign: Vec<(String, Finding)>,
    /// The names the documents checked give to other programs.
    pub foreign: BTreeSet<String>,
}

impl DriftCheck {
    /// Records that `doc` was checked (with no verified reference yet).
    pub fn checked(&mut self, doc: &str) {
        self.verified.entry(doc.to_string()).or_insert(0);
    }

    /// Moves the [`DriftCheck::unless_foreign`] findings whose name is not in `foreign`
    /// into the findings (in document order), and drops the others.
    pub fn settle(&mut self, foreign: &BTreeSet<String>) {
        let pending = std::mem::take(&mut self.unless_foreign);
        self.findings.extend(standing(pending, foreign));
        self.findings
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    }

    /// [`DriftCheck::settle`] against the names these documents alone give away.
    pub fn settled(mut self) -> DriftCheck {
        let foreign = std::mem::take(&mut self.foreign);
        self.settle(&foreign);
        self.foreign = foreign;
        self
    }

    /// Counts one verified reference in `doc`.
    pub fn verify(&mut self, doc: &str) {
        let count = self.verified.entry(doc.to_string()).or_insert(0);
        *count = count.saturating_add(1);
    }
}

/// The findings of `pending` whose name `foreign` does not hold: those that stand once
/// every document has said which names it gives to other programs.
pub(crate) fn standing(
    pending: Vec<(String, Finding)>,
    foreign: &BTreeSet<String>,
) -> impl Iterator<Item = Finding> + '_ {
    pending
        .into_iter()
        .filter(move |(name, _)| !foreign.contains(name))
        .map(|(_, finding)| finding)
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
