//! [`BranchKey`]: one `BRDA` branch of a record in 16 bytes, and [`BranchNames`], which gives
//! the rare branch ids that are not small numbers a compact key of their own.

use std::collections::HashMap;

use super::fields::BranchId;

/// How a key's `block`/`branch` pair is to be read.
const NUMERIC: u8 = 0;
/// `block`/`branch` hold the high and low halves of an index into [`BranchNames`].
const NAMED: u8 = 1;

/// A branch of one line: equal keys are the same branch (line, block and branch id), and
/// `taken` says whether the record took it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct BranchKey {
    pub(super) line: u32,
    kind: u8,
    block: u32,
    branch: u32,
    pub(super) taken: bool,
}

impl BranchKey {
    /// The order records are sorted and merged in: by line, then by branch id.
    pub(super) fn order(&self) -> (u32, u8, u32, u32) {
        (self.line, self.kind, self.block, self.branch)
    }
}

/// An id that does not fit two `u32`s: a numeric pair with a large number, or text.
#[derive(PartialEq, Eq, Hash)]
enum Name {
    Large(u64, u64),
    Text(Box<[u8]>),
}

/// The branch ids of a parse that are not a pair of `u32`s, each numbered once.
#[derive(Default)]
pub(super) struct BranchNames {
    index: HashMap<Name, u64>,
}

impl BranchNames {
    /// The key of branch `id` on `line`.
    pub(super) fn key(&mut self, line: u32, id: BranchId<'_>, taken: bool) -> BranchKey {
        let name = match id {
            BranchId::Numeric(block, branch) => {
                if let (Ok(block), Ok(branch)) = (u32::try_from(block), u32::try_from(branch)) {
                    return BranchKey {
                        line,
                        kind: NUMERIC,
                        block,
                        branch,
                        taken,
                    };
                }
                Name::Large(block, branch)
            }
            BranchId::Text(text) => Name::Text(text.into()),
        };
        let next = self.index.len() as u64;
        let number = *self.index.entry(name).or_insert(next);
        BranchKey {
            line,
            kind: NAMED,
            block: (number >> 32) as u32,
            branch: number as u32,
            taken,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_ids_give_equal_keys() {
        let mut names = BranchNames::default();
        let small = names.key(3, BranchId::Numeric(0, 1), true);
        assert_eq!(small, names.key(3, BranchId::Numeric(0, 1), true));
        assert_ne!(
            small.order(),
            names.key(3, BranchId::Numeric(1, 0), true).order()
        );
        let large = names.key(3, BranchId::Numeric(u64::from(u32::MAX) + 1, 0), false);
        assert_eq!(
            large,
            names.key(3, BranchId::Numeric(u64::from(u32::MAX) + 1, 0), false)
        );
        let text = names.key(3, BranchId::Text(b"e0,jump"), false);
        assert_eq!(text, names.key(3, BranchId::Text(b"e0,jump"), false));
        assert_ne!(text.order(), large.order());
        assert_ne!(text.order(), small.order());
        // text that reads like numbers is still text, not the numeric id
        assert_ne!(
            names.key(3, BranchId::Text(b"0,1"), true).order(),
            small.order()
        );
    }
}
