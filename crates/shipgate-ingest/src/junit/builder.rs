//! [`RunBuilder`]: the JUnit reports of one run folded into a [`TestRun`].

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use shipgate_core::TestRun;

use super::error::JunitError;
use super::fold::Fold;
use super::parser::{parse_document, Failure, FailureKind, Scratch, Source};
use super::pipeline::parse_pipelined;
use super::sink::Direct;
use super::split::parse_split;
use super::tracked::Tracked;
use crate::Location;

/// Read buffer size for files.
const FILE_BUFFER: usize = 64 * 1024;

/// A conservative guess of report bytes per test case, for sizing the id table.
const BYTES_PER_TEST_GUESS: u64 = 100;

/// The most room reserved for a file's ids ahead (beyond it the buffer grows as needed).
const MAX_ID_RESERVE: usize = 1 << 30;

/// Files at least this large are parsed and folded on two threads (see [`parse_pipelined`]);
/// below it, starting a thread costs more than it saves.
const PIPELINE_MIN_BYTES: u64 = 1024 * 1024;

/// Files at least this large are parsed as two halves at once, on machines with more than one
/// core (see [`parse_split`]).
const SPLIT_MIN_BYTES: u64 = 8 * 1024 * 1024;

/// How a document is read.
#[derive(Debug, Clone, Copy)]
enum Mode<'p> {
    /// Parsed and folded on the calling thread.
    InOrder,
    /// Parsed on the calling thread, folded on another.
    Pipelined,
    /// The file at this path, this many bytes long, parsed as two halves at once.
    Split(&'p Path, u64),
}

/// Folds the test cases of one or more JUnit reports of ONE run into a [`TestRun`].
///
/// - Test id: `classname::name`, or `name` when the classname is empty or missing (a `file`
///   attribute is not used).
/// - Outcome of a `testcase` element: error > failure > skipped > pass. `flakyFailure` /
///   `flakyError` children are failed attempts before a pass (flaky); `rerunFailure` /
///   `rerunError` children are failed re-runs. Each counts as one more attempt.
/// - The same id seen again (in the same file or another file of the run) is another attempt:
///   the last attempt in document order decides the outcome, a pass after a failed or errored
///   attempt is flaky, and the duration is the longest attempt. Ids keep first-seen order.
/// - Suite `tests=`/`failures=` attributes are ignored; counts come from the test cases.
/// - A report that fails to parse changes nothing in the builder.
#[derive(Debug)]
pub struct RunBuilder {
    label: String,
    shuffled: bool,
    fold: Fold,
    reported_seconds: f64,
    sources: Vec<String>,
    scratch: Scratch,
    /// Scratch space for test ids.
    id: String,
    /// Files at least this large are parsed on two threads.
    pipeline_min_bytes: u64,
    /// Files at least this large are parsed as two halves at once (never on one core).
    split_min_bytes: u64,
}

impl RunBuilder {
    /// An empty run named `label`; `shuffled` when the tests ran in a shuffled order.
    pub fn new(label: &str, shuffled: bool) -> Self {
        RunBuilder {
            label: label.to_owned(),
            shuffled,
            fold: Fold::default(),
            reported_seconds: 0.0,
            sources: Vec::new(),
            scratch: Scratch::default(),
            id: String::new(),
            pipeline_min_bytes: PIPELINE_MIN_BYTES,
            // a second parser only helps with a second core
            split_min_bytes: match std::thread::available_parallelism() {
                Ok(cores) if cores.get() > 1 => SPLIT_MIN_BYTES,
                _ => u64::MAX,
            },
        }
    }

    /// The same builder, splitting files from `split_min_bytes` and pipelining them from
    /// `pipeline_min_bytes` on (tests use small sizes to exercise both on small files).
    #[cfg(test)]
    pub(crate) fn with_thresholds(mut self, pipeline_min_bytes: u64, split_min_bytes: u64) -> Self {
        self.pipeline_min_bytes = pipeline_min_bytes;
        self.split_min_bytes = split_min_bytes;
        self
    }

    /// Add one report read from `reader`; `source` names it in errors and in
    /// [`TestRun::sources`]. Errors carry the line and column, tracked while reading.
    pub fn add_reader<R: BufRead>(&mut self, reader: R, source: &str) -> Result<(), JunitError> {
        let mut tracked = Tracked::new(reader);
        self.add_source(&mut tracked, source, Mode::InOrder)
            .map_err(|failure| to_error(failure, source, |offset| tracked.location(offset)))
    }

