//! Coverage ingestion: Cobertura XML, LCOV, JaCoCo XML and coverage.py JSON, detected from
//! content (never from the file name), into a [`shipgate_core::CoverageReport`].
//!
//! Every parser keeps the per-line detail only; totals are recomputed from it by
//! [`shipgate_core::CoverageReport::totals`] and the summary attributes a report carries
//! are never trusted.

mod cobertura;
mod coveragepy;
mod detect;
mod error;
mod file_records;
mod jacoco;
mod lcov;
mod number;
mod read;
mod xml;

pub use detect::detect_format;
pub use error::CoverageError;
pub use read::{parse_coverage, read_coverage};
