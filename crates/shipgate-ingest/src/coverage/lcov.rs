//! LCOV tracefiles (`geninfo`, c8/istanbul/nyc, coverage.py `coverage lcov`, cargo-llvm-cov,
//! grcov ...).
//!
//! Records: `SF:<path>` opens a file record, `DA:<line>,<hits>[,<checksum>]` is a line,
//! `BRDA:<line>,<block>,<branch>,<taken>` a branch (`taken` = `-` means never reached: valid,
//! not covered), `end_of_record` closes it. Summary records (`LF`, `LH`, `BRF`, `BRH`) and
//! every other record type (`TN`, `FN`, `FNDA`, `VER` ...) are ignored: totals are
//! recomputed from the detail. Repeated `SF` records for one path are merged: line hits add
//! up, and a branch (keyed by line, block and branch) is covered if any record took it.
//!
//! The parser works on bytes (line splitting with memchr, no allocation per line) because
//! tracefiles of large projects run to hundreds of megabytes.

use std::collections::{BTreeMap, HashMap};

use shipgate_core::{CoverageFormat, CoverageReport, FileCoverage};

use super::error::CoverageError;
use super::number::{parse_count, parse_line_number};

/// How a branch is identified inside one line: numeric block and branch ids as most tools
/// write them, or the raw text (`e0`, `jump to line 12` ...) when they are not numbers.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum BranchId {
    Numeric(u64, u64),
    Text(Box<[u8]>),
}

/// The detail gathered for one path over all its `SF` records.
struct FileAccumulator {
    path: String,
    lines: Vec<(u32, u64)>,
    branches: Vec<(u32, BranchId, bool)>,
}

/// The open `SF` record: which accumulator, and the line the record started on.
struct OpenRecord {
    file: usize,
    started: u64,
}

/// Parse an LCOV tracefile (its BOM already stripped).
pub(crate) fn parse(bytes: &[u8], source: &str) -> Result<CoverageReport, CoverageError> {
    let mut files: Vec<FileAccumulator> = Vec::new();
    let mut by_path: HashMap<String, usize> = HashMap::new();
    let mut open: Option<OpenRecord> = None;
    let mut line_no: u64 = 0;
    let mut start = 0usize;
    let error = |line: u64, message: String| CoverageError::Lcov {
        path: source.to_owned(),
        line,
        message,
    };

    let unterminated = bytes.last().is_some_and(|b| *b != b'\n');
    let ends = memchr::memchr_iter(b'\n', bytes).chain(unterminated.then_some(bytes.len()));
    for end in ends {
        let raw = bytes.get(start..end).unwrap_or_default();
        start = end.saturating_add(1);
        line_no += 1;
        let record = raw.strip_suffix(b"\r").unwrap_or(raw);

        if let Some(rest) = record.strip_prefix(b"DA:") {
            let Some(current) = open.as_ref().and_then(|o| files.get_mut(o.file)) else {
                return Err(error(line_no, outside_record("DA")));
            };
            let entry = parse_da(rest)
                .map_err(|why| error(line_no, format!("{why} in {}", quote(record))))?;
            current.lines.push(entry);
        } else if let Some(rest) = record.strip_prefix(b"BRDA:") {
            let Some(current) = open.as_ref().and_then(|o| files.get_mut(o.file)) else {
                return Err(error(line_no, outside_record("BRDA")));
            };
            let entry = parse_brda(rest)
                .map_err(|why| error(line_no, format!("{why} in {}", quote(record))))?;
            current.branches.push(entry);
        } else if let Some(rest) = record.strip_prefix(b"SF:") {
            if let Some(previous) = &open {
                let path = files.get(previous.file).map_or("", |f| f.path.as_str());
                return Err(error(
                    line_no,
                    format!(
                        "SF record before the end_of_record of the record for `{path}` opened on line {}",
                        previous.started
                    ),
                ));
            }
            let path = String::from_utf8_lossy(rest).into_owned();
            if path.trim().is_empty() {
                return Err(error(line_no, "SF record with an empty path".to_owned()));
            }
            let file = match by_path.get(&path) {
                Some(index) => *index,
                None => {
                    files.push(FileAccumulator {
                        path: path.clone(),
                        lines: Vec::new(),
                        branches: Vec::new(),
                    });
                    let index = files.len() - 1;
                    by_path.insert(path, index);
                    index
                }
            };
            open = Some(OpenRecord {
                file,
                started: line_no,
            });
        } else if record == b"end_of_record" {
            open = None;
        } else if !record.trim_ascii().is_empty() && !is_other_record(record) {
            return Err(error(
                line_no,
                format!("not an LCOV record: {}", quote(record)),
            ));
        }
    }

    if let Some(unclosed) = open {
        let path = files.get(unclosed.file).map_or("", |f| f.path.as_str());
        return Err(error(
            line_no,
            format!(
                "truncated LCOV record: the record for `{path}` opened on line {} has no end_of_record",
                unclosed.started
            ),
        ));
    }

    let mut report = CoverageReport::new(CoverageFormat::Lcov, source);
    for accumulator in files {
        report.add_file(finish(accumulator));
    }
    Ok(report)
}

