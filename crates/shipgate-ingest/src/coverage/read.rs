//! Entry points: read a report file or parse bytes, dispatching on the detected format.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use shipgate_core::{CoverageFormat, CoverageReport};

use super::detect::{detect_format, strip_bom};
use super::error::CoverageError;
use super::{cobertura, coveragepy, jacoco, lcov};

/// How much of a file is read to detect its format before deciding how to read the rest.
const HEAD: u64 = 64 * 1024;

/// Read one coverage report, detecting its format from content (not from the file name).
///
/// An LCOV tracefile is parsed as it is read, through a fixed buffer; the other formats are
/// read whole and parsed with [`parse_coverage`].
pub fn read_coverage(path: &Path) -> Result<CoverageReport, CoverageError> {
    let name = path.display().to_string();
    let io = |source| CoverageError::Io {
        path: name.clone(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let size = file.metadata().map_or(0, |m| m.len());
    let mut bytes = Vec::new();
    (&mut file).take(HEAD).read_to_end(&mut bytes).map_err(io)?;
    // the first significant bytes decide LCOV, so a head that says LCOV is a tracefile
    if matches!(detect_format(&bytes, &name), Ok(CoverageFormat::Lcov)) {
        return lcov::parse_stream(strip_bom(&bytes), file, &name);
    }
    bytes.reserve(
        usize::try_from(size)
            .unwrap_or(0)
            .saturating_sub(bytes.len()),
    );
    file.read_to_end(&mut bytes).map_err(io)?;
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
