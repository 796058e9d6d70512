//! [`TestRecords`]: the distinct tests of one run, stored compactly.
//!
//! A run can hold a million tests, and a fresh process pays for every page it touches. An
//! owned `String` per id costs 24 bytes of header plus the allocator's rounding, a pointer
//! chase per access, and a million allocations; here every id lives in one buffer, one after
//! the other, and each test is 24 bytes beside it (where its id ends, and its facts). Tests
//! are read as [`TestRecord`] views that borrow their id from the buffer.

use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::Outcome;

/// What a run says about one test, besides its id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TestFacts {
    /// The outcome of the final attempt.
    pub outcome: Outcome,
    /// How many times the test was attempted in this run (1 without retries).
    pub attempts: u32,
    /// Passed in the end after at least one failed attempt in this run.
    pub flaky: bool,
    /// The longest single attempt, in seconds (0 when the report gives no time).
    pub duration_seconds: f64,
}

/// One distinct test (by id) within one run, after folding its attempts together: a view
/// into [`TestRecords`], or a record to add to them.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct TestRecord<'a> {
    /// `classname::name`, or `name` when the classname is empty.
    pub id: &'a str,
    /// The outcome of the final attempt.
    pub outcome: Outcome,
    /// How many times the test was attempted in this run (1 without retries).
    pub attempts: u32,
    /// Passed in the end after at least one failed attempt in this run.
    pub flaky: bool,
    /// The longest single attempt, in seconds (0 when the report gives no time).
    pub duration_seconds: f64,
}

impl<'a> TestRecord<'a> {
    /// The record of test `id` with these facts.
    pub fn new(id: &'a str, facts: TestFacts) -> Self {
        TestRecord {
            id,
            outcome: facts.outcome,
            attempts: facts.attempts,
            flaky: facts.flaky,
            duration_seconds: facts.duration_seconds,
        }
    }

    /// Everything but the id.
    pub fn facts(&self) -> TestFacts {
        TestFacts {
            outcome: self.outcome,
            attempts: self.attempts,
            flaky: self.flaky,
            duration_seconds: self.duration_seconds,
        }
    }
}

/// Tests whose ids sit one after the other in one buffer.
#[derive(Debug, Clone, Default)]
struct Segment {
    /// Every id, one after the other.
    ids: String,
    /// Where each test's id ends in `ids`.
    ends: Vec<u32>,
    /// Each test's facts.
    facts: Vec<TestFacts>,
}

// a million tests cost 20 MB beside their ids
const _: () = assert!(std::mem::size_of::<TestFacts>() == 16);

impl Segment {
    fn id(&self, at: usize) -> Option<&str> {
        let end = *self.ends.get(at)? as usize;
        let start = match at.checked_sub(1) {
            Some(before) => *self.ends.get(before)? as usize,
            None => 0,
        };
        self.ids.get(start..end)
    }

    /// Whether `more` bytes of ids still fit (ends are 32-bit).
    fn fits(&self, more: usize) -> bool {
        self.ids
            .len()
            .checked_add(more)
            .is_some_and(|end| u32::try_from(end).is_ok())
    }

    fn truncate(&mut self, len: usize) {
        self.ends.truncate(len);
        self.facts.truncate(len);
        let end = self.ends.last().map_or(0, |&e| e as usize);
        self.ids.truncate(end);
    }
}

/// A segment whose ids are not where its ends say (see [`TestRecords::append_segment`]),
/// with its buffers given back.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("test ids do not match their ends: {reason}")]
pub struct BadSegment {
    pub reason: &'static str,
    pub ids: String,
    pub ends: Vec<u32>,
    pub facts: Vec<TestFacts>,
}

/// The distinct tests of a run, in first-seen order.
///
/// The tests are kept in segments: a reader that gathered a batch of tests in buffers of
/// its own hands them over whole ([`TestRecords::append_segment`]) instead of copying them.
#[derive(Debug, Clone, Default)]
pub struct TestRecords {
    segments: Vec<Segment>,
    /// How many tests come before each segment.
    starts: Vec<usize>,
    len: usize,
}