/// `<line>,<hits>[,<checksum>]`
fn parse_da(rest: &[u8]) -> Result<(u32, u64), &'static str> {
    let mut fields = rest.splitn(3, |b| *b == b',');
    let line = fields
        .next()
        .and_then(parse_line_number)
        .ok_or("DA record: invalid line number")?;
    let hits = fields
        .next()
        .and_then(parse_count)
        .ok_or("DA record: invalid hit count")?;
    Ok((line, hits))
}

/// `<line>,<block>,<branch>,<taken>`; the branch field may itself contain commas.
fn parse_brda(rest: &[u8]) -> Result<(u32, BranchId, bool), &'static str> {
    const SHAPE: &str = "BRDA record: expected <line>,<block>,<branch>,<taken>";
    let first = memchr::memchr(b',', rest).ok_or(SHAPE)?;
    let last = memchr::memrchr(b',', rest).ok_or(SHAPE)?;
    let line = rest
        .get(..first)
        .and_then(parse_line_number)
        .ok_or("BRDA record: invalid line number")?;
    let middle = rest.get(first + 1..last).ok_or(SHAPE)?;
    let split = memchr::memchr(b',', middle).ok_or(SHAPE)?;
    let (block, branch) = (
        middle.get(..split).unwrap_or_default(),
        middle.get(split + 1..).unwrap_or_default(),
    );
    let taken_text = rest.get(last + 1..).unwrap_or_default().trim_ascii();
    let taken = if taken_text == b"-" {
        false
    } else {
        parse_count(taken_text).ok_or("BRDA record: taken count is neither a number nor `-`")? > 0
    };
    let id = match (parse_count(block), parse_count(branch)) {
        (Some(b), Some(n)) if b < u64::MAX && n < u64::MAX => BranchId::Numeric(b, n),
        _ => BranchId::Text(middle.into()),
    };
    Ok((line, id, taken))
}

/// Summary and other record types this parser ignores: `KEY:...` with an alphanumeric key.
fn is_other_record(record: &[u8]) -> bool {
    match memchr::memchr(b':', record) {
        Some(colon) if colon > 0 => record
            .get(..colon)
            .is_some_and(|key| key.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')),
        _ => false,
    }
}

/// Turn one path's gathered records into per-line detail.
fn finish(mut accumulator: FileAccumulator) -> FileCoverage {
    accumulator.lines.sort_unstable_by_key(|(line, _)| *line);
    let mut lines: Vec<(u32, u64)> = Vec::with_capacity(accumulator.lines.len());
    for (line, hits) in accumulator.lines {
        match lines.last_mut() {
            Some((last, total)) if *last == line => *total = total.saturating_add(hits),
            _ => lines.push((line, hits)),
        }
    }

    accumulator
        .branches
        .sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    accumulator.branches.dedup_by(|later, kept| {
        let same = later.0 == kept.0 && later.1 == kept.1;
        if same {
            kept.2 |= later.2;
        }
        same
    });
    let mut branches: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
    for (line, _, taken) in &accumulator.branches {
        let entry = branches.entry(*line).or_insert((0, 0));
        entry.0 = entry.0.saturating_add(1);
        entry.1 = entry.1.saturating_add(u32::from(*taken));
    }

    let mut file = FileCoverage::new(accumulator.path);
    file.lines = lines.into_iter().collect();
    file.branches = branches;
    file
}

/// The message for a detail record before any `SF`.
fn outside_record(kind: &str) -> String {
    format!("{kind} record outside a file record (no SF: before it, or after end_of_record)")
}

/// A record for an error message, shortened.
fn quote(record: &[u8]) -> String {
    const MAX: usize = 80;
    let text = String::from_utf8_lossy(record.get(..MAX.min(record.len())).unwrap_or_default())
        .into_owned();
    if record.len() > MAX {
        format!("`{text}...`")
    } else {
        format!("`{text}`")
    }
}
