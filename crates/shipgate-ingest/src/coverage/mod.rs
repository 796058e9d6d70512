//! Coverage ingestion (placeholder: being implemented).
use std::path::{Path, PathBuf};

use shipgate_core::CoverageReport;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum CoverageError {
    #[error("{path}: cannot read: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Read one coverage report, detecting its format from content.
pub fn read_coverage(path: &Path) -> Result<CoverageReport, CoverageError> {
    Err(CoverageError::Io { path: path.to_path_buf(), source: std::io::Error::other("not implemented yet") })
}

/// Parse a coverage report from bytes; `source` names it in errors.
pub fn parse_coverage(bytes: &[u8], source: &str) -> Result<CoverageReport, CoverageError> {
    let _ = bytes;
    Err(CoverageError::Io { path: PathBuf::from(source), source: std::io::Error::other("not implemented yet") })
}
