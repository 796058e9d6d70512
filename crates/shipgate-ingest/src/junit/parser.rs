//! The event loop over one JUnit document.
//!
//! quick-xml reads only the markup the parser interprets: the prolog, `testsuites`,
//! `testsuite` and `testcase` tags and the outcome markers inside test cases. Everything else
//! (text, `system-out`, `system-err`, `properties`, failure bodies) is consumed by
//! [`super::skip`] without being buffered. quick-xml never expands entities beyond the five
//! predefined ones and character references; a DOCTYPE that declares entities is refused.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader};

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::attrs::plain_attributes;
use super::case::{CaseState, Marker};
use super::sink::CaseSink;
use super::skip::{skip_element, skip_text, Skipped};
use super::time::parse_seconds;
use super::tracked::Tracked;

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A stream the parser can read from; it is told before every XML event so that streams
/// which cannot be re-read can still locate errors (see [`Tracked`]).
pub(crate) trait Source: BufRead {
    /// Called before each XML event is read.
    fn mark(&mut self) {}
}

impl<R: BufRead> Source for Tracked<R> {
    fn mark(&mut self) {
        Tracked::mark(self);
    }
}

impl Source for BufReader<File> {}

/// Why a document could not be read, and the byte offset it happened at.
#[derive(Debug)]
pub(crate) struct Failure {
    /// Byte offset in the raw stream (byte order mark included).
    pub(crate) offset: u64,
    /// What went wrong.
    pub(crate) kind: FailureKind,
}

/// What went wrong while reading a document.
#[derive(Debug)]
pub(crate) enum FailureKind {
    /// Reading the stream failed.
    Io(io::Error),
    /// quick-xml found the XML malformed.
    Xml(quick_xml::Error),
    /// The parser found the XML malformed.
    Malformed(String),
    /// No root element.
    NoRoot,
    /// A root element other than `testsuites`/`testsuite`.
    WrongRoot(String),
    /// A DOCTYPE declaring entities.
    Entities,
}

/// Buffers reused from one document to the next.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    buf: Vec<u8>,
    case: CaseState,
    name: String,
}

/// An element the parser is inside of.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Level {
    /// `<testsuites>` (only as the root).
    Suites,
    /// `<testsuite>`; `top` when it is the root or a child of the root `testsuites`, with its
    /// own valid `time` if any.
    Suite { top: bool, seconds: Option<f64> },
    /// `<testcase>`.
    Case,
}

impl Level {
    /// The element name that closes this level.
    fn name(self) -> &'static str {
        match self {
            Level::Suites => "testsuites",
            Level::Suite { .. } => "testsuite",
            Level::Case => "testcase",
        }
    }
}

/// Accumulates the time a document claims for itself.
#[derive(Debug, Default)]
struct Clock {
    /// `testsuites@time` of the root, when valid.
    root: Option<f64>,
    /// Sum over top-level suites of their time (or, lacking a valid one, of their test
    /// cases' times), plus test cases outside any suite.
    units: f64,
    /// Sum of the test case times in the current top-level suite.
    cases_in_top: f64,
}

