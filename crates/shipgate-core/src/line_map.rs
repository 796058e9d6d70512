//! [`LineMap`]: per-line values of one source file, kept as a vector sorted by line number.
//!
//! Coverage reports of large projects carry millions of lines; a sorted vector is built in
//! one sort, walked and freed in one pass, and looked up by binary search, where a tree map
//! would allocate a node per few entries.

use serde::ser::{Serialize, SerializeMap, Serializer};

/// Line number → value, sorted by line number with at most one entry per line.
///
/// Every constructor keeps that invariant, so readers can rely on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMap<V> {
    entries: Vec<(u32, V)>,
}

impl<V> Default for LineMap<V> {
    fn default() -> Self {
        LineMap {
            entries: Vec::new(),
        }
    }
}

impl<V> LineMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        LineMap::default()
    }

    /// Build a map from entries in any order; entries for the same line are folded into the
    /// first one kept with `combine(kept, later)`, in an unspecified order (so `combine`
    /// should be commutative and associative).
    ///
    /// Entries that are already strictly increasing by line are taken as they are, without
    /// sorting or copying.
    pub fn from_unsorted(mut entries: Vec<(u32, V)>, mut combine: impl FnMut(&mut V, V)) -> Self {
        if strictly_increasing(&entries) {
            return LineMap { entries };
        }
        entries.sort_unstable_by_key(|(line, _)| *line);
        let mut merged: Vec<(u32, V)> = Vec::with_capacity(entries.len());
        for (line, value) in entries {
            match merged.last_mut() {
                Some((last, kept)) if *last == line => combine(kept, value),
                _ => merged.push((line, value)),
            }
        }
        LineMap { entries: merged }
    }

    /// The value of `line`, if the map has it (binary search).
    pub fn get(&self, line: &u32) -> Option<&V> {
        self.entries
            .binary_search_by_key(line, |(l, _)| *l)
            .ok()
            .and_then(|index| self.entries.get(index))
            .map(|(_, value)| value)
    }

    /// Whether the map has `line`.
    pub fn contains_key(&self, line: &u32) -> bool {
        self.get(line).is_some()
    }

    /// How many lines the map has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map has no lines.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `(line, value)` in line order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&u32, &V)> + '_ {
        self.entries.iter().map(|(line, value)| (line, value))
    }

    /// The line numbers, in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &u32> + '_ {
        self.entries.iter().map(|(line, _)| line)
    }

    /// The values, in line order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &V> + '_ {
        self.entries.iter().map(|(_, value)| value)
    }

    /// The entries as a slice sorted by line.
    pub fn as_slice(&self) -> &[(u32, V)] {
        &self.entries
    }

    /// Fold `other` in with one linear merge of the two sorted vectors: a line in both
    /// becomes `both(mine, theirs)`, a line only in `other` becomes `only_theirs(theirs)`,
    /// a line only in `self` is kept as it is.
    pub fn merge_with(
        &mut self,
        other: &LineMap<V>,
        mut both: impl FnMut(&V, &V) -> V,
        mut only_theirs: impl FnMut(&V) -> V,
    ) where
        V: Clone,
    {
        if other.entries.is_empty() {
            return;
        }
        let mine = std::mem::take(&mut self.entries);
        let mut merged = Vec::with_capacity(mine.len().max(other.entries.len()));
        let mut theirs = other.entries.iter().peekable();
        for (line, value) in mine {
            while let Some((their_line, their_value)) = theirs.next_if(|(l, _)| *l < line) {
                merged.push((*their_line, only_theirs(their_value)));
            }
            match theirs.next_if(|(l, _)| *l == line) {
                Some((_, their_value)) => merged.push((line, both(&value, their_value))),
                None => merged.push((line, value)),
            }
        }
        for (line, value) in theirs {
            merged.push((*line, only_theirs(value)));
        }
        self.entries = merged;
    }
}

impl<V> FromIterator<(u32, V)> for LineMap<V> {
    /// Collect entries; a line given twice keeps the last value (as a map insert would).
    fn from_iter<I: IntoIterator<Item = (u32, V)>>(iter: I) -> Self {
        let mut entries: Vec<(u32, V)> = iter.into_iter().collect();
        if strictly_increasing(&entries) {
            return LineMap { entries };
        }
        // stable, so that among equal lines the last one given comes last
        entries.sort_by_key(|(line, _)| *line);
        let mut kept: Vec<(u32, V)> = Vec::with_capacity(entries.len());
        for (line, value) in entries {
            match kept.last_mut() {
                Some((last, slot)) if *last == line => *slot = value,
                _ => kept.push((line, value)),
            }
        }
        LineMap { entries: kept }
    }
}

/// Serialized as a map from line number to value, the shape a `BTreeMap<u32, V>` has.
impl<V: Serialize> Serialize for LineMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (line, value) in &self.entries {
            map.serialize_entry(line, value)?;
        }
        map.end()
    }
}

/// Whether the entries' line numbers strictly increase (sorted, no duplicates).
fn strictly_increasing<V>(entries: &[(u32, V)]) -> bool {
    entries.windows(2).all(|pair| match pair {
        [(a, _), (b, _)] => a < b,
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(kept: &mut u64, later: u64) {
        *kept += later;
    }

    #[test]
    fn from_unsorted_sorts_and_folds_duplicates() {
        let map = LineMap::from_unsorted(vec![(3, 1), (1, 2), (3, 4), (2, 0), (1, 1)], add);
        assert_eq!(map.as_slice(), &[(1, 3), (2, 0), (3, 5)]);
        assert_eq!(map.get(&3), Some(&5));
        assert_eq!(map.get(&4), None);
        assert!(map.contains_key(&2));
        assert_eq!(map.keys().copied().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(map.values().copied().collect::<Vec<_>>(), [3, 0, 5]);
        assert_eq!(map.len(), 3);
        assert!(LineMap::<u64>::new().is_empty());
    }

    #[test]
    fn sorted_input_is_kept() {
        let map = LineMap::from_unsorted(vec![(1, 1), (5, 0), (9, 2)], add);
        assert_eq!(map.as_slice(), &[(1, 1), (5, 0), (9, 2)]);
    }

    #[test]
    fn collecting_keeps_the_last_value_of_a_line() {
        let map: LineMap<u64> = [(2, 7), (1, 1), (2, 9)].into_iter().collect();
        assert_eq!(map.as_slice(), &[(1, 1), (2, 9)]);
    }

    #[test]
    fn merge_is_a_sorted_union() {
        let mut mine = LineMap::from_unsorted(vec![(2, 1), (4, 1), (6, 1)], add);
        let theirs = LineMap::from_unsorted(vec![(1, 10), (4, 10), (7, 10), (8, 10)], add);
        mine.merge_with(&theirs, |a, b| a + b, |b| b * 2);
        assert_eq!(
            mine.as_slice(),
            &[(1, 20), (2, 1), (4, 11), (6, 1), (7, 20), (8, 20)]
        );
    }

    #[test]
    fn serializes_like_a_map() -> Result<(), serde_json::Error> {
        let map = LineMap::from_unsorted(vec![(2, 0), (1, 3)], add);
        assert_eq!(serde_json::to_string(&map)?, r#"{"1":3,"2":0}"#);
        Ok(())
    }
}
