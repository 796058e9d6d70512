//! Read-only history queries, one per file.

mod coverage;
mod flaky;

pub use coverage::CoveragePoint;