impl PartialEq for TestRecords {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl TestRecords {
    /// No tests.
    pub fn new() -> Self {
        TestRecords::default()
    }

    /// How many tests.
    pub fn len(&self) -> usize {
        self.len
    }

    /// No tests at all.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Make room for `tests` more tests whose ids take `id_bytes` bytes together (room that
    /// is never written is never touched, so a generous guess costs no memory in use).
    pub fn reserve(&mut self, tests: usize, id_bytes: usize) {
        let id_bytes = id_bytes.min(u32::MAX as usize);
        let Some(last) = self.open_segment(id_bytes) else {
            return;
        };
        last.ends.reserve(tests);
        last.facts.reserve(tests);
        last.ids.reserve(id_bytes);
    }

    /// How many tests fit before the table grows.
    pub fn capacity(&self) -> usize {
        let last = self.segments.last();
        self.len - last.map_or(0, |s| s.ends.len()) + last.map_or(0, |s| s.ends.capacity())
    }

    /// The segment new tests go to, with room for `more` bytes of ids.
    fn open_segment(&mut self, more: usize) -> Option<&mut Segment> {
        if !self.segments.last().is_some_and(|s| s.fits(more)) {
            self.starts.push(self.len);
            self.segments.push(Segment::default());
        }
        self.segments.last_mut()
    }

    /// Add a test (ids are not checked for repeats: folding attempts is the caller's work).
    pub fn push(&mut self, record: TestRecord<'_>) {
        self.push_parts(record.id, record.facts());
    }

    /// Add test `id` with `facts`. An id is at most 4 GiB long: a longer one is cut there (at
    /// a character boundary); readers refuse such ids long before.
    pub fn push_parts(&mut self, id: &str, facts: TestFacts) {
        let mut cut = id.len().min(u32::MAX as usize);
        while !id.is_char_boundary(cut) {
            cut -= 1;
        }
        let id = id.get(..cut).unwrap_or_default();
        let Some(segment) = self.open_segment(id.len()) else {
            return;
        };
        segment.ids.push_str(id);
        // `open_segment` made sure the end fits
        segment
            .ends
            .push(u32::try_from(segment.ids.len()).unwrap_or(u32::MAX));
        segment.facts.push(facts);
        self.len += 1;
    }

    /// Add the tests whose ids are in `ids`, each ending where `ends` says, with `facts`
    /// (as many), taking the buffers over without copying them. Nothing is added when the
    /// ends do not cut `ids` into whole strings.
    pub fn append_segment(
        &mut self,
        ids: String,
        ends: Vec<u32>,
        facts: Vec<TestFacts>,
    ) -> Result<(), BadSegment> {
        let bad = |reason, ids, ends, facts| {
            Err(BadSegment {
                reason,
                ids,
                ends,
                facts,
            })
        };
        if ends.len() != facts.len() {
            return bad("not as many ends as facts", ids, ends, facts);
        }
        let mut start = 0_u32;
        for &end in &ends {
            if end < start || !ids.is_char_boundary(end as usize) {
                return bad(
                    "an end out of order or inside a character",
                    ids,
                    ends,
                    facts,
                );
            }
            start = end;
        }
        if start as usize != ids.len() {
            return bad("bytes after the last id", ids, ends, facts);
        }
        if ends.is_empty() {
            return Ok(());
        }
        self.starts.push(self.len);
        self.len += ends.len();
        self.segments.push(Segment { ids, ends, facts });
        Ok(())
    }

    /// The segment holding test `at`, and the test's place in it.
    fn locate(&self, at: usize) -> Option<(usize, usize)> {
        if at >= self.len {
            return None;
        }
        let segment = self
            .starts
            .partition_point(|&start| start <= at)
            .checked_sub(1)?;
        Some((segment, at - self.starts.get(segment)?))
    }

    /// The test at `at` (first seen first).
    pub fn get(&self, at: usize) -> Option<TestRecord<'_>> {
        let (segment, at) = self.locate(at)?;
        let segment = self.segments.get(segment)?;
        Some(TestRecord::new(segment.id(at)?, *segment.facts.get(at)?))
    }

