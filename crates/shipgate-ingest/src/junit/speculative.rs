//! Reading the second half of a document before the first half has been read.
//!
//! The split reader (`split`) starts a second parser at a `<testcase` in the middle of a file.
//! What that half means depends on elements opened in the first half: whether a suite it
//! opens is a top-level one, which element an end tag closes, whether the root has already
//! closed, which sum a test case's time is added to. [`Recorder`] therefore assumes only that
//! it starts inside a suite, which the first half confirms later, and records, in document
//! order, the test cases it reads and every structural event whose meaning depends on what
//! encloses it ([`Mark`]). Once the first half reaches the split point, those events are fed
//! to the first half's [`super::outline::Outline`], which applies the same rules and the
//! same additions as a reading in order would.
//!
//! Nesting inside elements the second half opened itself is checked here; anything unusual
//! (an error of any kind, the end of the file inside an element the second half opened) makes
//! the recorder give up, and the document is read in order from the split point instead, so
//! that every error is found, and located, exactly as without splitting.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::SyncSender;

use super::case::CaseState;
use super::fold::IdHasher;
use super::outline::{Context, Level};
use super::parser::{Element, Failure, FailureKind, Reading};
use super::pipeline::Batch;

/// A structural event of the second half whose meaning depends on the first half.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    /// A `testsuite` start tag (with its valid `time`; `empty` for `<testsuite/>`).
    OpenSuite { seconds: Option<f64>, empty: bool },
    /// The end tag of a `testsuite` the second half opened.
    CloseSuite,
    /// An end tag closing an element opened in the first half.
    CloseOuter { name: String },
    /// An uninterpreted element outside every element the second half opened (an error if
    /// the root has closed by then).
    Other,
    /// The end of the file, outside every element the second half opened.
    End,
}

/// Test cases and marks of the second half, in document order: each mark comes before the
/// test case whose number in `batch` it is given with.
#[derive(Debug)]
pub(crate) struct Recorded {
    /// The test cases.
    pub(crate) batch: Batch,
    /// The marks, each with the number of test cases in `batch` before it.
    pub(crate) marks: Vec<(usize, Mark)>,
}

impl Recorded {
    fn new(hasher: IdHasher) -> Self {
        Recorded {
            batch: Batch::new(hasher),
            marks: Vec::new(),
        }
    }
}

/// A [`Reading`] that records the second half of a document (see the module documentation),
/// sending what it recorded in batches.
#[derive(Debug)]
pub(crate) struct Recorder<'a> {
    /// Elements opened in the second half; below them, the (unknown) suites of the first half.
    stack: Vec<Level>,
    current: Recorded,
    out: SyncSender<Recorded>,
    /// Set when the recording is no longer wanted.
    abandoned: &'a AtomicBool,
    /// The fold's hasher, for the ids of the test cases recorded.
    hasher: IdHasher,
}

impl<'a> Recorder<'a> {
    /// A recorder sending batches to `out`, stopping when `abandoned` is set; ids are hashed
    /// with `hasher` (the fold's).
    pub(crate) fn new(
        out: SyncSender<Recorded>,
        abandoned: &'a AtomicBool,
        hasher: IdHasher,
    ) -> Self {
        Recorder {
            stack: Vec::new(),
            current: Recorded::new(hasher.clone()),
            out,
            abandoned,
            hasher,
        }
    }

    /// Send the current batch; an error when nobody takes it any more.
    fn send(&mut self) -> Result<(), Failure> {
        let full = std::mem::replace(&mut self.current, Recorded::new(self.hasher.clone()));
        self.out.send(full).map_err(|_| given_up())
    }

    fn mark(&mut self, mark: Mark) {
        let before = self.current.batch.len();
        self.current.marks.push((before, mark));
    }

    fn case(&mut self, case: &CaseState) -> Result<(), Failure> {
        self.current.batch.push(case, case.attempt());
        if self.current.batch.is_full() {
            self.send()?;
        }
        Ok(())
    }

    /// Stop early when the first half no longer needs the recording.
    fn check(&self) -> Result<(), Failure> {
        if self.abandoned.load(Ordering::Relaxed) {
            Err(given_up())
        } else {
            Ok(())
        }
    }
}

/// The failure that ends a recording nobody needs any more.
fn given_up() -> Failure {
    Failure {
        offset: 0,
        kind: FailureKind::Malformed("the second half was abandoned".to_owned()),
    }
}

impl Reading for Recorder<'_> {
    fn context(&self) -> Context {
        match self.stack.last() {
            Some(Level::Case) => Context::Case,
            // outside its own elements, the second half is inside a suite of the first half
            _ => Context::Suite,
        }
    }

    fn open(
        &mut self,
        _at: u64,
        element: Element,
        empty: bool,
        case: &CaseState,
    ) -> Result<(), Failure> {
        self.check()?;
        match element {
            // never asked: the recorder is never in the prolog
            Element::Root { .. } => return Err(given_up()),
            Element::Suite { seconds } => {
                self.mark(Mark::OpenSuite { seconds, empty });
                if !empty {
                    // `top` is decided when the marks are replayed; unused here
                    self.stack.push(Level::Suite {
                        top: false,
                        seconds,
                    });
                }
            }
            Element::Case if empty => self.case(case)?,
            Element::Case => self.stack.push(Level::Case),
            Element::Other if self.stack.is_empty() => self.mark(Mark::Other),
            Element::Other => {}
        }
        Ok(())
    }

    fn end(&mut self, _at: u64, name: &str, case: &CaseState) -> Result<(), Failure> {
        self.check()?;
        match self.stack.pop() {
            None => self.mark(Mark::CloseOuter {
                name: name.to_owned(),
            }),
            Some(level) if level.name() == name => match level {
                Level::Case => self.case(case)?,
                _ => self.mark(Mark::CloseSuite),
            },
            // a mismatched end tag: reading in order reports it
            Some(_) => return Err(given_up()),
        }
        Ok(())
    }

    fn finish(&mut self, _at: u64) -> Result<f64, Failure> {
        if !self.stack.is_empty() {
            // an unclosed element: reading in order reports it
            return Err(given_up());
        }
        self.mark(Mark::End);
        self.send()?;
        // the seconds are summed when the marks are replayed
        Ok(0.0)
    }
}
