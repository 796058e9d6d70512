//! Test support: what every drift check's result must satisfy on any document, so that a
//! property test asserts more than the absence of a panic.

use proptest::prelude::*;

use super::outcome::DriftCheck;
use crate::{Document, FindingKind};

/// `result` is the check of `doc` (whose source has `lines` lines) and `again` the same
/// check run once more: the same findings, all of `kind`, in `doc`, inside its lines, and a
/// verified count for `doc` (a check that returned nothing for a document fails here).
pub(crate) fn check_properties(
    doc: &Document,
    lines: u32,
    kind: FindingKind,
    result: &DriftCheck,
    again: &DriftCheck,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(result, again);
    prop_assert!(
        result.verified.contains_key(&doc.path),
        "no verified count for {}",
        doc.path
    );
    for f in &result.findings {
        prop_assert_eq!(f.kind, kind);
        prop_assert_eq!(&f.file, &doc.path);
        let line = f.line.unwrap_or(0);
        prop_assert!(
            line >= 1 && line <= lines.max(1),
            "line {} of {}",
            line,
            lines
        );
        prop_assert!(f.column.unwrap_or(0) >= 1);
        prop_assert!(!f.message.is_empty());
    }
    Ok(())
}

/// The number of lines of a source as CommonMark counts them.
pub(crate) fn line_count(source: &str) -> u32 {
    source.replace("\r\n", "\n").split(['\n', '\r']).count() as u32
}
