//! [`PathRecords`]: the detail of one path over all its `SF` records, kept sorted so that a
//! repeated record merges in one linear pass.

use shipgate_core::{FileCoverage, LineMap};

use super::branch::BranchKey;

/// Lines (hits added up over records) and branches (taken if any record took them) of one
/// path, each sorted and with one entry per line or branch.
pub(super) struct PathRecords {
    path: String,
    lines: Vec<(u32, u64)>,
    branches: Vec<BranchKey>,
}

impl PathRecords {
    /// No record yet for `path`.
    pub(super) fn new(path: String) -> Self {
        PathRecords {
            path,
            lines: Vec::new(),
            branches: Vec::new(),
        }
    }

    /// The path as the `SF` record names it.
    pub(super) fn path(&self) -> &str {
        &self.path
    }

    /// Fold one record's `DA` and `BRDA` entries in, in the order the record gave them;
    /// leaves both vectors empty (with their capacity) for the next record.
    pub(super) fn add_record(
        &mut self,
        lines: &mut Vec<(u32, u64)>,
        branches: &mut Vec<BranchKey>,
    ) {
        if !lines.is_sorted_by(|a, b| a.0 < b.0) {
            lines.sort_unstable_by_key(|(line, _)| *line);
            lines.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    kept.1 = kept.1.saturating_add(later.1);
                }
                same
            });
        }
        if !branches.is_sorted_by(|a, b| a.order() < b.order()) {
            branches.sort_unstable_by_key(BranchKey::order);
            branches.dedup_by(|later, kept| {
                let same = later.order() == kept.order();
                if same {
                    kept.taken |= later.taken;
                }
                same
            });
        }
        self.lines = merge(
            std::mem::take(&mut self.lines),
            lines,
            |(line, _)| *line,
            |kept, (_, hits)| kept.1 = kept.1.saturating_add(*hits),
        );
        self.branches = merge(
            std::mem::take(&mut self.branches),
            branches,
            BranchKey::order,
            |kept, later| kept.taken |= later.taken,
        );
        lines.clear();
        branches.clear();
    }

    /// The per-line detail: hits per line, and per line the branches valid and covered.
    pub(super) fn finish(self) -> FileCoverage {
        let mut per_line: Vec<(u32, (u32, u32))> = Vec::new();
        for branch in &self.branches {
            let taken = u32::from(branch.taken);
            match per_line.last_mut() {
                Some((line, (valid, covered))) if *line == branch.line => {
                    *valid = valid.saturating_add(1);
                    *covered = covered.saturating_add(taken);
                }
                _ => per_line.push((branch.line, (1, taken))),
            }
        }
        // both are sorted with one entry per line already: taken as they are
        let lines = LineMap::from_unsorted(self.lines, |kept, hits| {
            *kept = kept.saturating_add(hits);
        });
        let branches = LineMap::from_unsorted(per_line, |kept, (valid, covered)| {
            kept.0 = kept.0.saturating_add(valid);
            kept.1 = kept.1.saturating_add(covered);
        });
        FileCoverage::from_maps(self.path, lines, branches)
    }
}

/// The union of two vectors sorted by `key` with unique keys; an entry of `new` whose key
/// `kept` has already is folded into it with `fold`. `kept` is reused when `new` is empty,
/// and `new` copied exactly when `kept` is.
fn merge<T: Copy, K: Ord>(
    kept: Vec<T>,
    new: &[T],
    key: impl Fn(&T) -> K,
    mut fold: impl FnMut(&mut T, &T),
) -> Vec<T> {
    if new.is_empty() {
        return kept;
    }
    if kept.is_empty() {
        return new.to_vec();
    }
    let mut merged = Vec::with_capacity(kept.len() + new.len());
    let mut new = new.iter().peekable();
    for mut entry in kept {
        while let Some(earlier) = new.next_if(|n| key(n) < key(&entry)) {
            merged.push(*earlier);
        }
        if let Some(same) = new.next_if(|n| key(n) == key(&entry)) {
            fold(&mut entry, same);
        }
        merged.push(entry);
    }
    merged.extend(new);
    merged
}

#[cfg(test)]
mod tests {
    use super::super::branch::BranchNames;
    use super::super::fields::BranchId;
    use super::*;

    #[test]
    fn records_of_one_path_merge() {
        let mut names = BranchNames::default();
        let mut records = PathRecords::new("a.c".into());
        let mut lines = vec![(3, 1), (1, 0), (3, 2)];
        let mut branches = vec![
            names.key(3, BranchId::Numeric(0, 1), false),
            names.key(3, BranchId::Numeric(0, 0), true),
        ];
        records.add_record(&mut lines, &mut branches);
        assert!(lines.is_empty() && branches.is_empty());
        let mut lines = vec![(2, 5), (3, 1), (9, 0)];
        let mut branches = vec![
            names.key(3, BranchId::Numeric(0, 1), true),
            names.key(3, BranchId::Text(b"x"), false),
            names.key(9, BranchId::Numeric(0, 0), false),
        ];
        records.add_record(&mut lines, &mut branches);
        let file = records.finish();
        assert_eq!(file.lines().as_slice(), &[(1, 0), (2, 5), (3, 4), (9, 0)]);
        assert_eq!(file.branches().as_slice(), &[(3, (3, 2)), (9, (1, 0))]);
    }
}
