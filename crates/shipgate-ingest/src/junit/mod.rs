//! JUnit XML ingestion: every dialect real tools write, folded into a [`shipgate_core::TestRun`].
//!
//! The parser streams the document with quick-xml and never builds a DOM. Only the
//! structural elements (`testsuites`, `testsuite`, `testcase`) and the outcome markers of a
//! test case are read as XML events; the content of every other element (`system-out`,
//! `system-err`, failure messages and stack traces, `properties`...) and all text are skipped
//! byte by byte without being held in memory. DTDs and entities are never resolved.
//!
//! Files:
//! - [`error`]: [`JunitError`], every variant naming the file.
//! - [`time`]: lenient parsing of `time` attributes.
//! - `attrs`: a fast path for plain attribute lists.
//! - `case`: one `testcase` element and its outcome markers.
//! - `fold`: attempts of the same test id folded into one record.
//! - `skip`: raw skipping of content that is never needed.
//! - `tracked`: line/column tracking for streams that cannot be re-read.
//! - `outline`: the element stack and suite time of a document read in order.
//! - `parser`: the event loop over one document.
//! - `sink`: where the parser sends test cases.
//! - `seen`: a bitset of the hashes seen in a file, to find candidate repeats cheaply.
//! - `pipeline`: parsing and folding on two threads, for large reports.
//! - `speculative`: the second half of a split document, read before the first.
//! - `split`: parsing a large report as two halves at once.
//! - [`builder`]: [`RunBuilder`] and [`read_junit_run`], the public entry points.

mod attrs;
pub mod builder;
mod case;
pub mod error;
mod fold;
mod outline;
mod parser;
mod pipeline;
mod seen;
mod sink;
mod skip;
mod speculative;
mod split;
pub mod time;
mod tracked;

pub use builder::{read_junit_run, RunBuilder};
pub use error::JunitError;
