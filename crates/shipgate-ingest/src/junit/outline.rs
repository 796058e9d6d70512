//! The outline of a document read in order: the stack of structural elements the reader is
//! inside of, and the time the document claims for itself.
//!
//! [`Outline`] holds every rule about nesting (which end tag may close what, where a second
//! root element starts, what an unclosed element at the end of the file means) and the
//! accounting of suite time. The parser drives it live, event by event; the split reader
//! (`split`) drives it again with the events the second half of a document recorded, so both
//! halves follow the same rules and sum the same times in the same order.

use super::parser::{malformed, Failure, FailureKind};

/// An element the reader is inside of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Level {
    /// `<testsuites>` (only as the root).
    Suites,
    /// `<testsuite>`; `top` when it is the root or a child of the root `testsuites`, with its
    /// own valid `time` if any.
    Suite { top: bool, seconds: Option<f64> },
    /// `<testcase>`.
    Case,
}

impl Level {
    /// The element name that closes this level.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Level::Suites => "testsuites",
            Level::Suite { .. } => "testsuite",
            Level::Case => "testcase",
        }
    }
}

/// What a start tag means where the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// Before the root element: the next element is the root.
    Prolog,
    /// Inside `testsuites` or `testsuite`: `testsuite` and `testcase` are read, anything else
    /// is skipped.
    Suite,
    /// Inside `testcase`: outcome markers are read, anything else is skipped.
    Case,
    /// After the root element closed: any element is a second root, an error.
    Epilogue,
}

/// Accumulates the time a document claims for itself.
#[derive(Debug, Default, Clone, Copy)]
struct Clock {
    /// `testsuites@time` of the root, when valid.
    root: Option<f64>,
    /// Sum over top-level suites of their time (or, lacking a valid one, of their test
    /// cases' times), plus test cases outside any suite.
    units: f64,
    /// Sum of the test case times in the current top-level suite.
    cases_in_top: f64,
}

/// The element stack and the clock of one document read in order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Outline {
    stack: Vec<Level>,
    root_seen: bool,
    clock: Clock,
}

impl Outline {
    /// What a start tag means now.
    pub(crate) fn context(&self) -> Context {
        match self.stack.last() {
            None if self.root_seen => Context::Epilogue,
            None => Context::Prolog,
            Some(Level::Case) => Context::Case,
            Some(Level::Suites | Level::Suite { .. }) => Context::Suite,
        }
    }

    /// Enter the root element (`testsuites` when `suites`, else `testsuite`) with its valid
    /// `time`; an empty-element tag is closed at once.
    pub(crate) fn open_root(&mut self, suites: bool, seconds: Option<f64>, empty: bool) {
        self.root_seen = true;
        let level = if suites {
            self.clock.root = seconds;
            Level::Suites
        } else {
            Level::Suite { top: true, seconds }
        };
        self.open(level, empty);
    }

    /// Enter a `testsuite` with its valid `time`. `false` (and no change) when no element is
    /// open: a suite cannot start there (the parser only asks inside a suite; a replay can
    /// get here after the root closed).
    pub(crate) fn open_suite(&mut self, seconds: Option<f64>, empty: bool) -> bool {
        let Some(&parent) = self.stack.last() else {
            return false;
        };
        let top = parent == Level::Suites;
        self.open(Level::Suite { top, seconds }, empty);
        true
    }

    /// Enter a `testcase` whose content follows (an empty-element one is only a
    /// [`Outline::case`]).
    pub(crate) fn open_case(&mut self) {
        self.stack.push(Level::Case);
    }

    /// Account for a test case that just ended with `seconds`, inside the innermost open
    /// element. `false` (and no change) when no element is open.
    pub(crate) fn case(&mut self, seconds: f64) -> bool {
        match self.stack.last() {
            Some(Level::Suites) => self.clock.units += seconds,
            Some(_) => self.clock.cases_in_top += seconds,
            None => return false,
        }
        true
    }

    /// Leave the innermost element on its end tag `</name>` found at byte `at`. Returns the
    /// level left; a `testcase` must then be accounted with [`Outline::case`] by the caller,
    /// which holds what the test case said.
    pub(crate) fn end(&mut self, at: u64, name: &str) -> Result<Level, Failure> {
        match self.stack.pop() {
            Some(level) if name == level.name() => {
                self.close(level);
                Ok(level)
            }
            Some(level) => Err(malformed(
                at,
                format!("expected </{}>, found </{}>", level.name(), name),
            )),
            None => Err(malformed(at, format!("unexpected </{name}>"))),
        }
    }

    /// The end of the document, reached at byte `at`: the seconds it claims for the run (the
    /// root `testsuites@time` when valid, else the sum of the top-level suites' times, each
    /// falling back to the sum of its test case times), or why it is incomplete.
    pub(crate) fn finish(&self, at: u64) -> Result<f64, Failure> {
        match self.stack.last() {
            _ if !self.root_seen => Err(Failure {
                offset: at,
                kind: FailureKind::NoRoot,
            }),
            Some(level) => Err(malformed(
                at,
                format!("unexpected end of file: <{}> is not closed", level.name()),
            )),
            None => Ok(self.clock.root.unwrap_or(self.clock.units)),
        }
    }

    /// Enter `level`; an empty-element tag is closed at once.
    fn open(&mut self, level: Level, empty: bool) {
        if let Level::Suite { top: true, .. } = level {
            self.clock.cases_in_top = 0.0;
        }
        if empty {
            self.close(level);
        } else {
            self.stack.push(level);
        }
    }

    /// Account for the time of a suite that just ended (test cases are accounted by
    /// [`Outline::case`]).
    fn close(&mut self, level: Level) {
        if let Level::Suite { top: true, seconds } = level {
            self.clock.units += seconds.unwrap_or(self.clock.cases_in_top);
        }
    }
}