/// Parse one document, sending its test cases to `sink`. Returns the seconds the
/// document claims for the run: the root `testsuites@time` when valid, else the sum of the
/// top-level suites' times, each falling back to the sum of its test case times.
pub(crate) fn parse_document<S: Source, K: CaseSink>(
    input: &mut S,
    sink: &mut K,
    scratch: &mut Scratch,
) -> Result<f64, Failure> {
    let bom = strip_bom(input)?;
    let mut reader = Reader::from_reader(input);
    {
        let config = reader.config_mut();
        // Skipped elements consume their own end tags, so quick-xml cannot match end names;
        // the parser matches the names of the elements it interprets itself.
        config.check_end_names = false;
        config.expand_empty_elements = false;
        config.trim_text(false);
    }
    let mut stack: Vec<Level> = Vec::new();
    let mut root_seen = false;
    let mut clock = Clock::default();
    let Scratch { buf, case, name } = scratch;

    loop {
        if root_seen {
            let found = skip_text(&mut reader.stream()).map_err(|e| Failure {
                offset: 0,
                kind: FailureKind::Io(e),
            })?;
            if !found {
                return match stack.last() {
                    Some(level) => Err(malformed(
                        reader.buffer_position() + bom,
                        format!("unexpected end of file: <{}> is not closed", level.name()),
                    )),
                    None => Ok(clock.root.unwrap_or(clock.units)),
                };
            }
        }
        reader.get_mut().mark();
        let start = reader.buffer_position() + bom;
        buf.clear();
        let event = match reader.read_event_into(buf) {
            Ok(event) => event,
            Err(quick_xml::Error::Io(e)) => {
                return Err(Failure {
                    offset: start,
                    kind: FailureKind::Io(io::Error::new(e.kind(), e)),
                })
            }
            // some errors (input decoding) carry no position: point at the event being read
            Err(e) => {
                return Err(Failure {
                    offset: (reader.error_position() + bom).max(start),
                    kind: FailureKind::Xml(e),
                })
            }
        };
        let xml = |e: quick_xml::Error| Failure {
            offset: start,
            kind: FailureKind::Xml(e),
        };
        let (tag, empty) = match event {
            Event::Start(tag) => (tag, false),
            Event::Empty(tag) => (tag, true),
            Event::End(end) => {
                let closed = end.local_name();
                match stack.pop() {
                    Some(level) if closed.as_ref() == level.name() => {
                        close(level, stack.last().copied(), case, sink, &mut clock);
                    }
                    Some(level) => {
                        return Err(malformed(
                            start,
                            format!("expected </{}>, found </{}>", level.name(), closed.as_ref()),
                        ))
                    }
                    None => {
                        return Err(malformed(
                            start,
                            format!("unexpected </{}>", closed.as_ref()),
                        ))
                    }
                }
                continue;
            }
            Event::DocType(doctype) => {
                if memchr::memmem::find(doctype.as_ref().as_bytes(), b"<!ENTITY").is_some() {
                    return Err(Failure {
                        offset: start,
                        kind: FailureKind::Entities,
                    });
                }
                continue;
            }
            Event::Eof => {
                return Err(match stack.last() {
                    _ if !root_seen => Failure {
                        offset: start,
                        kind: FailureKind::NoRoot,
                    },
                    Some(level) => malformed(
                        start,
                        format!("unexpected end of file: <{}> is not closed", level.name()),
                    ),
                    None => return Ok(clock.root.unwrap_or(clock.units)),
                });
            }
            // Prolog and epilogue: declaration, comments, processing instructions, whitespace.
            Event::Text(_)
            | Event::CData(_)
            | Event::Comment(_)
            | Event::Decl(_)
            | Event::PI(_)
            | Event::GeneralRef(_) => continue,
        };

        let local = tag.local_name();
        let element = local.as_ref();
        let parent = stack.last().copied();
        let mut skip = !empty;
        match parent {
            None if root_seen => {
                return Err(malformed(
                    start,
                    format!(
                        "second root element <{}> after the end of the report",
                        element
                    ),
                ))
            }
            None => {
                root_seen = true;
                let seconds = suite_seconds(&tag).map_err(xml)?;
                let level = match element {
                    "testsuites" => {
                        clock.root = seconds;
                        Level::Suites
                    }
                    "testsuite" => Level::Suite { top: true, seconds },
                    _ => {
                        return Err(Failure {
                            offset: start,
                            kind: FailureKind::WrongRoot(element.to_owned()),
                        })
                    }
                };
                skip = false;
                open(level, empty, &mut stack, case, sink, &mut clock);
            }
            Some(Level::Suites | Level::Suite { .. }) => match element {
                "testsuite" => {
                    let seconds = suite_seconds(&tag).map_err(xml)?;
                    let top = parent == Some(Level::Suites);
                    skip = false;
                    open(
                        Level::Suite { top, seconds },
                        empty,
                        &mut stack,
                        case,
                        sink,
                        &mut clock,
                    );
                }
                "testcase" => {
                    case.reset();
                    read_case(&tag, case).map_err(xml)?;
                    skip = false;
                    open(Level::Case, empty, &mut stack, case, sink, &mut clock);
                }
                _ => {}
            },
            Some(Level::Case) => {
                if let Some(marker) = Marker::from_name(element) {
                    let seconds = match marker {
                        Marker::Flaky | Marker::Rerun => {
                            own_seconds(&tag).map_err(xml)?.unwrap_or(0.0)
                        }
                        _ => 0.0,
                    };
                    case.mark(marker, seconds);
                }
            }
        }
        if skip {
            name.clear();
            name.push_str(element);
            drop(tag);
            let skipped = skip_element(&mut reader.stream()).map_err(|e| Failure {
                offset: 0,
                kind: FailureKind::Io(e),
            })?;
            if skipped == Skipped::Eof {
                return Err(malformed(
                    reader.buffer_position() + bom,
                    format!("unexpected end of file inside <{name}>"),
                ));
            }
        }
    }
}

