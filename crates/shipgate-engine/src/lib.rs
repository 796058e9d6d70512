//! shipgate's engine: evaluates the sections of a config (tests, smoke, metrics, analysis,
//! docs), runs the test suite, assembles reports and records history.
//!
//! The engine never prints: what it does is told as [`Event`]s to an [`EventSink`]; what it
//! finds is a [`shipgate_core::Report`] for a renderer. Errors are typed ([`EngineError`],
//! causes kept as sources) and map to exit codes in one place ([`EngineError::exit_code`]).
//! Every evaluation answers a [`Cancel`]: no new work starts, waits end, child process groups
//! are stopped, and the report marks what was not evaluated `inconclusive`. The caller owns
//! the tokio runtime (multi-threaded, so that synchronous sections do not hold up a signal
//! handler).

mod analysis;
mod cancel;
mod check;
mod context;
mod docs;
mod error;
mod events;
mod git;
mod globs;
mod interrupted;
mod interruptible;
mod metrics;
pub mod rollout;
mod smoke;
mod suite;
mod test_section;
mod waiting_clock;
mod words;

pub use analysis::{evaluate_analysis, parse_selector, AnalysisRequest};
pub use cancel::{Cancel, GroupGuard, TempDirGuard};
pub use check::check;
pub use context::{Context, Env, Locations, DEFAULT_STORE};
pub use docs::evaluate_docs;
pub use error::{chain, EngineError};
pub use events::{Discard, Event, EventSink, Recorder, Waiting};
pub use metrics::evaluate_metrics;
pub use smoke::evaluate_smoke;
pub use suite::{exit_status_gate, plan, run_suite, Planned, SuiteRequest};
pub use test_section::{evaluate_tests, Evidence, TestsRequest};
pub use words::{human_duration, plural};