    /// Add one report file. Errors name the path and, for malformed XML, the line and column
    /// (found by reading the file again up to the error).
    pub fn add_file(&mut self, path: &Path) -> Result<(), JunitError> {
        let shown = path.display().to_string();
        let file = File::open(path).map_err(|source| JunitError::Open {
            path: shown.clone(),
            source,
        })?;
        let mut mode = Mode::InOrder;
        if let Ok(meta) = file.metadata() {
            // a pytest-style test case takes about 100 bytes: size the id table once instead
            // of growing it through a million insertions. The ids of a file are shorter than
            // the file (each is a classname and a name, `::` standing for at least the
            // `<testcase classname="" name=""` around them), so room for the file's length
            // never has to grow and copy the id buffer; what is not written is not touched.
            let len = usize::try_from(meta.len()).unwrap_or(usize::MAX);
            self.fold
                .reserve(len / BYTES_PER_TEST_GUESS as usize, len.min(MAX_ID_RESERVE));
            if meta.len() >= self.split_min_bytes {
                mode = Mode::Split(path, meta.len());
            } else if meta.len() >= self.pipeline_min_bytes {
                mode = Mode::Pipelined;
            }
        }
        let mut reader = BufReader::with_capacity(FILE_BUFFER, file);
        self.add_source(&mut reader, &shown, mode)
            .map_err(|failure| {
                to_error(failure, &shown, |offset| {
                    File::open(path)
                        .and_then(|file| Location::of_offset_in(BufReader::new(file), offset))
                        .unwrap_or(Location {
                            line: 1,
                            column: offset.saturating_add(1),
                        })
                })
            })
    }

    /// The run: tests in first-seen order, the reports' claimed time, the files read.
    pub fn finish(self) -> TestRun {
        TestRun {
            label: self.label,
            shuffled: self.shuffled,
            timed_tests: self.fold.timed(),
            tests: self.fold.into_records(),
            reported_seconds: self.reported_seconds,
            wall_seconds: None,
            sources: self.sources,
        }
    }

    /// Parse one document as `mode` says; keep its records only if it parses completely.
    fn add_source<S: Source>(
        &mut self,
        input: &mut S,
        source: &str,
        mode: Mode<'_>,
    ) -> Result<(), Failure> {
        self.fold.begin();
        let parsed = match mode {
            Mode::InOrder => parse_document(
                input,
                &mut Direct::new(&mut self.fold, &mut self.id),
                &mut self.scratch,
            ),
            Mode::Pipelined => {
                parse_pipelined(input, &mut self.fold, &mut self.scratch, &mut self.id)
            }
            Mode::Split(path, len) => parse_split(
                input,
                path,
                len,
                &mut self.fold,
                &mut self.scratch,
                &mut self.id,
            ),
        };
        match parsed {
            Ok(seconds) => {
                self.fold.commit();
                self.reported_seconds += seconds;
                self.sources.push(source.to_owned());
                Ok(())
            }
            Err(failure) => {
                self.fold.rollback();
                Err(failure)
            }
        }
    }
}

/// Read the JUnit files that together form one run.
pub fn read_junit_run(label: &str, shuffled: bool, paths: &[&Path]) -> Result<TestRun, JunitError> {
    let mut builder = RunBuilder::new(label, shuffled);
    for path in paths {
        builder.add_file(path)?;
    }
    Ok(builder.finish())
}

/// The public error for a parse failure in `path`; `locate` turns a byte offset into a line
/// and column (only called for errors that point into the document).
fn to_error(failure: Failure, path: &str, locate: impl FnOnce(u64) -> Location) -> JunitError {
    let path = path.to_owned();
    match failure.kind {
        FailureKind::Io(source) => JunitError::Read { path, source },
        FailureKind::NoRoot => JunitError::NoRoot { path },
        FailureKind::Xml(source) => JunitError::Xml {
            path,
            location: locate(failure.offset),
            source,
        },
        FailureKind::Malformed(reason) => JunitError::Malformed {
            path,
            location: locate(failure.offset),
            reason,
        },
        FailureKind::WrongRoot(found) => JunitError::WrongRoot {
            path,
            location: locate(failure.offset),
            found,
        },
        FailureKind::Entities => JunitError::EntityDeclaration {
            path,
            location: locate(failure.offset),
        },
    }
}
