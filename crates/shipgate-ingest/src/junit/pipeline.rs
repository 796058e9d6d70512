//! Parsing and folding on two threads, for large reports.
//!
//! Reading a report is two jobs of similar size: tokenizing the XML (quick-xml, then the
//! attributes of every test case) and folding each test case into the run (a hash table
//! lookup and a record per distinct id). For a large file the parser runs on the calling
//! thread and ships the test cases, in document order and in batches, over a bounded channel
//! to a second thread that folds them. Emptied batches travel back to be refilled, so memory
//! stays bounded by the batches in flight.
//!
//! The result is the same as folding on one thread: the fold sees the same cases in the same
//! order, and the caller commits or rolls back the fold only after the folding thread has
//! finished. When no thread can be started, the document is parsed on the calling thread.

use std::hash::BuildHasher;
use std::io;
use std::sync::mpsc::{channel, sync_channel, Receiver, SyncSender};
use std::thread;

use shipgate_core::TestFacts;

use super::case::{Attempt, CaseState, Marks};
use super::fold::{Fold, IdHasher};
use super::parser::{parse_document, Failure, FailureKind, Scratch, Source};
use super::sink::{CaseSink, Direct};

/// Test cases per batch.
pub(crate) const BATCH_CASES: usize = 8 * 1024;

/// Full batches that may wait for the folding thread before the parser blocks.
const BATCHES_IN_FLIGHT: usize = 4;

/// Test cases on their way from the parser to the fold, in document order.
///
/// The parsing threads do the part of folding that needs no other test case: they write
/// the id, hash it, and write the facts a record of that case alone would have. The folding
/// thread then only probes its table. The fold is the longest chain once the parsers are
/// done (the second half of a split file is folded only after the first), so work taken off
/// it there shortens the wall time.
///
/// The batch is laid out as the run's records are (ids in one buffer, their ends, the facts),
/// so that the first file of a run, whose records are all kept until its repeats are folded,
/// takes the buffers over without copying them ([`Fold::record_batch`]). The second half of
/// a split file waits here until the first half is read: nothing of it is copied or freed
/// when it joins the run except the hashes and marks (9 bytes per test case).
#[derive(Debug)]
pub(crate) struct Batch {
    /// The test ids, one after the other.
    pub(crate) ids: String,
    /// Where each test case's id ends in `ids`.
    pub(crate) ends: Vec<u32>,
    /// What a record of each test case alone would say.
    pub(crate) facts: Vec<TestFacts>,
    /// What else each test case says.
    pub(crate) marks: Vec<Marks>,
    /// Each id hashed with the fold's hasher ([`Fold::id_hasher`]).
    pub(crate) hashes: Vec<u64>,
    /// The fold's hasher, for the ids.
    hasher: IdHasher,
}

/// Bytes of ids a batch may hold before it is sent (the ends are 32-bit).
const BATCH_ID_BYTES: usize = 1 << 30;

/// Room for the ids of a batch, reserved ahead: pytest-style ids take 30 to 50 bytes.
const BATCH_ID_GUESS: usize = BATCH_CASES * 48;

impl Batch {
    /// An empty batch whose ids are hashed with `hasher`.
    pub(crate) fn new(hasher: IdHasher) -> Self {
        let mut batch = Batch {
            ids: String::new(),
            ends: Vec::new(),
            facts: Vec::new(),
            marks: Vec::new(),
            hashes: Vec::new(),
            hasher,
        };
        batch.make_room();
        batch
    }

    /// Room for a full batch (after the fold took the buffers over, they are empty).
    fn make_room(&mut self) {
        self.ids.reserve(BATCH_ID_GUESS);
        self.ends.reserve(BATCH_CASES);
        self.facts.reserve(BATCH_CASES);
        self.marks.reserve(BATCH_CASES);
        self.hashes.reserve(BATCH_CASES);
    }

    /// How many test cases the batch holds.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the batch should be sent before it takes another test case.
    pub(crate) fn is_full(&self) -> bool {
        self.ends.len() >= BATCH_CASES || self.ids.len() >= BATCH_ID_BYTES
    }

    /// Add one test case.
    pub(crate) fn push(&mut self, case: &CaseState, attempt: Attempt) {
        self.push_with(attempt, |ids| case.append_id(ids));
    }

    /// Add one test case whose id `append_id` appends.
    pub(crate) fn push_with(&mut self, attempt: Attempt, append_id: impl FnOnce(&mut String)) {
        let start = self.ids.len();
        append_id(&mut self.ids);
        // ids are at most 64 MiB (the parser refuses longer ones) and a batch is sent once
        // its ids pass 1 GiB: the end always fits
        let end = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        let id = self.ids.get(start..).unwrap_or_default();
        self.hashes.push(self.hasher.hash_one(id));
        self.ends.push(end);
        self.facts.push(attempt.facts());
        self.marks.push(attempt.marks());
    }