/// Consume a leading UTF-8 byte order mark; returns its length.
fn strip_bom<S: BufRead>(input: &mut S) -> Result<u64, Failure> {
    let has_bom = loop {
        match input.fill_buf() {
            Ok(head) => break head.starts_with(BOM),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(Failure {
                    offset: 0,
                    kind: FailureKind::Io(e),
                })
            }
        }
    };
    if has_bom {
        input.consume(BOM.len());
        Ok(BOM.len() as u64)
    } else {
        Ok(0)
    }
}

/// A [`FailureKind::Malformed`] at `offset`.
fn malformed(offset: u64, reason: String) -> Failure {
    Failure {
        offset,
        kind: FailureKind::Malformed(reason),
    }
}

/// Enter `level`; an empty-element tag is closed at once.
fn open<K: CaseSink>(
    level: Level,
    empty: bool,
    stack: &mut Vec<Level>,
    case: &CaseState,
    sink: &mut K,
    clock: &mut Clock,
) {
    if let Level::Suite { top: true, .. } = level {
        clock.cases_in_top = 0.0;
    }
    if empty {
        close(level, stack.last().copied(), case, sink, clock);
    } else {
        stack.push(level);
    }
}

/// Leave `level` (whose parent is now `parent`): record a test case, account suite time.
fn close<K: CaseSink>(
    level: Level,
    parent: Option<Level>,
    case: &CaseState,
    sink: &mut K,
    clock: &mut Clock,
) {
    match level {
        Level::Case => {
            let attempt = case.attempt();
            sink.case(case, attempt);
            if let Some(Level::Suites) = parent {
                clock.units += attempt.seconds;
            } else {
                clock.cases_in_top += attempt.seconds;
            }
        }
        Level::Suite { top: true, seconds } => clock.units += seconds.unwrap_or(clock.cases_in_top),
        Level::Suite { top: false, .. } | Level::Suites => {}
    }
}

/// An attribute's value with the predefined XML escapes and character references resolved;
/// any other entity reference is an error (nothing is ever expanded).
fn value<'a>(attr: &Attribute<'a>) -> Result<Cow<'a, str>, quick_xml::Error> {
    // Most values (every id and time of a million-test report) hold nothing to unescape or
    // normalise: take them as they are.
    let raw = attr.value.as_bytes();
    if memchr::memchr3(b'&', b'\t', b'\n', raw).is_none() && memchr::memchr(b'\r', raw).is_none() {
        return Ok(attr.value.clone());
    }
    attr.normalized_value(XmlVersion::Implicit1_0)
}

/// Read `name`, `classname` and `time` of a `testcase` tag into `case`.
fn read_case(tag: &BytesStart<'_>, case: &mut CaseState) -> Result<(), quick_xml::Error> {
    if let Some(attrs) = plain_attributes(tag.attributes_raw()) {
        for &(key, value) in attrs.pairs() {
            match key {
                "name" => case.name.push_str(value),
                "classname" => case.classname.push_str(value),
                "time" => {
                    let parsed = parse_seconds(value);
                    case.timed = parsed.is_some();
                    case.seconds = parsed.unwrap_or(0.0);
                }
                _ => {}
            }
        }
        return Ok(());
    }
    for attr in tag.attributes() {
        let attr = attr?;
        match attr.key.local_name().as_ref() {
            "name" => case.name.push_str(&value(&attr)?),
            "classname" => case.classname.push_str(&value(&attr)?),
            "time" => {
                let parsed = parse_seconds(&value(&attr)?);
                case.timed = parsed.is_some();
                case.seconds = parsed.unwrap_or(0.0);
            }
            _ => {}
        }
    }
    Ok(())
}

/// The valid `time` attribute of a tag, if any.
fn own_seconds(tag: &BytesStart<'_>) -> Result<Option<f64>, quick_xml::Error> {
    for attr in tag.attributes() {
        let attr = attr?;
        if attr.key.local_name().as_ref() == "time" {
            return Ok(parse_seconds(&value(&attr)?));
        }
    }
    Ok(None)
}

/// The valid `time` of a `testsuite`/`testsuites` tag, checking all its attributes.
fn suite_seconds(tag: &BytesStart<'_>) -> Result<Option<f64>, quick_xml::Error> {
    let mut seconds = None;
    for attr in tag.attributes() {
        let attr = attr?;
        let text = value(&attr)?;
        if attr.key.local_name().as_ref() == "time" {
            seconds = parse_seconds(&text);
        }
    }
    Ok(seconds)
}
