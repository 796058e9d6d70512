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
use super::outline::{Context, Level, Outline};
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

/// What a structural start tag is, as the parser read it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Element {
    /// The root element: `testsuites` when `suites`, else `testsuite`; its valid `time`.
    Root { suites: bool, seconds: Option<f64> },
    /// A `testsuite` inside a suite, with its valid `time`.
    Suite { seconds: Option<f64> },
    /// A `testcase` inside a suite (its attributes are in the [`CaseState`] passed along).
    Case,
    /// Any other element inside a suite (its content is skipped).
    Other,
}

/// What the parser reports its structural events to, and asks what a start tag means.
///
/// [`Live`] interprets them at once (the element stack, suite time, test cases sent to a
/// sink); the split reader's second half records them to be interpreted later, once the
/// elements enclosing it are known.
pub(crate) trait Reading {
    /// What a start tag means now.
    fn context(&self) -> Context;
    /// A structural start tag at byte `at`; `case` holds a `testcase`'s attributes.
    fn open(
        &mut self,
        at: u64,
        element: Element,
        empty: bool,
        case: &CaseState,
    ) -> Result<(), Failure>;
    /// The end tag `</name>` at byte `at` of an element the parser did not skip; `case` holds
    /// what a `testcase` being closed said.
    fn end(&mut self, at: u64, name: &str, case: &CaseState) -> Result<(), Failure>;
    /// The end of the stream, at byte `at`: the seconds the document claims, or why it is
    /// incomplete.
    fn finish(&mut self, at: u64) -> Result<f64, Failure>;
}

/// Reads a document in order: the [`Outline`] follows the structure, test cases go to `sink`.
#[derive(Debug)]
pub(crate) struct Live<'k, K> {
    /// The element stack and the clock.
    pub(crate) outline: Outline,
    /// Where test cases go.
    pub(crate) sink: &'k mut K,
}

impl<'k, K: CaseSink> Live<'k, K> {
    /// A document read from its start, sending test cases to `sink`.
    pub(crate) fn new(sink: &'k mut K) -> Self {
        Live {
            outline: Outline::default(),
            sink,
        }
    }

    /// Send the test case that just ended and account for its time.
    fn case(&mut self, case: &CaseState) {
        let attempt = case.attempt();
        self.sink.case(case, attempt);
        // the parser asks only inside a suite: there is an enclosing element
        self.outline.case(attempt.seconds);
    }
}

impl<K: CaseSink> Reading for Live<'_, K> {
    fn context(&self) -> Context {
        self.outline.context()
    }

    fn open(
        &mut self,
        _at: u64,
        element: Element,
        empty: bool,
        case: &CaseState,
    ) -> Result<(), Failure> {
        match element {
            Element::Root { suites, seconds } => self.outline.open_root(suites, seconds, empty),
            Element::Suite { seconds } => {
                self.outline.open_suite(seconds, empty);
            }
            Element::Case if empty => self.case(case),
            Element::Case => self.outline.open_case(),
            Element::Other => {}
        }
        Ok(())
    }

    fn end(&mut self, at: u64, name: &str, case: &CaseState) -> Result<(), Failure> {
        if self.outline.end(at, name)? == Level::Case {
            self.case(case);
        }
        Ok(())
    }

    fn finish(&mut self, at: u64) -> Result<f64, Failure> {
        self.outline.finish(at)
    }
}

/// Where [`Parser::run`] stopped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Step {
    /// The document ended; the seconds it claims for the run.
    Done(f64),
    /// The parser is between two events at or past the offset it was asked to stop at.
    Reached,
}

/// Parse one document, sending its test cases to `sink`. Returns the seconds the
/// document claims for the run: the root `testsuites@time` when valid, else the sum of the
/// top-level suites' times, each falling back to the sum of its test case times.
pub(crate) fn parse_document<S: Source, K: CaseSink>(
    input: &mut S,
    sink: &mut K,
    scratch: &mut Scratch,
) -> Result<f64, Failure> {
    let mut live = Live::new(sink);
    match Parser::new(input, scratch)?.run(&mut live, None)? {
        Step::Done(seconds) => Ok(seconds),
        // without an offset to stop at, the parser runs to the end
        Step::Reached => live.finish(0),
    }
}

/// The XML event loop over one stream: reads the markup the [`Reading`] needs, skips the
/// rest. It can stop between two events at a given offset and carry on later.
pub(crate) struct Parser<'a, S: Source> {
    reader: Reader<&'a mut S>,
    /// Added to the reader's positions to give offsets in the file: the byte order mark's
    /// length at the start of a file, the start offset for a stream opened mid-file.
    base: u64,
    scratch: &'a mut Scratch,
}

