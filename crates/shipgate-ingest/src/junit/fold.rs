//! Folding the attempts of each test id into one [`TestRecord`], with rollback so that a
//! report that fails to parse leaves the run as it was.
//!
//! A report can hold a million test cases, so the fold builds the run's records directly
//! and indexes them with a table of record numbers, small enough to stay in cache better
//! than one of owned strings. What only the fold needs (the id's hash, and a byte of flags:
//! whether an attempt failed, whether the record is journaled) lives beside the records.
//!
//! The first file of a run is folded without the table: its attempts are appended as they
//! come, each hash marked in a bitset small enough for the cache ([`Seen`]); when the file
//! is committed, only the records whose bit was already taken (true repeats and a few
//! percent of chance collisions) are sorted by hash, and the repeated ids among them are
//! folded in document order and removed. That replaces a million random probes into a table
//! larger than the cache. The table is built, in bulk, only when
//! another file follows.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use shipgate_core::{Outcome, TestFacts, TestRecords};

/// How ids are hashed: seeded per process, so that colliding ids cannot be prepared ahead.
pub(crate) type IdHasher = foldhash::fast::RandomState;

use super::case::Attempt;
use super::pipeline::Batch;
use super::seen::Seen;

/// What the fold knows about a record beyond the record itself and its id's hash: one byte
/// (a million records carry 9 bytes each beside them, not 24).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Flags(u8);

impl Flags {
    /// Some attempt so far failed or errored.
    const FAILED_ONCE: u8 = 1;
    /// The record is in the journal of the current file.
    const JOURNALED: u8 = 2;

    /// Whether any attempt so far failed or errored.
    fn failed_once(self) -> bool {
        self.0 & Self::FAILED_ONCE != 0
    }

    /// Note that an attempt failed or errored when `failed` (never unset).
    fn note_failed(&mut self, failed: bool) {
        if failed {
            self.0 |= Self::FAILED_ONCE;
        }
    }

    /// Whether the record is in the journal of the current file.
    fn journaled(self) -> bool {
        self.0 & Self::JOURNALED != 0
    }

    /// The same flags, in the journal of the current file or not.
    fn with_journaled(self, journaled: bool) -> Flags {
        if journaled {
            Flags(self.0 | Self::JOURNALED)
        } else {
            Flags(self.0 & !Self::JOURNALED)
        }
    }
}

/// Test records in first-seen order, indexed by id.
#[derive(Debug, Default)]
pub(crate) struct Fold {
    /// The records, their ids in one buffer.
    records: TestRecords,
    /// The hash of each record's id, parallel to `records` (kept so that growing the table
    /// never re-reads an id).
    hashes: Vec<u64>,
    /// Parallel to `records`.
    flags: Vec<Flags>,
    /// Record numbers, hashed by their id.
    index: HashTable<u32>,
    /// Hashes the ids (parsing threads hash them with a copy, see [`Fold::id_hasher`]).
    hasher: IdHasher,
    /// `records.len()` when the current file began.
    committed_len: usize,
    /// Records as they were before the current file changed them (each once: its flags say
    /// it is journaled).
    journal: Vec<(usize, TestFacts, Flags)>,
    /// Test case elements that carried a usable `time` attribute.
    timed: u64,
    /// `timed` when the current file began.
    committed_timed: u64,
    /// The current file is recorded without the table (the first file of the run): repeated
    /// ids are folded when it is committed.
    deferred: bool,
    /// The hashes of a deferred file, to find the few that may repeat without sorting all.
    seen: Seen,
    /// How many records the table holds (outside a deferred file, all of them once
    /// [`Fold::begin`] has run).
    indexed: usize,
}

impl Fold {
    /// Make room for about `tests` more distinct ids taking at most `id_bytes` bytes (hints;
    /// growing past them is fine).
    pub(crate) fn reserve(&mut self, tests: usize, id_bytes: usize) {
        // records are larger: never reserve more of them than a big report holds
        let records = tests.min(1 << 21);
        self.records.reserve(records, id_bytes);
        self.hashes.reserve(records);
        self.flags.reserve(records);
        if !self.records.is_empty() {
            // the first file needs no table (see the module documentation)
            let hashes = &self.hashes;
            self.index
                .reserve(tests, |&at| hashes.get(at as usize).copied().unwrap_or(0));
        }
    }

