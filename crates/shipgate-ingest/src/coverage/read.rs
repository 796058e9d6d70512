//! Entry points: read a report file or parse bytes, dispatching on the detected format.

use std::path::Path;

use shipgate_core::{CoverageFormat, CoverageReport};

use super::detect::{detect_format, strip_bom};
use super::error::CoverageError;
use super::{cobertura, coveragepy, jacoco, lcov};

/// Read one coverage report, detecting its format from content (not from the file name).
pub fn read_coverage(path: &Path) -> Result<CoverageReport, CoverageError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| CoverageError::Io {
        path: name.clone(),
        source,
    })?;
    parse_coverage(&bytes, &name)
}

/// Parse a coverage report from bytes; `source` names it in errors and in
/// [`CoverageReport::sources`].
pub fn parse_coverage(bytes: &[u8], source: &str) -> Result<CoverageReport, CoverageError> {
    let format = detect_format(bytes, source)?;
    let body = strip_bom(bytes);
    match format {
        CoverageFormat::Cobertura => cobertura::parse(body, source),
        CoverageFormat::Lcov => lcov::parse(body, source),
        CoverageFormat::Jacoco => jacoco::parse(body, source),
        CoverageFormat::CoveragePyJson => coveragepy::parse(body, source),
    }
}
