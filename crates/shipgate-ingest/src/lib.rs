//! Streaming parsers for the evidence files test runners write.
//!
//! - [`junit`]: JUnit XML in every dialect real tools write, folded into a [`shipgate_core::TestRun`].
//! - [`coverage`]: Cobertura, LCOV, JaCoCo and coverage.py JSON, detected from content,
//!   into a [`shipgate_core::CoverageReport`].
//!
//! Parsers never build a DOM, never resolve DTDs or external entities, and never panic.

pub mod coverage;
pub mod junit;
mod location;

pub use coverage::{parse_coverage, read_coverage, CoverageError};
pub use junit::{read_junit_run, JunitError, RunBuilder};
pub use location::Location;