    /// Start recording a new file (see [`Fold::commit`] and [`Fold::rollback`]).
    pub(crate) fn begin(&mut self) {
        self.commit();
        self.deferred = self.records.is_empty();
        if self.deferred {
            self.seen.clear();
            self.seen.reserve(self.records.capacity());
        } else {
            self.index_all();
        }
    }

    /// Keep everything recorded since [`Fold::begin`].
    pub(crate) fn commit(&mut self) {
        if self.deferred {
            self.fold_repeats();
            self.deferred = false;
        }
        self.committed_len = self.records.len();
        self.committed_timed = self.timed;
        for (at, _, _) in self.journal.drain(..) {
            if let Some(flags) = self.flags.get_mut(at) {
                *flags = flags.with_journaled(false);
            }
        }
    }

    /// Undo everything recorded since [`Fold::begin`].
    pub(crate) fn rollback(&mut self) {
        let kept = self.committed_len;
        self.timed = self.committed_timed;
        if self.records.len() > kept {
            self.records.truncate(kept);
            self.hashes.truncate(kept);
            self.flags.truncate(kept);
            self.index.retain(|at| (*at as usize) < kept);
            self.indexed = self.indexed.min(kept);
        }
        for (at, facts, flags) in self.journal.drain(..).rev() {
            if let (Some(r), Some(f)) = (self.records.facts_mut(at), self.flags.get_mut(at)) {
                *r = facts;
                *f = flags;
            }
        }
    }

    /// The hasher of ids: [`Fold::record_hashed`] takes ids hashed with it.
    pub(crate) fn id_hasher(&self) -> IdHasher {
        self.hasher.clone()
    }

    /// Record a batch of test cases, in order, exactly as [`Fold::record_hashed`] would one
    /// by one, and leave the batch empty.
    ///
    /// With a million ids, recording mostly waits for memory: a random probe of a table
    /// larger than the cache, or a bit set at random in the bitset of seen hashes of a
    /// deferred file. Done one case after the other, each case waits for its own load. So the
    /// whole batch's loads come first, in a loop with nothing else to do, and the processor
    /// overlaps many of them: the table is probed for every hash (bringing its lines into the
    /// cache), or every hash is marked in the bitset at once ([`Seen::offer_many`]).
    ///
    /// A deferred file keeps every case as a record until it is committed, so the batch's
    /// ids, ends and facts are taken over as they are (its buffers are left empty).
    pub(crate) fn record_batch(&mut self, batch: &mut Batch) {
        if self.deferred {
            let all = &self.hashes;
            self.seen.offer_many(&batch.hashes, || all.clone());
            let failed: Vec<Flags> = batch
                .facts
                .iter()
                .zip(&batch.marks)
                .map(|(facts, marks)| {
                    let mut flags = Flags::default();
                    flags.note_failed(marks.failed_before() || facts.outcome.is_failure());
                    flags
                })
                .collect();
            let taken = self.records.append_segment(
                std::mem::take(&mut batch.ids),
                std::mem::take(&mut batch.ends),
                std::mem::take(&mut batch.facts),
            );
            match taken {
                Ok(()) => {
                    self.timed += batch.marks.iter().filter(|m| m.timed()).count() as u64;
                    self.hashes.extend_from_slice(&batch.hashes);
                    self.flags.extend(failed);
                }
                // a batch's ends always cut its ids into whole strings (`Batch::push`); were
                // one refused, its cases are copied one by one instead
                Err(refused) => {
                    batch.ids = refused.ids;
                    batch.ends = refused.ends;
                    batch.facts = refused.facts;
                    for (id, hash, attempt) in batch.cases() {
                        self.append(id, hash, attempt);
                    }
                }
            }
            return;
        }
        let mut found = 0_usize;
        for &hash in &batch.hashes {
            // a record number never equals u32::MAX: nothing is ever found
            found += usize::from(self.index.find(hash, |&at| at == u32::MAX).is_some());
        }
        // keep the compiler from removing lookups whose results are unused
        std::hint::black_box(found);
        for (id, hash, attempt) in batch.cases() {
            self.record_hashed(id, hash, attempt);
        }
    }

