//! Folding the attempts of each test id into one [`TestRecord`], with rollback so that a
//! report that fails to parse leaves the run as it was.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use shipgate_core::{Outcome, TestRecord};

use super::case::Attempt;

/// One test id and what is known about it so far.
#[derive(Debug, Clone)]
struct Entry {
    /// The record; its `id` stays empty until [`Fold::into_records`] moves the id out of the
    /// index (each id is stored once, which matters with a million tests).
    record: TestRecord,
    /// Whether any attempt so far failed or errored.
    failed_once: bool,
    /// The file (generation) that last changed this entry.
    generation: u64,
}

/// A fast word-at-a-time hash for test ids (SipHash dominated parsing time on a
/// million-test report), seeded per process so that colliding ids cannot be prepared ahead.
#[derive(Debug, Clone)]
struct IdHash(u64);

impl Default for IdHash {
    fn default() -> Self {
        IdHash(std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64) | 1)
    }
}

impl BuildHasher for IdHash {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher(self.0)
    }
}

/// The hasher of [`IdHash`] (multiply-rotate over 8-byte words, then a final mix).
#[derive(Debug)]
struct IdHasher(u64);

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            self.add(u64::from_le_bytes(w));
        }
        let mut tail = [0u8; 8];
        let rest = words.remainder();
        if let Some(dst) = tail.get_mut(..rest.len()) {
            dst.copy_from_slice(rest);
        }
        self.add(u64::from_le_bytes(tail) ^ ((rest.len() as u64) << 56));
    }

    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

/// Test records in first-seen order, indexed by id.
#[derive(Debug, Default)]
pub(crate) struct Fold {
    entries: Vec<Entry>,
    index: HashMap<Box<str>, usize, IdHash>,
    /// Incremented for every file; entries changed in the current one are journaled once.
    generation: u64,
    /// `entries.len()` when the current file began.
    committed_len: usize,
    /// Entries as they were before the current file changed them.
    journal: Vec<(usize, Entry)>,
    /// Test case elements that carried a usable `time` attribute.
    timed: u64,
    /// `timed` when the current file began.
    committed_timed: u64,
}

impl Fold {
    /// Start recording a new file (see [`Fold::commit`] and [`Fold::rollback`]).
    pub(crate) fn begin(&mut self) {
        self.generation += 1;
        self.committed_len = self.entries.len();
        self.committed_timed = self.timed;
        self.journal.clear();
    }

    /// Keep everything recorded since [`Fold::begin`].
    pub(crate) fn commit(&mut self) {
        self.committed_len = self.entries.len();
        self.committed_timed = self.timed;
        self.journal.clear();
    }

    /// Undo everything recorded since [`Fold::begin`].
    pub(crate) fn rollback(&mut self) {
        let kept = self.committed_len;
        self.timed = self.committed_timed;
        if self.entries.len() > kept {
            self.entries.truncate(kept);
            self.index.retain(|_, at| *at < kept);
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
        let flaky_now = attempt.outcome == Outcome::Passed && attempt.failed_before;
        match self.index.get(id).copied() {
            Some(at) => {
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
                entry.failed_once |= entry.record.outcome.executed();
                let record = &mut entry.record;
                record.attempts = record.attempts.saturating_add(attempt.attempts);
                record.outcome = attempt.outcome;
                record.flaky = attempt.outcome == Outcome::Passed
                    && (entry.failed_once || attempt.failed_before);
                record.duration_seconds = record.duration_seconds.max(attempt.seconds);
                entry.failed_once |= failed_now;
            }
            None => {
                self.index.insert(id.into(), self.entries.len());
                self.entries.push(Entry {
                    record: TestRecord {
                        id: String::new(),
                        outcome: attempt.outcome,
                        attempts: attempt.attempts,
                        flaky: flaky_now,
                        duration_seconds: attempt.seconds,
                    },
                    failed_once: failed_now,
                    generation: self.generation,
                });
            }
        }
    }

    /// How many test case elements carried a usable `time` attribute.
    pub(crate) fn timed(&self) -> u64 {
        self.timed
    }

    /// The records in first-seen order.
    pub(crate) fn into_records(self) -> Vec<TestRecord> {
        let Fold { entries, index, .. } = self;
        let mut records: Vec<TestRecord> = entries.into_iter().map(|e| e.record).collect();
        for (id, at) in index {
            if let Some(record) = records.get_mut(at) {
                record.id = id.into_string();
            }
        }
        records
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