    /// Each test case's id, hash and attempt, in order.
    pub(crate) fn cases(&self) -> impl Iterator<Item = (&str, u64, Attempt)> + '_ {
        let mut start = 0_usize;
        self.ends
            .iter()
            .zip(&self.facts)
            .zip(&self.marks)
            .zip(&self.hashes)
            .map(move |(((&end, &facts), &marks), &hash)| {
                let end = end as usize;
                let id = self.ids.get(start..end).unwrap_or_default();
                start = end;
                (id, hash, Attempt::from_parts(facts, marks))
            })
    }

    /// The time each test case claims, in order.
    pub(crate) fn seconds(&self) -> impl Iterator<Item = f64> + '_ {
        self.facts.iter().map(|f| f.duration_seconds)
    }

    /// Record every case into `fold`, in order, and empty the batch.
    fn fold_into(&mut self, fold: &mut Fold) {
        fold.record_batch(self);
        self.ids.clear();
        self.ends.clear();
        self.facts.clear();
        self.marks.clear();
        self.hashes.clear();
        if self.ends.capacity() == 0 {
            self.make_room();
        }
    }
}

/// The parser's end of the pipeline: fills batches and sends them when full.
#[derive(Debug)]
pub(crate) struct Batcher {
    current: Batch,
    full: SyncSender<Batch>,
    emptied: Receiver<Batch>,
}

impl Batcher {
    /// Send the current batch and start another (a returned one when there is one).
    fn send(&mut self) {
        let hasher = self.current.hasher.clone();
        let next = self
            .emptied
            .try_recv()
            .unwrap_or_else(|_| Batch::new(hasher));
        let full = std::mem::replace(&mut self.current, next);
        // Sending fails only when the folding thread is gone; joining it reports that.
        let _ = self.full.send(full);
    }

    /// Send a batch filled elsewhere, after the cases already taken.
    pub(crate) fn forward(&mut self, batch: Batch) {
        if self.current.len() > 0 {
            self.send();
        }
        // Sending fails only when the folding thread is gone; joining it reports that.
        let _ = self.full.send(batch);
    }

    /// Send what is left; dropping the sender then ends the folding thread's loop.
    fn finish(mut self) {
        if self.current.len() > 0 {
            self.send();
        }
    }
}

impl CaseSink for Batcher {
    fn case(&mut self, case: &CaseState, attempt: Attempt) {
        self.current.push(case, attempt);
        if self.current.is_full() {
            self.send();
        }
    }
}

/// Parse one document on this thread while another folds its test cases into `fold`.
/// Returns what [`parse_document`] returns; `fold` holds every case sent before the end.
pub(crate) fn parse_pipelined<S: Source>(
    input: &mut S,
    fold: &mut Fold,
    scratch: &mut Scratch,
    id: &mut String,
) -> Result<f64, Failure> {
    match with_fold_thread(fold, |batcher| parse_document(input, batcher, scratch)) {
        Some(result) => result,
        None => parse_document(input, &mut Direct::new(fold, id), scratch),
    }
}

/// Run `parse` on this thread with a [`Batcher`] whose test cases another thread folds into
/// `fold`, in the order they are sent. `None` when no thread could be started (`parse` did
/// not run); otherwise what `parse` returned, once every case sent is in `fold`.
pub(crate) fn with_fold_thread(
    fold: &mut Fold,
    parse: impl FnOnce(&mut Batcher) -> Result<f64, Failure>,
) -> Option<Result<f64, Failure>> {
    thread::scope(|scope| {
        let (full_tx, full_rx) = sync_channel::<Batch>(BATCHES_IN_FLIGHT);
        let (emptied_tx, emptied_rx) = channel::<Batch>();
        let hasher = fold.id_hasher();
        let folding = &mut *fold;
        let folder = thread::Builder::new()
            .name("junit-fold".to_owned())
            .spawn_scoped(scope, move || {
                for mut batch in full_rx {
                    batch.fold_into(folding);
                    // the parser may have finished and stopped taking batches back
                    let _ = emptied_tx.send(batch);
                }
            })
            .ok()?;
        let mut batcher = Batcher {
            current: Batch::new(hasher),
            full: full_tx,
            emptied: emptied_rx,
        };
        let parsed = parse(&mut batcher);
        batcher.finish();
        Some(match folder.join() {
            Ok(()) => parsed,
            Err(_) => Err(Failure {
                offset: 0,
                kind: FailureKind::Io(io::Error::other(
                    "the thread recording test cases stopped unexpectedly",
                )),
            }),
        })
    })
}
