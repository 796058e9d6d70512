//! coverage.py JSON (`coverage json`).
//!
//! Per file: `executed_lines` (hit) and `missing_lines` (not hit) are the executable lines,
//! minus `excluded_lines`; with `--branch` data, `executed_branches` and `missing_branches`
//! are `[from, to]` arcs (a negative `to` exits the code object), each counted once on its
//! `from` line. The `summary` and `totals` objects are ignored.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::IgnoredAny;
use serde::Deserialize;
use shipgate_core::{CoverageFormat, CoverageReport, FileCoverage, LineMap};

use super::error::CoverageError;

/// The parts of the document read.
#[derive(Deserialize)]
struct Document {
    meta: Option<IgnoredAny>,
    files: Option<BTreeMap<String, FileEntry>>,
}

/// One entry of `files`.
#[derive(Deserialize)]
struct FileEntry {
    executed_lines: Vec<u32>,
    missing_lines: Vec<u32>,
    #[serde(default)]
    excluded_lines: Vec<u32>,
    #[serde(default)]
    executed_branches: Vec<(i64, i64)>,
    #[serde(default)]
    missing_branches: Vec<(i64, i64)>,
}

/// Parse a coverage.py JSON document (its BOM already stripped).
pub(crate) fn parse(bytes: &[u8], source: &str) -> Result<CoverageReport, CoverageError> {
    let document: Document =
        serde_json::from_slice(bytes).map_err(|err| json_error(&err, source))?;
    let (Some(_), Some(files)) = (document.meta, document.files) else {
        return Err(CoverageError::UnknownFormat {
            path: source.to_owned(),
        });
    };
    let mut report = CoverageReport::new(CoverageFormat::CoveragePyJson, source);
    for (path, entry) in files {
        report.add_file(file_coverage(path, &entry));
    }
    Ok(report)
}

/// The per-line detail of one file entry.
fn file_coverage(path: String, entry: &FileEntry) -> FileCoverage {
    let excluded: BTreeSet<u32> = entry.excluded_lines.iter().copied().collect();
    // a line listed as both missing and executed is executed: the later entry wins
    let lines: LineMap<u64> = entry
        .missing_lines
        .iter()
        .map(|line| (*line, 0))
        .chain(entry.executed_lines.iter().map(|line| (*line, 1)))
        .filter(|(line, _)| !excluded.contains(line))
        .collect();

    let executed: BTreeSet<(i64, i64)> = entry.executed_branches.iter().copied().collect();
    let missing: BTreeSet<(i64, i64)> = entry
        .missing_branches
        .iter()
        .copied()
        .filter(|arc| !executed.contains(arc))
        .collect();
    let mut branches: Vec<(u32, (u32, u32))> = Vec::with_capacity(executed.len() + missing.len());
    for (arcs, taken) in [(&executed, 1), (&missing, 0)] {
        for (from, _to) in arcs {
            let Ok(line) = u32::try_from(*from) else {
                continue;
            };
            if line == 0 || excluded.contains(&line) {
                continue;
            }
            branches.push((line, (1, taken)));
        }
    }
    // every arc counts once on its line
    let branches = LineMap::from_unsorted(branches, |kept, (valid, covered)| {
        kept.0 = kept.0.saturating_add(valid);
        kept.1 = kept.1.saturating_add(covered);
    });
    FileCoverage::from_maps(path, lines, branches)
}

/// A serde_json error as a [`CoverageError::Json`] with its line (and the column in the
/// message).
fn json_error(err: &serde_json::Error, source: &str) -> CoverageError {
    let text = err.to_string();
    let message = match text.rfind(" at line ") {
        Some(cut) => text.get(..cut).unwrap_or(&text).to_owned(),
        None => text.clone(),
    };
    let message = if err.column() > 0 {
        format!("{message} (column {})", err.column())
    } else {
        message
    };
    CoverageError::Json {
        path: source.to_owned(),
        line: err.line() as u64,
        message,
    }
}