    /// The id of the test at `at`.
    pub fn id(&self, at: usize) -> Option<&str> {
        let (segment, at) = self.locate(at)?;
        self.segments.get(segment)?.id(at)
    }

    /// The facts of the test at `at`, to change them.
    pub fn facts_mut(&mut self, at: usize) -> Option<&mut TestFacts> {
        let (segment, at) = self.locate(at)?;
        self.segments.get_mut(segment)?.facts.get_mut(at)
    }

    /// Every test in first-seen order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            segments: self.segments.iter(),
            current: None,
            left: self.len,
        }
    }

    /// Every test's facts in first-seen order, without their ids (cheaper when only the
    /// facts count).
    pub fn facts(&self) -> impl Iterator<Item = &TestFacts> + '_ {
        self.segments.iter().flat_map(|s| s.facts.iter())
    }

    /// Keep the first `len` tests only.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        while self.starts.last().is_some_and(|&start| start >= len) {
            self.starts.pop();
            self.segments.pop();
        }
        if let (Some(segment), Some(&start)) = (self.segments.last_mut(), self.starts.last()) {
            segment.truncate(len - start);
        }
        self.len = len;
    }

    /// Keep the tests for whose position `keep` says true, in order, moving their ids down
    /// in place (no buffer is copied).
    pub fn retain(&mut self, mut keep: impl FnMut(usize) -> bool) {
        let mut at = 0;
        let mut len = 0;
        let mut starts = Vec::with_capacity(self.segments.len());
        for segment in &mut self.segments {
            starts.push(len);
            let mut bytes = std::mem::take(&mut segment.ids).into_bytes();
            let (mut written, mut start, mut kept) = (0_u32, 0_u32, 0);
            for i in 0..segment.ends.len() {
                let (Some(&end), Some(&facts)) = (segment.ends.get(i), segment.facts.get(i)) else {
                    break;
                };
                if keep(at) {
                    bytes.copy_within(start as usize..end as usize, written as usize);
                    written += end - start;
                    if let (Some(e), Some(f)) =
                        (segment.ends.get_mut(kept), segment.facts.get_mut(kept))
                    {
                        *e = written;
                        *f = facts;
                    }
                    kept += 1;
                }
                start = end;
                at += 1;
            }
            segment.ends.truncate(kept);
            segment.facts.truncate(kept);
            bytes.truncate(written as usize);
            len += kept;
            // whole ids were moved, each a valid string: this never takes the lossy path
            segment.ids = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        }
        // segments left empty are dropped, so that `starts` stays strictly increasing
        let mut kept_segments = Vec::with_capacity(self.segments.len());
        let mut kept_starts = Vec::with_capacity(self.segments.len());
        for (segment, start) in std::mem::take(&mut self.segments).into_iter().zip(starts) {
            if !segment.ends.is_empty() {
                kept_segments.push(segment);
                kept_starts.push(start);
            }
        }
        self.segments = kept_segments;
        self.starts = kept_starts;
        self.len = len;
    }

    /// Give back room reserved for tests and never used (id buffers keep their room: it was
    /// never touched, and shrinking them would copy them).
    pub fn shrink_to_fit(&mut self) {
        for segment in &mut self.segments {
            segment.ends.shrink_to_fit();
            segment.facts.shrink_to_fit();
        }
    }
}

