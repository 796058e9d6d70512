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

use std::io;
use std::sync::mpsc::{channel, sync_channel, Receiver, SyncSender};
use std::thread;

use super::case::{Attempt, CaseState};
use super::fold::Fold;
use super::parser::{parse_document, Failure, FailureKind, Scratch, Source};
use super::sink::{CaseSink, Direct};

/// Test cases per batch.
pub(crate) const BATCH_CASES: usize = 8 * 1024;

/// Bytes of ids reserved per batch (about 40 per case; the buffer grows if needed).
const BATCH_ID_BYTES: usize = BATCH_CASES * 40;

/// Full batches that may wait for the folding thread before the parser blocks.
const BATCHES_IN_FLIGHT: usize = 4;

/// Test cases on their way from the parser to the fold.
#[derive(Debug)]
pub(crate) struct Batch {
    /// The ids, concatenated.
    ids: String,
    /// Where each case's id ends in `ids`, and what the case says about the test.
    cases: Vec<(usize, Attempt)>,
}

impl Batch {
    pub(crate) fn new() -> Self {
        Batch {
            ids: String::with_capacity(BATCH_ID_BYTES),
            cases: Vec::with_capacity(BATCH_CASES),
        }
    }

    /// How many test cases the batch holds.
    pub(crate) fn len(&self) -> usize {
        self.cases.len()
    }

    /// Add one test case.
    pub(crate) fn push(&mut self, case: &CaseState, attempt: Attempt) {
        case.append_id(&mut self.ids);
        self.cases.push((self.ids.len(), attempt));
    }

    /// What each test case says about its test, in order.
    pub(crate) fn attempts(&self) -> impl Iterator<Item = &Attempt> {
        self.cases.iter().map(|(_, attempt)| attempt)
    }

    /// Record every case into `fold`, in order, and empty the batch.
    fn fold_into(&mut self, fold: &mut Fold) {
        let mut from = 0;
        for &(end, attempt) in &self.cases {
            fold.record(self.ids.get(from..end).unwrap_or_default(), attempt);
            from = end;
        }
        self.ids.clear();
        self.cases.clear();
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
        let next = self.emptied.try_recv().unwrap_or_else(|_| Batch::new());
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
            current: Batch::new(),
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