    /// Record one attempt of test `id` (see [`Fold::record_hashed`]).
    pub(crate) fn record(&mut self, id: &str, attempt: Attempt) {
        let hash = self.hasher.hash_one(id);
        self.record_hashed(id, hash, attempt);
    }

    /// Record one attempt of test `id`, whose hash under [`Fold::id_hasher`] is `hash`: the
    /// final attempt decides the outcome, a pass after a failed or errored attempt is flaky,
    /// the duration is the longest attempt. `id` is copied into the records' id buffer when
    /// it is new.
    ///
    /// An executed (not skipped) attempt followed by another attempt of the same id counts as
    /// failed, whatever its markers say: re-run tools only re-run failures, and
    /// pytest-rerunfailures records the earlier attempts as bare `<testcase/>` elements. The
    /// price: two different tests reported under one id that both pass are reported flaky
    /// (never hidden).
    pub(crate) fn record_hashed(&mut self, id: &str, hash: u64, attempt: Attempt) {
        if self.deferred {
            let all = &self.hashes;
            self.seen.offer(hash, || all.clone());
            self.append(id, hash, attempt);
            return;
        }
        self.timed += u64::from(attempt.timed);
        let failed_now = attempt.failed_before || attempt.outcome.is_failure();
        let (records, hashes) = (&self.records, &self.hashes);
        let found = self.index.find(hash, |&at| {
            let at = at as usize;
            hashes.get(at) == Some(&hash) && records.id(at) == Some(id)
        });
        match found.copied() {
            Some(at) => {
                let at = at as usize;
                let (Some(record), Some(flags)) =
                    (self.records.facts_mut(at), self.flags.get_mut(at))
                else {
                    return;
                };
                if !flags.journaled() && at < self.committed_len {
                    self.journal.push((at, *record, *flags));
                    *flags = flags.with_journaled(true);
                }
                apply_later_attempt(
                    record,
                    flags,
                    (attempt.outcome, attempt.attempts, attempt.seconds),
                    failed_now,
                );
            }
            None => {
                if u32::try_from(self.records.len()).is_err() {
                    // more than four billion distinct tests: keep counting attempts of known
                    // ones, never panic
                    return;
                }
                self.push(id, hash, attempt, failed_now);
                self.index_all();
            }
        }
    }

    /// Append an attempt of a deferred file as a record of its own (its hash already marked
    /// in `seen`); repeated ids are folded at commit.
    fn append(&mut self, id: &str, hash: u64, attempt: Attempt) {
        self.timed += u64::from(attempt.timed);
        let failed_now = attempt.failed_before || attempt.outcome.is_failure();
        self.push(id, hash, attempt, failed_now);
    }

    /// A new record for the first attempt of an id.
    fn push(&mut self, id: &str, hash: u64, attempt: Attempt, failed_now: bool) {
        self.records.push_parts(
            id,
            TestFacts {
                outcome: attempt.outcome,
                attempts: attempt.attempts,
                flaky: attempt.outcome == Outcome::Passed && attempt.failed_before,
                duration_seconds: attempt.seconds,
            },
        );
        self.hashes.push(hash);
        let mut flags = Flags::default();
        flags.note_failed(failed_now);
        self.flags.push(flags);
    }

    /// Put every record not yet in the table into it.
    fn index_all(&mut self) {
        let hashes = &self.hashes;
        for (at, &hash) in hashes.iter().enumerate().skip(self.indexed) {
            let Ok(at) = u32::try_from(at) else { break };
            self.index
                .insert_unique(hash, at, |&i| hashes.get(i as usize).copied().unwrap_or(0));
        }
        self.indexed = self.hashes.len();
    }