/// The tests of [`TestRecords`], first seen first.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    segments: std::slice::Iter<'a, Segment>,
    /// The segment being read, the next test in it, and where that test's id starts.
    current: Option<(&'a Segment, usize, usize)>,
    left: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = TestRecord<'a>;

    fn next(&mut self) -> Option<TestRecord<'a>> {
        loop {
            if let Some((segment, next, start)) = self.current {
                if let (Some(&end), Some(&facts)) =
                    (segment.ends.get(next), segment.facts.get(next))
                {
                    let id = segment.ids.get(start..end as usize)?;
                    self.current = Some((segment, next + 1, end as usize));
                    self.left = self.left.saturating_sub(1);
                    return Some(TestRecord::new(id, facts));
                }
            }
            self.current = Some((self.segments.next()?, 0, 0));
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a TestRecords {
    type Item = TestRecord<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'r> FromIterator<TestRecord<'r>> for TestRecords {
    fn from_iter<I: IntoIterator<Item = TestRecord<'r>>>(iter: I) -> Self {
        let mut records = TestRecords::new();
        for record in iter {
            records.push(record);
        }
        records
    }
}

impl<'r> Extend<TestRecord<'r>> for TestRecords {
    fn extend<I: IntoIterator<Item = TestRecord<'r>>>(&mut self, iter: I) {
        for record in iter {
            self.push(record);
        }
    }
}

impl Serialize for TestRecords {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for record in self {
            seq.serialize_element(&record)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(outcome: Outcome, seconds: f64) -> TestFacts {
        TestFacts {
            outcome,
            attempts: 1,
            flaky: false,
            duration_seconds: seconds,
        }
    }

    fn ids(r: &TestRecords) -> Vec<&str> {
        r.iter().map(|t| t.id).collect()
    }

    #[test]
    fn ids_and_facts_read_back_in_order() {
        let mut r = TestRecords::new();
        r.push_parts("a::one", facts(Outcome::Passed, 1.0));
        r.push_parts("", facts(Outcome::Skipped, 0.0));
        r.push_parts("é::ü", facts(Outcome::Failed, 2.5));
        assert_eq!(ids(&r), ["a::one", "", "é::ü"]);
        assert_eq!(
            r.get(2).map(|t| (t.id, t.outcome)),
            Some(("é::ü", Outcome::Failed))
        );
        assert_eq!(r.get(3), None);
        assert_eq!(r.id(1), Some(""));
        if let Some(f) = r.facts_mut(0) {
            f.attempts = 3;
        }
        assert_eq!(r.get(0).map(|t| t.attempts), Some(3));
        let outcomes: Vec<Outcome> = r.facts().map(|f| f.outcome).collect();
        assert_eq!(
            outcomes,
            [Outcome::Passed, Outcome::Skipped, Outcome::Failed]
        );
        assert_eq!(r.iter().len(), 3);
    }

    #[test]
    fn truncate_and_retain_keep_ids_with_their_facts() {
        let mut r: TestRecords = ["t0", "long-id-1", "t2", "ü3", "t4"]
            .iter()
            .enumerate()
            .map(|(i, id)| TestRecord::new(id, facts(Outcome::Passed, i as f64)))
            .collect();
        r.retain(|at| at % 2 == 0);
        assert_eq!(ids(&r), ["t0", "t2", "t4"]);
        let seconds: Vec<f64> = r.iter().map(|t| t.duration_seconds).collect();
        assert_eq!(seconds, [0.0, 2.0, 4.0]);
        r.truncate(1);
        assert_eq!(ids(&r), ["t0"]);
        r.push_parts("next", facts(Outcome::Errored, 9.0));
        assert_eq!(ids(&r), ["t0", "next"]);
        r.truncate(0);
        assert!(r.is_empty());
        r.push_parts("again", facts(Outcome::Passed, 0.0));
        assert_eq!(ids(&r), ["again"]);
    }

    #[test]
    fn serializes_as_a_list_of_records() {
        let r: TestRecords = [TestRecord::new("a\"b", facts(Outcome::Passed, 0.5))]
            .into_iter()
            .collect();
        let json = serde_json::to_string(&r).unwrap_or_default();
        assert_eq!(
            json,
            r#"[{"id":"a\"b","outcome":"passed","attempts":1,"flaky":false,"duration_seconds":0.5}]"#
        );
    }

    #[test]
    fn segments_handed_over_read_back_in_order_and_bad_ones_are_refused() {
        let mut r = TestRecords::new();
        r.push_parts("a", facts(Outcome::Passed, 0.0));
        let two = vec![facts(Outcome::Failed, 1.0), facts(Outcome::Skipped, 2.0)];
        assert!(r
            .append_segment("bcc".into(), vec![1, 3], two.clone())
            .is_ok());
        r.push_parts("d", facts(Outcome::Errored, 3.0));
        assert_eq!(ids(&r), ["a", "b", "cc", "d"]);
        assert_eq!(r.get(2).map(|t| t.outcome), Some(Outcome::Skipped));
        assert_eq!(r.id(3), Some("d"));
        assert!(r.append_segment("é".into(), vec![1], vec![two[0]]).is_err());
        assert!(r
            .append_segment("bc".into(), vec![2, 1], two.clone())
            .is_err());
        assert!(r
            .append_segment("bcx".into(), vec![1, 2], two.clone())
            .is_err());
        let refused = r.append_segment("bc".into(), vec![1], two.clone());
        assert_eq!(
            refused.err().map(|e| (e.ids, e.ends, e.facts)),
            Some(("bc".to_owned(), vec![1], two))
        );
        assert_eq!(r.len(), 4);
        r.truncate(2);
        assert_eq!(ids(&r), ["a", "b"]);
    }

    /// One operation on records, for the model test below.
    #[derive(Debug, Clone)]
    enum Op {
        Push(String),
        Segment(Vec<String>),
        Truncate(usize),
        Retain(Vec<bool>),
        Bump(usize),
    }

    fn op() -> impl proptest::strategy::Strategy<Value = Op> {
        use proptest::prelude::*;
        prop_oneof![
            "[a-zé:]{0,5}".prop_map(Op::Push),
            proptest::collection::vec("[a-zé:]{0,5}", 0..6).prop_map(Op::Segment),
            (0usize..12).prop_map(Op::Truncate),
            proptest::collection::vec(proptest::bool::ANY, 0..16).prop_map(Op::Retain),
            (0usize..12).prop_map(Op::Bump),
        ]
    }

    proptest::proptest! {
        /// Whatever is pushed, handed over, cut, kept or changed, the records read back as
        /// a vector of owned ids with their facts would.
        #[test]
        fn records_behave_like_a_vector_of_owned_ids(ops in proptest::collection::vec(op(), 0..30)) {
            let mut r = TestRecords::new();
            let mut model: Vec<(String, TestFacts)> = Vec::new();
            for (n, op) in ops.into_iter().enumerate() {
                let f = facts(Outcome::Passed, n as f64);
                match op {
                    Op::Push(id) => {
                        r.push_parts(&id, f);
                        model.push((id, f));
                    }
                    Op::Segment(list) => {
                        let mut ids = String::new();
                        let mut ends = Vec::new();
                        for id in &list {
                            ids.push_str(id);
                            ends.push(ids.len() as u32);
                            model.push((id.clone(), f));
                        }
                        proptest::prop_assert!(r.append_segment(ids, ends, vec![f; list.len()]).is_ok());
                    }
                    Op::Truncate(len) => {
                        r.truncate(len);
                        model.truncate(len);
                    }
                    Op::Retain(mask) => {
                        r.retain(|at| mask.get(at).copied().unwrap_or(true));
                        let mut at = 0;
                        model.retain(|_| {
                            at += 1;
                            mask.get(at - 1).copied().unwrap_or(true)
                        });
                    }
                    Op::Bump(at) => {
                        if let Some(f) = r.facts_mut(at) {
                            f.attempts += 1;
                        }
                        if let Some((_, f)) = model.get_mut(at) {
                            f.attempts += 1;
                        }
                    }
                }
                proptest::prop_assert_eq!(r.len(), model.len());
                let got: Vec<(&str, TestFacts)> = r.iter().map(|t| (t.id, t.facts())).collect();
                let want: Vec<(&str, TestFacts)> = model.iter().map(|(id, f)| (id.as_str(), *f)).collect();
                proptest::prop_assert_eq!(&got, &want);
                let facts: Vec<TestFacts> = r.facts().copied().collect();
                let want_facts: Vec<TestFacts> = model.iter().map(|(_, f)| *f).collect();
                proptest::prop_assert_eq!(facts, want_facts);
                for (at, (id, f)) in want.iter().enumerate() {
                    proptest::prop_assert_eq!(r.get(at), Some(TestRecord::new(id, *f)));
                }
                proptest::prop_assert_eq!(r.get(want.len()), None);
            }
        }
    }
}
