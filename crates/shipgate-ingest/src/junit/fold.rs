//! Folding the attempts of each test id into one [`TestRecord`], with rollback so that a
//! report that fails to parse leaves the run as it was.
//!
//! A report can hold a million test cases, so the fold keeps ids in one arena string and
//! indexes them with a table of entry numbers: no allocation per test while parsing, and a
//! small table that stays in cache better than one of owned strings.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use shipgate_core::{Outcome, TestRecord};

use super::case::Attempt;

/// One test id and what is known about it so far.
#[derive(Debug, Clone)]
struct Entry {
    /// The id's hash (kept so that growing the table never re-reads the arena).
    hash: u64,
    /// Where the id is in the arena.
    start: usize,
    len: usize,
    outcome: Outcome,
    attempts: u32,
    flaky: bool,
    /// The longest attempt, in seconds.
    seconds: f64,
    /// Whether any attempt so far failed or errored.
    failed_once: bool,
    /// The file (generation) that last changed this entry.
    generation: u64,
}

/// Test records in first-seen order, indexed by id.
#[derive(Debug, Default)]
pub(crate) struct Fold {
    entries: Vec<Entry>,
    /// Every id, concatenated.
    ids: String,
    /// Entry numbers, hashed by their id.
    index: HashTable<u32>,
    /// Seeded per process, so that colliding ids cannot be prepared ahead.
    hasher: foldhash::fast::RandomState,
    /// Incremented for every file; entries changed in the current one are journaled once.
    generation: u64,
    /// `entries.len()` and `ids.len()` when the current file began.
    committed_len: usize,
    committed_ids: usize,
    /// Entries as they were before the current file changed them.
    journal: Vec<(usize, Entry)>,
    /// Test case elements that carried a usable `time` attribute.
    timed: u64,
    /// `timed` when the current file began.
    committed_timed: u64,
}

impl Fold {
    /// Make room for about `tests` more distinct ids (a hint; growing past it is fine).
    pub(crate) fn reserve(&mut self, tests: usize) {
        // the entries are larger: never reserve more of them than a big report holds
        self.entries.reserve(tests.min(1 << 21));
        let entries = &self.entries;
        self.index
            .reserve(tests, |&at| entries.get(at as usize).map_or(0, |e| e.hash));
    }

    /// Start recording a new file (see [`Fold::commit`] and [`Fold::rollback`]).
    pub(crate) fn begin(&mut self) {
        self.generation += 1;
        self.commit();
    }

    /// Keep everything recorded since [`Fold::begin`].
    pub(crate) fn commit(&mut self) {
        self.committed_len = self.entries.len();
        self.committed_ids = self.ids.len();
        self.committed_timed = self.timed;
        self.journal.clear();
    }

    /// Undo everything recorded since [`Fold::begin`].
    pub(crate) fn rollback(&mut self) {
        let kept = self.committed_len;
        self.timed = self.committed_timed;
        if self.entries.len() > kept {
            self.entries.truncate(kept);
            self.ids.truncate(self.committed_ids);
            self.index.retain(|at| (*at as usize) < kept);
        }
        for (at, old) in self.journal.drain(..).rev() {
            if let Some(slot) = self.entries.get_mut(at) {
                *slot = old;
            }
        }
    }