    /// Fold the repeated ids of a deferred file: each later record of an id is applied to
    /// the first as another attempt, in document order, and removed.
    fn fold_repeats(&mut self) {
        if self.seen.candidates().is_empty() {
            // no hash was seen twice: no id repeats
            return;
        }
        // only the records whose hash may repeat are sorted (a few percent of a large file)
        let candidates = hash_set(self.seen.candidates());
        self.seen.clear();
        let mut order: Vec<(u64, u32)> = self
            .hashes
            .iter()
            .enumerate()
            .filter(|&(_, &hash)| candidates.find(hash, |&h| h == hash).is_some())
            .filter_map(|(at, &hash)| Some((hash, u32::try_from(at).ok()?)))
            .collect();
        order.sort_unstable();
        let mut removed = vec![false; self.records.len()];
        let mut any = false;
        for run in order
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() > 1)
        {
            for (k, &(_, later)) in run.iter().enumerate().skip(1) {
                let later = later as usize;
                let first = run.iter().take(k).map(|&(_, at)| at as usize).find(|&at| {
                    !removed.get(at).copied().unwrap_or(true)
                        && self.records.id(at) == self.records.id(later)
                });
                if let Some(first) = first {
                    self.absorb(first, later);
                    if let Some(flag) = removed.get_mut(later) {
                        *flag = true;
                    }
                    any = true;
                }
            }
        }
        if any {
            self.records
                .retain(|at| !removed.get(at).copied().unwrap_or(false));
            let mut keep = removed.iter().map(|r| !r);
            self.hashes.retain(|_| keep.next().unwrap_or(true));
            let mut keep = removed.iter().map(|r| !r);
            self.flags.retain(|_| keep.next().unwrap_or(true));
        }
    }

    /// Apply the attempt recorded as record `later` to record `first` (an earlier one of the
    /// same id), as [`Fold::record_hashed`] would have when it came.
    fn absorb(&mut self, first: usize, later: usize) {
        let (Some(attempt), Some(attempt_flags)) = (
            self.records
                .get(later)
                .map(|r| (r.outcome, r.attempts, r.duration_seconds)),
            self.flags.get(later).copied(),
        ) else {
            return;
        };
        let (Some(record), Some(flags)) =
            (self.records.facts_mut(first), self.flags.get_mut(first))
        else {
            return;
        };
        apply_later_attempt(record, flags, attempt, attempt_flags.failed_once());
    }

    /// How many test case elements carried a usable `time` attribute.
    pub(crate) fn timed(&self) -> u64 {
        self.timed
    }

    /// The records in first-seen order.
    pub(crate) fn into_records(mut self) -> TestRecords {
        if self.deferred {
            self.fold_repeats();
        }
        // The vector was sized from the file length (a guess). What was reserved and never
        // written was never touched either; giving it back keeps the run from carrying it
        // (allocators shrink a large block in place).
        self.records.shrink_to_fit();
        self.records
    }
}

/// Apply a later attempt of an id, `(outcome, attempts, seconds)`, to its record: the final
/// attempt decides the outcome, a pass after a failed or errored attempt is flaky, the
/// duration is the longest attempt. `failed_now`: the attempt failed or errored, or passed
/// after failing within itself (then it is exactly "failed before").
fn apply_later_attempt(
    record: &mut TestFacts,
    flags: &mut Flags,
    (outcome, attempts, seconds): (Outcome, u32, f64),
    failed_now: bool,
) {
    // Runners re-run only tests that failed, and some (pytest-rerunfailures) write the
    // failure only on the last attempt: an executed attempt that is followed by another one
    // of the same id counts as a failed attempt.
    flags.note_failed(record.outcome.executed());
    record.attempts = record.attempts.saturating_add(attempts);
    record.outcome = outcome;
    record.flaky = outcome == Outcome::Passed && (flags.failed_once() || failed_now);
    record.duration_seconds = record.duration_seconds.max(seconds);
    flags.note_failed(failed_now);
}

