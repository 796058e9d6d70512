//! Format detection from content: the byte-order mark and leading whitespace are skipped,
//! then the first significant bytes (and, for XML, the root element) decide.

use shipgate_core::CoverageFormat;

use super::error::CoverageError;
use super::xml::XmlEvents;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` without a leading UTF-8 byte-order mark.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM).unwrap_or(bytes)
}

/// Detect the coverage format of `bytes` from their content; `source` names the report in
/// errors.
///
/// XML is recognised by its root element (`coverage` → Cobertura, `report` → JaCoCo), read
/// with a streaming reader that never resolves a DTD; `{` starts coverage.py JSON (whose
/// parser checks for `meta` and `files`); a first line starting `TN:` or `SF:` is LCOV.
pub fn detect_format(bytes: &[u8], source: &str) -> Result<CoverageFormat, CoverageError> {
    let body = strip_bom(bytes);
    let Some(first) = body.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Err(CoverageError::Empty {
            path: source.to_owned(),
        });
    };
    let rest = body.get(first..).unwrap_or_default();
    match rest.first() {
        Some(b'<') => detect_xml(body, source),
        Some(b'{') => Ok(CoverageFormat::CoveragePyJson),
        _ if rest.starts_with(b"TN:") || rest.starts_with(b"SF:") => Ok(CoverageFormat::Lcov),
        _ => Err(CoverageError::UnknownFormat {
            path: source.to_owned(),
        }),
    }
}

/// Read XML events up to the root element and map its name to a format.
fn detect_xml(body: &[u8], source: &str) -> Result<CoverageFormat, CoverageError> {
    let mut events = XmlEvents::new(body, source);
    while let Some(event) = events.next_event()? {
        if let Some(start) = event.as_start() {
            return match start.local_name().into_inner() {
                "coverage" => Ok(CoverageFormat::Cobertura),
                "report" => Ok(CoverageFormat::Jacoco),
                _ => Err(CoverageError::UnknownFormat {
                    path: source.to_owned(),
                }),
            };
        }
    }
    Err(CoverageError::UnknownFormat {
        path: source.to_owned(),
    })
}