    /// Record one attempt of test `id`: the final attempt decides the outcome, a pass after
    /// a failed or errored attempt is flaky, the duration is the longest attempt.
    ///
    /// An executed (not skipped) attempt followed by another attempt of the same id counts as
    /// failed, whatever its markers say: re-run tools only re-run failures, and
    /// pytest-rerunfailures records the earlier attempts as bare `<testcase/>` elements. The
    /// price: two different tests reported under one id that both pass are reported flaky
    /// (never hidden).
    pub(crate) fn record(&mut self, id: &str, attempt: Attempt) {
        self.timed += u64::from(attempt.timed);
        let failed_now = attempt.failed_before || attempt.outcome.is_failure();
        let hash = self.hasher.hash_one(id);
        let (entries, ids) = (&self.entries, &self.ids);
        let found = self.index.find(hash, |&at| {
            entries
                .get(at as usize)
                .is_some_and(|e| e.hash == hash && ids.get(e.start..e.start + e.len) == Some(id))
        });
        match found.copied() {
            Some(at) => {
                let at = at as usize;
                let generation = self.generation;
                let Some(entry) = self.entries.get_mut(at) else {
                    return;
                };
                if entry.generation != generation && at < self.committed_len {
                    self.journal.push((at, entry.clone()));
                }
                entry.generation = generation;
                // Runners re-run only tests that failed, and some (pytest-rerunfailures) write
                // the failure only on the last attempt: an executed attempt that is followed by
                // another one of the same id counts as a failed attempt.
                entry.failed_once |= entry.outcome.executed();
                entry.attempts = entry.attempts.saturating_add(attempt.attempts);
                entry.outcome = attempt.outcome;
                entry.flaky = attempt.outcome == Outcome::Passed
                    && (entry.failed_once || attempt.failed_before);
                entry.seconds = entry.seconds.max(attempt.seconds);
                entry.failed_once |= failed_now;
            }
            None => {
                let Ok(at) = u32::try_from(self.entries.len()) else {
                    // more than four billion distinct tests: keep counting attempts of known
                    // ones, never panic
                    return;
                };
                let start = self.ids.len();
                self.ids.push_str(id);
                self.entries.push(Entry {
                    hash,
                    start,
                    len: id.len(),
                    outcome: attempt.outcome,
                    attempts: attempt.attempts,
                    flaky: attempt.outcome == Outcome::Passed && attempt.failed_before,
                    seconds: attempt.seconds,
                    failed_once: failed_now,
                    generation: self.generation,
                });
                let entries = &self.entries;
                self.index
                    .insert_unique(hash, at, |&i| entries.get(i as usize).map_or(0, |e| e.hash));
            }
        }
    }

    /// How many test case elements carried a usable `time` attribute.
    pub(crate) fn timed(&self) -> u64 {
        self.timed
    }

    /// The records in first-seen order.
    pub(crate) fn into_records(self) -> Vec<TestRecord> {
        let ids = self.ids;
        self.entries
            .into_iter()
            .map(|e| TestRecord {
                id: ids
                    .get(e.start..e.start + e.len)
                    .unwrap_or_default()
                    .to_string(),
                outcome: e.outcome,
                attempts: e.attempts,
                flaky: e.flaky,
                duration_seconds: e.seconds,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(outcome: Outcome, seconds: f64) -> Attempt {
        Attempt {
            outcome,
            attempts: 1,
            failed_before: false,
            seconds,
            timed: true,
        }
    }

    #[test]
    fn final_attempt_decides_and_pass_after_failure_is_flaky() {
        let mut f = Fold::default();
        f.begin();
        f.record("t", a(Outcome::Failed, 1.0));
        f.record("u", a(Outcome::Passed, 1.0));
        f.record("t", a(Outcome::Passed, 3.0));
        f.record("u", a(Outcome::Failed, 0.5));
        f.record("v", a(Outcome::Errored, 0.0));
        f.record("v", a(Outcome::Failed, 0.0));
        f.commit();
        let r = f.into_records();
        let ids: Vec<_> = r.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["t", "u", "v"]);
        assert_eq!(
            (
                r[0].outcome,
                r[0].flaky,
                r[0].attempts,
                r[0].duration_seconds
            ),
            (Outcome::Passed, true, 2, 3.0)
        );
        assert_eq!(
            (r[1].outcome, r[1].flaky, r[1].attempts),
            (Outcome::Failed, false, 2)
        );
        assert_eq!((r[2].outcome, r[2].flaky), (Outcome::Failed, false));
    }

    #[test]
    fn bare_earlier_attempt_counts_as_failed_but_skipped_does_not() {
        let mut f = Fold::default();
        f.begin();
        f.record("rerun", a(Outcome::Passed, 0.0));
        f.record("rerun", a(Outcome::Passed, 0.0));
        f.record("skip", a(Outcome::Skipped, 0.0));
        f.record("skip", a(Outcome::Passed, 0.0));
        f.commit();
        let r = f.into_records();
        assert_eq!((r[0].flaky, r[0].attempts), (true, 2));
        assert_eq!((r[1].flaky, r[1].attempts), (false, 2));
    }

    #[test]
    fn rollback_restores_the_previous_file() {
        let mut f = Fold::default();
        f.begin();
        f.record("t", a(Outcome::Failed, 1.0));
        f.commit();
        f.begin();
        f.record("t", a(Outcome::Passed, 9.0));
        f.record("new", a(Outcome::Passed, 1.0));
        f.rollback();
        f.begin();
        f.record("new", a(Outcome::Skipped, 1.0));
        f.commit();
        let r = f.into_records();
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].outcome, r[0].attempts, r[0].duration_seconds),
            (Outcome::Failed, 1, 1.0)
        );
        assert_eq!((r[1].id.as_str(), r[1].outcome), ("new", Outcome::Skipped));
    }
}