/// A set of id hashes. The hashes are already well mixed, so each is its own table hash:
/// looking every record of a million-test file up in it costs one probe of a small table.
fn hash_set(hashes: &[u64]) -> HashTable<u64> {
    let mut set = HashTable::with_capacity(hashes.len());
    for &hash in hashes {
        if set.find(hash, |&h| h == hash).is_none() {
            set.insert_unique(hash, hash, |&h| h);
        }
    }
    set
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
        let records = f.into_records();
        let r: Vec<_> = records.iter().collect();
        let ids: Vec<_> = r.iter().map(|t| t.id).collect();
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
        let records = f.into_records();
        let r: Vec<_> = records.iter().collect();
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
        let records = f.into_records();
        let r: Vec<_> = records.iter().collect();
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].outcome, r[0].attempts, r[0].duration_seconds),
            (Outcome::Failed, 1, 1.0)
        );
        assert_eq!((r[1].id, r[1].outcome), ("new", Outcome::Skipped));
    }

    fn outcome(n: u8) -> Outcome {
        match n % 4 {
            0 => Outcome::Passed,
            1 => Outcome::Failed,
            2 => Outcome::Errored,
            _ => Outcome::Skipped,
        }
    }

    proptest::proptest! {
        /// The first file, folded by sorting its hashes at commit, gives exactly what
        /// probing the table attempt by attempt gives (a later file of the run does that),
        /// whether its hashes are marked one by one or a batch at a time ahead of recording.
        #[test]
        fn a_deferred_first_file_folds_like_the_table(
            cases in proptest::collection::vec((0u8..12, 0u8..8, proptest::bool::ANY, 0u8..5), 0..80),
            batch in 1usize..24,
        ) {
            let attempts: Vec<(String, Attempt)> = cases
                .iter()
                .map(|&(id, o, before, t)| {
                    (format!("t{id}"), Attempt {
                        outcome: outcome(o),
                        attempts: 1 + u32::from(o / 4),
                        failed_before: before,
                        seconds: f64::from(t) / 2.0,
                        timed: t > 0,
                    })
                })
                .collect();
            let mut deferred = Fold::default();
            deferred.begin();
            for (id, attempt) in &attempts {
                deferred.record(id, *attempt);
            }
            deferred.commit();
            let mut batched = Fold::default();
            batched.begin();
            for chunk in attempts.chunks(batch) {
                let mut cases = Batch::new(batched.id_hasher());
                for (id, attempt) in chunk {
                    cases.push_with(*attempt, |ids| ids.push_str(id));
                }
                batched.record_batch(&mut cases);
            }
            batched.commit();
            // and a later file of the run, recorded a batch at a time
            let mut table = Fold::default();
            table.begin();
            table.record("warm-up", a(Outcome::Passed, 0.0));
            table.commit();
            table.begin();
            for chunk in attempts.chunks(batch) {
                let mut cases = Batch::new(table.id_hasher());
                for (id, attempt) in chunk {
                    cases.push_with(*attempt, |ids| ids.push_str(id));
                }
                table.record_batch(&mut cases);
            }
            table.commit();
            let mut probed = Fold::default();
            probed.begin();
            probed.record("warm-up", a(Outcome::Passed, 0.0));
            probed.commit();
            probed.begin();
            for (id, attempt) in &attempts {
                probed.record(id, *attempt);
            }
            probed.commit();
            proptest::prop_assert_eq!(deferred.timed() + 1, probed.timed());
            let probed = probed.into_records();
            let probed: Vec<_> = probed.iter().skip(1).collect();
            let table = table.into_records();
            proptest::prop_assert_eq!(table.iter().skip(1).collect::<Vec<_>>(), probed.clone());
            let batched = batched.into_records();
            proptest::prop_assert_eq!(batched.iter().collect::<Vec<_>>(), probed.clone());
            let deferred = deferred.into_records();
            proptest::prop_assert_eq!(deferred.iter().collect::<Vec<_>>(), probed);
        }
    }

    #[test]
    fn a_second_file_finds_the_first_files_ids_after_it_was_folded() {
        let mut f = Fold::default();
        f.begin();
        f.record("a", a(Outcome::Failed, 1.0));
        f.record("b", a(Outcome::Passed, 1.0));
        f.record("a", a(Outcome::Failed, 2.0));
        f.commit();
        f.begin();
        f.record("a", a(Outcome::Passed, 0.5));
        f.record("c", a(Outcome::Passed, 0.5));
        f.commit();
        let records = f.into_records();
        let r: Vec<_> = records.iter().collect();
        let got: Vec<_> = r
            .iter()
            .map(|t| (t.id, t.outcome, t.attempts, t.flaky, t.duration_seconds))
            .collect();
        assert_eq!(
            got,
            [
                ("a", Outcome::Passed, 3, true, 2.0),
                ("b", Outcome::Passed, 1, false, 1.0),
                ("c", Outcome::Passed, 1, false, 0.5),
            ]
        );
    }
}
