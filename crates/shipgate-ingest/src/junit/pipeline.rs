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

use super::case::{Attempt, CaseState};
use super::fold::{Fold, IdHasher};
use super::parser::{parse_document, Failure, FailureKind, Scratch, Source};
use super::sink::{CaseSink, Direct};

/// Test cases per batch.
pub(crate) const BATCH_CASES: usize = 8 * 1024;

/// Full batches that may wait for the folding thread before the parser blocks.
const BATCHES_IN_FLIGHT: usize = 4;

/// One test case on its way to the fold.
///
/// The parsing threads do the part of folding that needs no other test case: they hash the
/// id and allocate the `String` that becomes the record's id if the id is new. The folding
/// thread then only probes its table and moves the case in. The fold is the longest chain
/// once the parsers are done (the second half of a split file is folded only after the first),
/// so work taken off it there shortens the wall time.
#[derive(Debug)]
pub(crate) struct Case {
    /// The test id, sized to fit (a boxed `str`, 8 bytes smaller than a `String`: the second
    /// half of a split file keeps half a million of these until the first half is read; it
    /// becomes the record's `String` without being copied).
    pub(crate) id: Box<str>,
    /// `id` hashed with the fold's hasher ([`Fold::id_hasher`]).
    pub(crate) hash: u64,
    /// What the case says about the test.
    pub(crate) attempt: Attempt,
}

// the second half of a split file holds one per test case until the first half is read
const _: () = assert!(std::mem::size_of::<Case>() == 40);

/// Test cases on their way from the parser to the fold.
#[derive(Debug)]
pub(crate) struct Batch {
    /// The test cases, in document order.
    cases: Vec<Case>,
    /// The fold's hasher, for the ids.
    hasher: IdHasher,
    /// The cases' hashes, gathered for [`Fold::record_batch`].
    hashes: Vec<u64>,
}

impl Batch {
    /// An empty batch whose ids are hashed with `hasher`.
    pub(crate) fn new(hasher: IdHasher) -> Self {
        Batch {
            cases: Vec::with_capacity(BATCH_CASES),
            hasher,
            hashes: Vec::new(),
        }
    }

    /// How many test cases the batch holds.
    pub(crate) fn len(&self) -> usize {
        self.cases.len()
    }

    /// Add one test case.
    pub(crate) fn push(&mut self, case: &CaseState, attempt: Attempt) {
        let id = case.id().into_boxed_str();
        let hash = self.hasher.hash_one(&*id);
        self.cases.push(Case { id, hash, attempt });
    }

    /// What each test case says about its test, in order.
    pub(crate) fn attempts(&self) -> impl Iterator<Item = &Attempt> {
        self.cases.iter().map(|case| &case.attempt)
    }

    /// Record every case into `fold`, in order, and empty the batch.
    fn fold_into(&mut self, fold: &mut Fold) {
        self.hashes.clear();
        self.hashes.extend(self.cases.iter().map(|case| case.hash));
        fold.record_batch(
            &self.hashes,
            self.cases.drain(..).map(|case| (case.id, case.attempt)),
        );
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
        if !self.current.cases.is_empty() {
            self.send();
        }
        // Sending fails only when the folding thread is gone; joining it reports that.
        let _ = self.full.send(batch);
    }

    /// Send what is left; dropping the sender then ends the folding thread's loop.
    fn finish(mut self) {
        if !self.current.cases.is_empty() {
            self.send();
        }
    }
}

impl CaseSink for Batcher {
    fn case(&mut self, case: &CaseState, attempt: Attempt) {
        self.current.push(case, attempt);
        if self.current.cases.len() >= BATCH_CASES {
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