impl<'a, S: Source> Parser<'a, S> {
    /// A parser at the start of a document (a byte order mark is skipped).
    pub(crate) fn new(input: &'a mut S, scratch: &'a mut Scratch) -> Result<Self, Failure> {
        let base = strip_bom(input)?;
        Ok(Self::with_base(input, scratch, base))
    }

    /// A parser for `input`, which starts at byte `base` of a document, inside elements it
    /// will not see open.
    pub(crate) fn mid_document(input: &'a mut S, scratch: &'a mut Scratch, base: u64) -> Self {
        let mut parser = Self::with_base(input, scratch, base);
        // quick-xml counts the start tags it read and refuses an end tag beyond them; here
        // the [`Reading`] decides what end tags of elements opened earlier mean
        parser.reader.config_mut().allow_unmatched_ends = true;
        parser
    }

    fn with_base(input: &'a mut S, scratch: &'a mut Scratch, base: u64) -> Self {
        let mut reader = Reader::from_reader(input);
        let config = reader.config_mut();
        // Skipped elements consume their own end tags, so quick-xml cannot match end names;
        // the parser matches the names of the elements it interprets itself.
        config.check_end_names = false;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Parser {
            reader,
            base,
            scratch,
        }
    }

    /// The offset in the file of the next byte to read.
    pub(crate) fn position(&self) -> u64 {
        self.reader.buffer_position() + self.base
    }

    /// Read events into `reading` until the document ends, or, with `stop_at`, until the
    /// parser is between two events at or past that offset (text before an event counts as
    /// part of it: the parser stops at the `<` that starts the next event).
    pub(crate) fn run<R: Reading>(
        &mut self,
        reading: &mut R,
        stop_at: Option<u64>,
    ) -> Result<Step, Failure> {
        let Scratch { buf, case, name } = &mut *self.scratch;
        let reader = &mut self.reader;
        let base = self.base;
        loop {
            if reading.context() != Context::Prolog {
                let found = skip_text(&mut reader.stream()).map_err(|e| Failure {
                    offset: 0,
                    kind: FailureKind::Io(e),
                })?;
                if !found {
                    return reading
                        .finish(reader.buffer_position() + base)
                        .map(Step::Done);
                }
            }
            let start = reader.buffer_position() + base;
            if stop_at.is_some_and(|at| start >= at) {
                return Ok(Step::Reached);
            }
            reader.get_mut().mark();
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
                        offset: (reader.error_position() + base).max(start),
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
                    reading.end(start, end.local_name().as_ref(), case)?;
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
                Event::Eof => return reading.finish(start).map(Step::Done),
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
            let mut skip = !empty;
            match reading.context() {
                Context::Epilogue => {
                    return Err(malformed(
                        start,
                        format!(
                            "second root element <{}> after the end of the report",
                            element
                        ),
                    ))
                }
                Context::Prolog => {
                    let seconds = suite_seconds(&tag).map_err(xml)?;
                    let suites = match element {
                        "testsuites" => true,
                        "testsuite" => false,
                        _ => {
                            return Err(Failure {
                                offset: start,
                                kind: FailureKind::WrongRoot(element.to_owned()),
                            })
                        }
                    };
                    skip = false;
                    reading.open(start, Element::Root { suites, seconds }, empty, case)?;
                }
                Context::Suite => match element {
                    "testsuite" => {
                        let seconds = suite_seconds(&tag).map_err(xml)?;
                        skip = false;
                        reading.open(start, Element::Suite { seconds }, empty, case)?;
                    }
                    "testcase" => {
                        case.reset();
                        read_case(&tag, case).map_err(xml)?;
                        if let Some(attr) = case.nul_in_id() {
                            // XML 1.0 has no NUL character, raw or as `&#0;`
                            return Err(malformed(
                                start,
                                format!("a NUL character in the {attr} of a <testcase>"),
                            ));
                        }
                        if case.id_len() > MAX_ID_BYTES {
                            return Err(malformed(
                                start,
                                format!(
                                    "a <testcase> whose classname and name take {} bytes \
                                     (a test id is at most {} MiB)",
                                    case.id_len(),
                                    MAX_ID_BYTES >> 20
                                ),
                            ));
                        }
                        skip = false;
                        reading.open(start, Element::Case, empty, case)?;
                    }
                    _ => reading.open(start, Element::Other, empty, case)?,
                },
                Context::Case => {
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
                        reader.buffer_position() + base,
                        format!("unexpected end of file inside <{name}>"),
                    ));
                }
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

/// The longest test id (`classname::name`) a report may give. Real ids take tens of bytes;
/// the records keep ids at 32-bit offsets, which this keeps far away.
pub(crate) const MAX_ID_BYTES: usize = 64 << 20;

/// A [`FailureKind::Malformed`] at `offset`.
pub(crate) fn malformed(offset: u64, reason: String) -> Failure {
    Failure {
        offset,
        kind: FailureKind::Malformed(reason),
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
