//! [`LcovParser`]: the record-by-record state of an LCOV parse, fed one line at a time.

use std::collections::HashMap;

use shipgate_core::{CoverageFormat, CoverageReport};

use super::super::error::CoverageError;
use super::branch::{BranchKey, BranchNames};
use super::fields::{parse_brda, parse_da, plain_brda_line, plain_da_line};
use super::path_records::PathRecords;

/// The open `SF` record: which path, and the line the record started on.
struct OpenRecord {
    file: usize,
    started: u64,
}

/// An LCOV parse in progress.
pub(super) struct LcovParser<'s> {
    /// Names the tracefile in errors and in the report.
    source: &'s str,
    /// Every path seen, in order of its first record.
    files: Vec<PathRecords>,
    /// Index into `files` by path (a randomly seeded fast hash).
    by_path: HashMap<String, usize, foldhash::fast::RandomState>,
    open: Option<OpenRecord>,
    /// 1-based number of the last line fed.
    line_no: u64,
    /// The open record's `DA` entries, as given.
    lines: Vec<(u32, u64)>,
    /// The open record's `BRDA` entries, as given.
    branches: Vec<BranchKey>,
    names: BranchNames,
}

/// Parse an LCOV tracefile held in memory (its BOM already stripped).
pub(crate) fn parse(bytes: &[u8], source: &str) -> Result<CoverageReport, CoverageError> {
    let mut parser = LcovParser::new(source);
    let consumed = parser.lines(bytes)?;
    if let Some(last) = bytes.get(consumed..).filter(|rest| !rest.is_empty()) {
        parser.line(last)?;
    }
    parser.finish()
}

impl<'s> LcovParser<'s> {
    /// A parse of the tracefile named `source`, before its first line.
    pub(super) fn new(source: &'s str) -> Self {
        LcovParser {
            source,
            files: Vec::new(),
            by_path: HashMap::default(),
            open: None,
            line_no: 0,
            lines: Vec::new(),
            branches: Vec::new(),
            names: BranchNames::default(),
        }
    }

    /// Feed every `\n`-terminated line of `bytes`; returns how many bytes that was (the rest
    /// is an unfinished line).
    ///
    /// Plain `DA` and `BRDA` lines inside a record (nearly all of a tracefile) are parsed
    /// where they stand, their end found by the same scan; any other line is cut at its
    /// `\n` and read by [`LcovParser::line`].
    pub(super) fn lines(&mut self, bytes: &[u8]) -> Result<usize, CoverageError> {
        let mut start = 0;
        while let Some(rest) = bytes.get(start..).filter(|rest| !rest.is_empty()) {
            if self.open.is_some() {
                if let Some((entry, length)) = plain_da_line(rest) {
                    self.line_no += 1;
                    self.lines.push(entry);
                    start += length;
                    continue;
                }
                if let Some((brda, length)) = plain_brda_line(rest) {
                    self.line_no += 1;
                    let key = self.names.key(brda.line, brda.id, brda.taken);
                    self.branches.push(key);
                    start += length;
                    continue;
                }
            }
            let Some(end) = memchr::memchr(b'\n', rest) else {
                break;
            };
            self.line(rest.get(..end).unwrap_or_default())?;
            start += end + 1;
        }
        Ok(start)
    }

    /// Feed one line (without its `\n`).
    #[inline]
    pub(super) fn line(&mut self, raw: &[u8]) -> Result<(), CoverageError> {
        self.line_no += 1;
        let record = raw.strip_suffix(b"\r").unwrap_or(raw);

        if let Some(rest) = record.strip_prefix(b"DA:") {
            if self.open.is_none() {
                return Err(self.outside_record("DA"));
            }
            let entry = parse_da(rest).map_err(|why| self.invalid(why, record))?;
            self.lines.push(entry);
        } else if let Some(rest) = record.strip_prefix(b"BRDA:") {
            if self.open.is_none() {
                return Err(self.outside_record("BRDA"));
            }
            let brda = parse_brda(rest).map_err(|why| self.invalid(why, record))?;
            let key = self.names.key(brda.line, brda.id, brda.taken);
            self.branches.push(key);
        } else if let Some(rest) = record.strip_prefix(b"SF:") {
            self.open_record(rest)?;
        } else if record == b"end_of_record" {
            self.close_record();
        } else if !record.trim_ascii().is_empty() && !is_other_record(record) {
            return Err(self.error(format!("not an LCOV record: {}", quote(record))));
        }
        Ok(())
    }

    /// The report, once every line has been fed.
    pub(super) fn finish(self) -> Result<CoverageReport, CoverageError> {
        if let Some(unclosed) = &self.open {
            return Err(self.error(format!(
                "truncated LCOV record: the record for `{}` opened on line {} has no end_of_record",
                self.path_of(unclosed),
                unclosed.started
            )));
        }
        let mut report = CoverageReport::new(CoverageFormat::Lcov, self.source);
        for records in self.files {
            report.add_file(records.finish());
        }
        Ok(report)
    }

    /// `SF:<path>`: open a record for the path (merged with earlier records of it).
    fn open_record(&mut self, rest: &[u8]) -> Result<(), CoverageError> {
        if let Some(previous) = &self.open {
            return Err(self.error(format!(
                "SF record before the end_of_record of the record for `{}` opened on line {}",
                self.path_of(previous),
                previous.started
            )));
        }
        let path = String::from_utf8_lossy(rest).into_owned();
        if path.trim().is_empty() {
            return Err(self.error("SF record with an empty path".to_owned()));
        }
        let file = match self.by_path.get(&path) {
            Some(index) => *index,
            None => {
                self.files.push(PathRecords::new(path.clone()));
                let index = self.files.len() - 1;
                self.by_path.insert(path, index);
                index
            }
        };
        self.open = Some(OpenRecord {
            file,
            started: self.line_no,
        });
        Ok(())
    }

    /// `end_of_record`: fold the open record's entries into its path.
    fn close_record(&mut self) {
        if let Some(open) = self.open.take() {
            if let Some(records) = self.files.get_mut(open.file) {
                records.add_record(&mut self.lines, &mut self.branches);
            }
        }
    }

    /// The path of a record, for messages.
    fn path_of(&self, record: &OpenRecord) -> &str {
        self.files.get(record.file).map_or("", PathRecords::path)
    }

    /// An error on the current line.
    #[cold]
    fn error(&self, message: String) -> CoverageError {
        CoverageError::Lcov {
            path: self.source.to_owned(),
            line: self.line_no,
            message,
        }
    }

    /// A malformed detail record.
    #[cold]
    fn invalid(&self, why: &str, record: &[u8]) -> CoverageError {
        self.error(format!("{why} in {}", quote(record)))
    }

    /// A detail record before any `SF`.
    #[cold]
    fn outside_record(&self, kind: &str) -> CoverageError {
        self.error(format!(
            "{kind} record outside a file record (no SF: before it, or after end_of_record)"
        ))
    }
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
