//! JaCoCo XML (`jacoco:report`, Gradle `jacocoTestReport`).
//!
//! Per-line detail comes from `report/[group/]package/sourcefile/line`: `nr`, `mi`/`ci`
//! (missed/covered instructions) and `mb`/`cb` (missed/covered branches). A line is
//! executable when it has instructions and covered when `ci > 0`; its branches are
//! `mb + cb` valid, `cb` covered. The path is `package@name/sourcefile@name`. The
//! `class`, `method` and `counter` elements (summaries) are ignored. The DOCTYPE JaCoCo
//! writes (`report.dtd`) is accepted and never resolved.

use quick_xml::events::BytesStart;
use shipgate_core::{CoverageFormat, CoverageReport};

use super::error::CoverageError;
use super::file_records::FileRecords;
use super::number::{narrow, parse_count, parse_line_number};
use super::xml::{Tag, XmlEvents};

/// Where an element sits, as far as the parser cares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Package,
    SourceFile,
    Other,
}

/// The state of a parse between events.
struct State {
    report: CoverageReport,
    stack: Vec<Scope>,
    package: Option<String>,
    file: Option<FileRecords>,
    seen_root: bool,
}

/// Parse a JaCoCo document (its BOM already stripped).
pub(crate) fn parse(bytes: &[u8], source: &str) -> Result<CoverageReport, CoverageError> {
    let mut events = XmlEvents::new(bytes, source);
    let mut state = State {
        report: CoverageReport::new(CoverageFormat::Jacoco, source),
        stack: Vec::new(),
        package: None,
        file: None,
        seen_root: false,
    };
    while let Some(tag) = events.next_event()? {
        match tag {
            Tag::Open(start) => {
                let scope = state.enter(&events, &start)?;
                state.stack.push(scope);
            }
            Tag::Empty(start) => {
                let scope = state.enter(&events, &start)?;
                state.leave(scope);
            }
            Tag::Close => {
                if let Some(scope) = state.stack.pop() {
                    state.leave(scope);
                }
            }
        }
    }
    state.finish_file();
    Ok(state.report)
}

impl State {
    /// Act on an element opening; returns its scope.
    fn enter(
        &mut self,
        events: &XmlEvents<'_>,
        start: &BytesStart<'_>,
    ) -> Result<Scope, CoverageError> {
        let name = start.local_name().into_inner();
        let Some(parent) = self.stack.last().copied() else {
            if self.seen_root {
                return Err(events.invalid("a second root element after </report>".to_owned()));
            }
            if name != "report" {
                return Err(events.invalid(format!(
                    "root element is <{name}>, expected <report> (JaCoCo)"
                )));
            }
            self.seen_root = true;
            return Ok(Scope::Other);
        };
        match (name, parent) {
            ("package", _) => {
                let [name] = events.attrs(start, ["name"])?;
                self.package = Some(events.text(name.as_ref())?.unwrap_or_default());
                Ok(Scope::Package)
            }
            ("sourcefile", Scope::Package) => {
                self.finish_file();
                let [name] = events.attrs(start, ["name"])?;
                let Some(file_name) = events.text(name.as_ref())? else {
                    return Err(events.invalid("<sourcefile> has no `name` attribute".to_owned()));
                };
                let path = match self.package.as_deref() {
                    Some(package) if !package.is_empty() => format!("{package}/{file_name}"),
                    _ => file_name,
                };
                self.file = Some(FileRecords::new(path));
                Ok(Scope::SourceFile)
            }
            ("line", Scope::SourceFile) => {
                if let Some(file) = self.file.as_mut() {
                    record_line(events, start, file)?;
                }
                Ok(Scope::Other)
            }
            _ => Ok(Scope::Other),
        }
    }

    /// Act on an element closing.
    fn leave(&mut self, scope: Scope) {
        match scope {
            Scope::Package => {
                self.finish_file();
                self.package = None;
            }
            Scope::SourceFile => self.finish_file(),
            Scope::Other => {}
        }
    }

    /// Hand the open source file's detail to the report.
    fn finish_file(&mut self) {
        if let Some(file) = self.file.take() {
            self.report.add_file(file.finish());
        }
    }
}

/// Fold one `sourcefile/line` into the file's detail.
fn record_line(
    events: &XmlEvents<'_>,
    start: &BytesStart<'_>,
    file: &mut FileRecords,
) -> Result<(), CoverageError> {
    const COUNT: &str = "a non-negative count";
    let [nr, mi, ci, mb, cb] = events.attrs(start, ["nr", "mi", "ci", "mb", "cb"])?;
    let nr =
        events.required_number(start, nr.as_ref(), "nr", "a line number", parse_line_number)?;
    let mi = events
        .number(start, mi.as_ref(), COUNT, parse_count)?
        .unwrap_or(0);
    let ci = events
        .number(start, ci.as_ref(), COUNT, parse_count)?
        .unwrap_or(0);
    let mb = events
        .number(start, mb.as_ref(), COUNT, parse_count)?
        .unwrap_or(0);
    let cb = events
        .number(start, cb.as_ref(), COUNT, parse_count)?
        .unwrap_or(0);
    if mi.saturating_add(ci) == 0 {
        return Ok(());
    }
    file.line(nr, ci);
    let branches = mb.saturating_add(cb);
    if branches > 0 {
        file.branches(nr, narrow(branches), narrow(cb));
    }
    Ok(())
}
