//! Cobertura XML (coverage.py, istanbul/nyc/c8, cargo-llvm-cov `--cobertura`, gcovr ...).
//!
//! Per-line detail comes from `coverage/packages/package/classes/class/lines/line`:
//! `number`, `hits`, and for branch lines `condition-coverage="50% (1/2)"`. The copies of
//! those lines under `class/methods/method/lines` are ignored (they would double count), and
//! one file spread over several `class` elements (Java inner classes, llvm-cov
//! instantiations) is merged. The report's own summary attributes are ignored.

use shipgate_core::{CoverageFormat, CoverageReport};

use super::error::CoverageError;
use super::file_records::FileRecords;
use super::number::{narrow, parse_count, parse_line_number};
use quick_xml::events::BytesStart;

use super::xml::{Tag, XmlEvents};

/// Where an element sits, as far as the parser cares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Class,
    Methods,
    ClassLines,
    Other,
}

/// Parse a Cobertura document (its BOM already stripped).
pub(crate) fn parse(bytes: &[u8], source: &str) -> Result<CoverageReport, CoverageError> {
    let mut report = CoverageReport::new(CoverageFormat::Cobertura, source);
    let mut events = XmlEvents::new(bytes, source);
    let mut stack: Vec<Scope> = Vec::new();
    let mut current: Option<FileRecords> = None;
    let mut seen_root = false;

    while let Some(tag) = events.next_event()? {
        match tag {
            Tag::Open(start) => {
                let scope = if stack.is_empty() {
                    check_root(&events, &start, &mut seen_root)?;
                    Scope::Other
                } else {
                    enter(&events, &start, &stack, &mut report, &mut current)?
                };
                stack.push(scope);
            }
            Tag::Empty(start) => {
                if stack.is_empty() {
                    check_root(&events, &start, &mut seen_root)?;
                } else if enter(&events, &start, &stack, &mut report, &mut current)? == Scope::Class
                {
                    finish_class(&mut report, &mut current);
                }
            }
            Tag::Close => {
                if stack.pop() == Some(Scope::Class) {
                    finish_class(&mut report, &mut current);
                }
            }
        }
    }
    finish_class(&mut report, &mut current);
    Ok(report)
}

/// The document must have exactly one root element, `coverage`.
fn check_root(
    events: &XmlEvents<'_>,
    start: &BytesStart<'_>,
    seen_root: &mut bool,
) -> Result<(), CoverageError> {
    if *seen_root {
        return Err(events.invalid("a second root element after </coverage>".to_owned()));
    }
    if start.local_name().into_inner() != "coverage" {
        return Err(events.invalid(format!(
            "root element is <{}>, expected <coverage> (Cobertura)",
            start.local_name().into_inner()
        )));
    }
    *seen_root = true;
    Ok(())
}

/// Act on an element opening inside the root; returns its scope.
fn enter(
    events: &XmlEvents<'_>,
    start: &BytesStart<'_>,
    stack: &[Scope],
    report: &mut CoverageReport,
    current: &mut Option<FileRecords>,
) -> Result<Scope, CoverageError> {
    let parent = stack.last().copied().unwrap_or(Scope::Other);
    match (start.local_name().into_inner(), parent) {
        ("class", _) => {
            finish_class(report, current);
            let [filename] = events.attrs(start, ["filename"])?;
            let Some(filename) = events.text(filename.as_ref())? else {
                return Err(events.invalid("<class> has no `filename` attribute".to_owned()));
            };
            *current = Some(FileRecords::new(filename));
            Ok(Scope::Class)
        }
        ("methods", Scope::Class) => Ok(Scope::Methods),
        ("lines", Scope::Class) => Ok(Scope::ClassLines),
        ("line", Scope::ClassLines) => {
            if let Some(file) = current.as_mut() {
                record_line(events, start, file)?;
            }
            Ok(Scope::Other)
        }
        _ => Ok(Scope::Other),
    }
}

/// Fold one `class/lines/line` into the file's detail.
fn record_line(
    events: &XmlEvents<'_>,
    start: &BytesStart<'_>,
    file: &mut FileRecords,
) -> Result<(), CoverageError> {
    let [number, hits, branch, condition] =
        events.attrs(start, ["number", "hits", "branch", "condition-coverage"])?;
    let number = events.required_number(
        start,
        number.as_ref(),
        "number",
        "a line number",
        parse_line_number,
    )?;
    let hits = events.required_number(
        start,
        hits.as_ref(),
        "hits",
        "a non-negative hit count",
        parse_count,
    )?;
    file.line(number, hits);

    let is_branch = branch.is_some_and(|b| b.value.trim().eq_ignore_ascii_case("true"));
    if !is_branch {
        return Ok(());
    }
    let Some(condition) = condition.map(|c| c.value) else {
        return Ok(());
    };
    let Some((covered, valid)) = parse_condition_coverage(&condition) else {
        return Err(events.invalid(format!(
            "<line> attribute `condition-coverage` = {condition:?} is not like \"50% (1/2)\""
        )));
    };
    file.branches(number, valid, covered);
    Ok(())
}

/// `"50% (1/2)"` → `(covered 1, valid 2)`; the percentage is ignored.
fn parse_condition_coverage(text: &str) -> Option<(u32, u32)> {
    let open = text.find('(')?;
    let inner = text.get(open + 1..)?;
    let inner = inner.get(..inner.find(')')?)?;
    let (covered, valid) = inner.split_once('/')?;
    Some((
        narrow(parse_count(covered.as_bytes())?),
        narrow(parse_count(valid.as_bytes())?),
    ))
}

/// Hand the open class's detail to the report (merging with other classes of the same file).
fn finish_class(report: &mut CoverageReport, current: &mut Option<FileRecords>) {
    if let Some(file) = current.take() {
        report.add_file(file.finish());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn condition_coverage_forms() {
        assert_eq!(parse_condition_coverage("50% (1/2)"), Some((1, 2)));
        assert_eq!(
            parse_condition_coverage("100% (4/4) [0:1, 1:1]"),
            Some((4, 4))
        );
        assert_eq!(parse_condition_coverage("50%"), None);
        assert_eq!(parse_condition_coverage("(x/2)"), None);
    }
}
