//! Reading a large report as two halves at once.
//!
//! Parsing is most of the work of reading a report, and one parser uses one core. For a
//! large file, a second parser starts at a `<testcase` near the middle (through its own file
//! handle and buffer: the file is never held in memory) while the calling thread parses from
//! the start, and a third thread folds test cases (see `pipeline`).
//!
//! The result must be exactly that of a reading in order, so the split point is only a guess
//! until the first half confirms it:
//!
//! - The bytes `<testcase` may sit inside a comment, a CDATA section, an attribute value or
//!   skipped content. The first half stops at the first event boundary at or past the split
//!   point; the guess holds only if that boundary is the split point itself and the element
//!   stack there is inside a suite, where a `testcase` starts (the same bytes then read as the
//!   same events: quick-xml needs no state but its position between two events).
//! - What the second half means depends on the elements the first half left open. The second
//!   half records its test cases and its context-dependent events (`speculative`); the first
//!   half then replays them through its own [`Outline`], which applies the rules of a reading
//!   in order (which suites are top-level, which end tag may close what, whether the root has
//!   closed) and adds the suite times in the same order, so sums are identical to the bit.
//!   The test cases are forwarded to the fold after the first half's, batch by batch, so
//!   attempts of one test id on both sides fold as they do in order.
//! - If the guess was wrong, the second half is abandoned and the first half reads on. If the
//!   second half gave up (any error, anything it cannot interpret alone) or its events do not
//!   fit the first half's elements, the first half reads on from the split point with the
//!   state it had there, passing over the test cases already forwarded: errors are found and
//!   located exactly as in order.
//!
//! Memory stays bounded: the second half waits when [`RECORDED_IN_FLIGHT`] batches are
//! recorded and not yet replayed, which only happens for files of several million test cases.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread;

use super::case::{Attempt, CaseState};
use super::fold::{Fold, IdHasher};
use super::outline::{Context, Level, Outline};
use super::parser::{parse_document, Failure, Live, Parser, Scratch, Source, Step};
use super::pipeline::{parse_pipelined, with_fold_thread, Batcher};
use super::sink::{CaseSink, Direct};
use super::speculative::{Mark, Recorded, Recorder};

/// Read buffer size of the second half.
const SECOND_HALF_BUFFER: usize = 64 * 1024;

/// How far past the middle of the file to look for a `<testcase` to split at.
const SEARCH_BYTES: u64 = 1024 * 1024;

/// Recorded batches (of up to 8k test cases each) the second half may hold before it waits
/// for the first half to replay them.
const RECORDED_IN_FLIGHT: usize = 64;

/// Parse the file at `path`, `len` bytes long, as two halves at once (see the module
/// documentation); `input` reads it from the start. Falls back to [`parse_pipelined`] when
/// there is nowhere to split, and to one thread when no thread can be started.
pub(crate) fn parse_split<S: Source>(
    input: &mut S,
    path: &Path,
    len: u64,
    fold: &mut Fold,
    scratch: &mut Scratch,
    id: &mut String,
) -> Result<f64, Failure> {
    let Some((second, split)) = File::open(path)
        .ok()
        .and_then(|mut file| find_split(&mut file, len).map(|split| (file, split)))
    else {
        return parse_pipelined(input, fold, scratch, id);
    };
    let hasher = fold.id_hasher();
    let parsed = with_fold_thread(fold, |batcher| {
        parse_halves(input, second, split, batcher, scratch, hasher)
    });
    match parsed {
        Some(result) => result,
        None => parse_document(input, &mut Direct::new(fold, id), scratch),
    }
}

/// The offset of the first `<testcase` tag (the name followed by a space, `/` or `>`) at or
/// after the middle of `file`, within [`SEARCH_BYTES`].
fn find_split(file: &mut File, len: u64) -> Option<u64> {
    let middle = len / 2;
    file.seek(SeekFrom::Start(middle)).ok()?;
    let mut window = Vec::new();
    file.take(SEARCH_BYTES).read_to_end(&mut window).ok()?;
    const TAG: &[u8] = b"<testcase";
    memchr::memmem::find_iter(&window, TAG)
        .find(|&at| {
            matches!(
                window.get(at + TAG.len()),
                Some(b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>')
            )
        })
        .map(|at| middle + at as u64)
}

/// Parse the first half from `input` on this thread and the second half from `second`
/// (from `split` on) on another; test cases go to `batcher` in document order, their ids
/// hashed with `hasher` (the fold's).
fn parse_halves<S: Source>(
    input: &mut S,
    second: File,
    split: u64,
    batcher: &mut Batcher,
    scratch: &mut Scratch,
    hasher: IdHasher,
) -> Result<f64, Failure> {
    let abandoned = AtomicBool::new(false);
    thread::scope(|scope| {
        let (recorded_tx, recorded_rx) = sync_channel::<Recorded>(RECORDED_IN_FLIGHT);
        let abandoned = &abandoned;
        let spawned = thread::Builder::new()
            .name("junit-second-half".to_owned())
            .spawn_scoped(scope, move || {
                read_second_half(second, split, recorded_tx, abandoned, hasher)
            });
        let Ok(second_half) = spawned else {
            return parse_document(input, batcher, scratch);
        };
        let result = read_first_half(input, split, recorded_rx, batcher, scratch, abandoned);
        // the second half may still be running when the first one failed or read on alone
        abandoned.store(true, Ordering::Relaxed);
        // its outcome (a panic included) is what it sent; a second half that stopped early
        // has already been replaced by reading in order
        let _ = second_half.join();
        result
    })
}

/// The second half: record from `split` to the end of the file. Stops early on anything it
/// cannot read alone; dropping `out` then tells the first half.
fn read_second_half(
    mut file: File,
    split: u64,
    out: SyncSender<Recorded>,
    abandoned: &AtomicBool,
    hasher: IdHasher,
) {
    if file.seek(SeekFrom::Start(split)).is_err() {
        return;
    }
    let mut input = BufReader::with_capacity(SECOND_HALF_BUFFER, file);
    let mut scratch = Scratch::default();
    let mut recorder = Recorder::new(out, abandoned, hasher);
    // a failure is reported by reading in order, not here
    let _ = Parser::mid_document(&mut input, &mut scratch, split).run(&mut recorder, None);
}

/// The first half: parse up to `split`, then replay what the second half recorded, or read on
/// in order when the split does not hold.
fn read_first_half<S: Source>(
    input: &mut S,
    split: u64,
    recorded: Receiver<Recorded>,
    batcher: &mut Batcher,
    scratch: &mut Scratch,
    abandoned: &AtomicBool,
) -> Result<f64, Failure> {
    let mut parser = Parser::new(input, scratch)?;
    let mut live = Live::new(batcher);
    if let Step::Done(seconds) = parser.run(&mut live, Some(split))? {
        // the document ended before the split point (the file was cut meanwhile)
        took(Route::Missed);
        return Ok(seconds);
    }
    if parser.position() != split || live.outline.context() != Context::Suite {
        // `<testcase` was not a tag inside a suite there: read on alone
        took(Route::Missed);
        abandoned.store(true, Ordering::Relaxed);
        return to_end(&mut parser, &mut live);
    }
    let at_split = live.outline.clone();
    let mut forwarded = 0;
    if let Some(seconds) = replay(&mut live.outline, recorded, live.sink, &mut forwarded) {
        took(Route::Replayed);
        return Ok(seconds);
    }
    // Read on in order from the split point, as if it had never been tried; the test cases
    // the replay already forwarded are the first ones found.
    took(Route::ReadOn);
    abandoned.store(true, Ordering::Relaxed);
    let mut rest = Live {
        outline: at_split,
        sink: &mut SkipFirst {
            skip: forwarded,
            sink: live.sink,
        },
    };
    to_end(&mut parser, &mut rest)
}

/// How the first half went on from the split point (tests check that each is exercised).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// The split point was not a `testcase` tag inside a suite: read on alone.
    Missed,
    /// The second half's recording was replayed to the end.
    Replayed,
    /// The second half gave up or did not fit: read on from the split point.
    ReadOn,
}

#[cfg(test)]
thread_local! {
    /// The route the last split document on this thread took.
    static LAST_ROUTE: std::cell::Cell<Option<Route>> = const { std::cell::Cell::new(None) };
}

/// Note the route taken (only tests look at it).
fn took(route: Route) {
    #[cfg(test)]
    LAST_ROUTE.with(|last| last.set(Some(route)));
    #[cfg(not(test))]
    let _ = route;
}

/// Run `parser` to the end of the document.
fn to_end<S: Source, K: CaseSink>(
    parser: &mut Parser<'_, S>,
    live: &mut Live<'_, K>,
) -> Result<f64, Failure> {
    match parser.run(live, None)? {
        Step::Done(seconds) => Ok(seconds),
        // without an offset to stop at, the parser runs to the end
        Step::Reached => live.outline.finish(parser.position()),
    }
}

/// Feed the second half's recording, in order, into `outline` (the first half's, at the split
/// point), forwarding each batch of test cases to `batcher` once its events fit. The seconds
/// the document claims when everything fits up to the end of the file; `None` when the second
/// half gave up or an event does not fit (the document is then malformed, and reading in
/// order says how). `forwarded` counts the test cases sent.
fn replay(
    outline: &mut Outline,
    recorded: Receiver<Recorded>,
    batcher: &mut Batcher,
    forwarded: &mut usize,
) -> Option<f64> {
    // ends when the second half hangs up: after its last batch, or when it gave up
    for Recorded { batch, marks } in recorded {
        let mut attempts = batch.seconds();
        let mut accounted = 0;
        let mut ended = false;
        for (before, mark) in &marks {
            if !account(outline, attempts.by_ref().take(before - accounted)) {
                return None;
            }
            accounted = *before;
            let fits = match mark {
                Mark::OpenSuite { seconds, empty } => outline.open_suite(*seconds, *empty),
                Mark::CloseSuite => outline.end(0, "testsuite").is_ok(),
                Mark::CloseOuter { name } => {
                    outline.end(0, name).is_ok_and(|level| level != Level::Case)
                }
                Mark::Other => outline.context() != Context::Epilogue,
                Mark::End => {
                    ended = true;
                    true
                }
            };
            if !fits {
                return None;
            }
        }
        if !account(outline, attempts) {
            return None;
        }
        *forwarded += batch.len();
        batcher.forward(batch);
        if ended {
            return outline.finish(0).ok();
        }
    }
    None
}

/// Account for the time of test cases that ended in `outline`'s innermost element; `false`
/// when no element is open.
fn account(outline: &mut Outline, seconds: impl Iterator<Item = f64>) -> bool {
    seconds.into_iter().all(|seconds| outline.case(seconds))
}

/// Passes over the first `skip` test cases, then sends the others on.
#[derive(Debug)]
struct SkipFirst<'a, K> {
    skip: usize,
    sink: &'a mut K,
}

impl<K: CaseSink> CaseSink for SkipFirst<'_, K> {
    fn case(&mut self, case: &CaseState, attempt: Attempt) {
        if self.skip > 0 {
            self.skip -= 1;
        } else {
            self.sink.case(case, attempt);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

    use std::fmt::Write as _;

    use proptest::prelude::*;
    use shipgate_core::TestRun;

    use super::{Route, LAST_ROUTE};
    use crate::junit::RunBuilder;

    /// The document read in order from a stream, and from a file split wherever possible;
    /// the route the split reading took.
    fn both_ways(
        doc: &[u8],
    ) -> (
        Result<TestRun, String>,
        Result<TestRun, String>,
        Option<Route>,
    ) {
        let mut b = RunBuilder::new("r", false);
        let in_order = b
            .add_reader(doc, "doc.xml")
            .map(|()| comparable(b.finish()))
            .map_err(|e| e.to_string());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.xml");
        std::fs::write(&path, doc).unwrap();
        LAST_ROUTE.with(|last| last.set(None));
        let mut b = RunBuilder::new("r", false).with_thresholds(0, 0);
        let split = b
            .add_file(&path)
            .map(|()| comparable(b.finish()))
            .map_err(|e| {
                e.to_string()
                    .replacen(&path.display().to_string(), "doc.xml", 1)
            });
        (in_order, split, LAST_ROUTE.with(|last| last.get()))
    }

    fn comparable(run: TestRun) -> TestRun {
        TestRun {
            sources: Vec::new(),
            ..run
        }
    }

    /// Read `doc` both ways: the results must be identical (reported seconds to the bit);
    /// returns the route the split reading took.
    fn same(doc: &str) -> Option<Route> {
        let (in_order, split, route) = both_ways(doc.as_bytes());
        if let (Ok(a), Ok(b)) = (&in_order, &split) {
            assert_eq!(a.reported_seconds.to_bits(), b.reported_seconds.to_bits());
        }
        assert_eq!(in_order, split, "{doc}");
        route
    }

    /// `n` test cases, the `i`th with id `c::t{i}` and a time that does not add up exactly.
    fn cases(from: usize, n: usize) -> String {
        let mut out = String::new();
        for i in from..from + n {
            let _ = writeln!(
                out,
                "<testcase classname=\"c\" name=\"t{i}\" time=\"0.{i}1\"/>"
            );
        }
        out
    }

    /// `head`, `middle` and `tail` with `tail` padded so that the middle of the document
    /// falls `into` bytes into `middle`: the split point is the first `<testcase` tag from
    /// there.
    fn centred(head: &str, middle: &str, tail: &str, into: usize) -> String {
        let target = 2 * (head.len() + into);
        let unpadded = head.len() + middle.len() + tail.len();
        assert!(target >= unpadded, "head too short for the rest");
        let pad = " ".repeat(target - unpadded);
        let doc = format!("{head}{middle}{pad}{tail}");
        assert_eq!(doc.len() / 2, head.len() + into);
        doc
    }

    #[test]
    fn a_plain_report_splits_and_reads_as_in_order() {
        let doc = format!(
            "<?xml version=\"1.0\"?>\n<testsuites>\n<testsuite name=\"s\">\n{}</testsuite>\n</testsuites>\n",
            cases(0, 300)
        );
        assert_eq!(same(&doc), Some(Route::Replayed));
    }

    #[test]
    fn a_byte_order_mark_keeps_offsets_right() {
        let doc = format!("\u{feff}<testsuite>\n{}</testsuite>\n", cases(0, 100));
        assert_eq!(same(&doc), Some(Route::Replayed));
        let bad = format!("\u{feff}<testsuite>\n{}</testsuitx>\n", cases(0, 100));
        assert_eq!(same(&bad), Some(Route::ReadOn));
    }

    #[test]
    fn a_testcase_in_a_comment_at_the_split_point_is_not_a_split() {
        let head = format!("<testsuites><testsuite time=\"2\">\n{}", cases(0, 50));
        let middle = "<!-- <testcase name=\"fake\"/> -->\n";
        let tail = format!("{}</testsuite></testsuites>\n", cases(50, 20));
        for into in 0..5 {
            let doc = centred(&head, middle, &tail, into);
            assert_eq!(same(&doc), Some(Route::Missed), "{into}");
        }
    }

    #[test]
    fn a_testcase_in_cdata_or_skipped_content_at_the_split_point_is_not_a_split() {
        let head = format!("<testsuite>\n{}", cases(0, 50));
        let tail = format!("{}</testsuite>\n", cases(50, 20));
        for middle in [
            "<testcase name=\"out\"><system-out><![CDATA[<testcase name=\"fake\"/>]]></system-out></testcase>\n",
            "<properties><testcase name=\"fake\"/></properties>\n",
            "<testcase name=\"outer\"><testcase name=\"inner\"/></testcase>\n",
            "<testcase name=\"out\"><system-out>a <testcase name=\"fake\"/> b</system-out></testcase>\n",
            "<?pi <testcase name=\"fake\"/> ?>\n",
        ] {
            let at = middle[1..].find("<testcase").unwrap();
            let doc = centred(&head, middle, &tail, at);
            assert_eq!(same(&doc), Some(Route::Missed), "{middle}");
        }
    }

    #[test]
    fn a_split_inside_nested_suites_keeps_suite_times_to_the_bit() {
        for (outer, inner) in [
            ("", ""),
            (" time=\"7.25\"", ""),
            ("", " time=\"1.5\""),
            (" time=\"nope\"", " time=\"0.1\""),
        ] {
            let doc = format!(
                "<testsuites>\n<testsuite name=\"a\"{outer}>\n{}<testsuite name=\"b\"{inner}>\n{}</testsuite>\n{}<testsuite name=\"c\"/>\n</testsuite>\n<testsuite name=\"d\">{}</testsuite>\n{}</testsuites>\n",
                cases(0, 30),
                cases(30, 100),
                cases(130, 30),
                cases(160, 10),
                cases(170, 3),
            );
            assert_eq!(same(&doc), Some(Route::Replayed), "{outer} {inner}");
        }
        // the root a suite, cases directly in the root, the split in a later suite
        let doc = format!(
            "<testsuites time=\"x\">{}<testsuite>{}</testsuite><testsuite time=\"3\">{}</testsuite>{}</testsuites>",
            cases(0, 10),
            cases(10, 10),
            cases(20, 40),
            cases(60, 5)
        );
        assert_eq!(same(&doc), Some(Route::Replayed));
        let doc = format!("<testsuite time=\"1\">{}</testsuite>", cases(0, 80));
        assert_eq!(same(&doc), Some(Route::Replayed));
    }

    #[test]
    fn the_same_test_on_both_sides_folds_as_in_order() {
        let first = cases(0, 100);
        let doc = format!(
            "<testsuite>\n{}<testcase classname=\"c\" name=\"t5\"><failure/></testcase>\n{}{}</testsuite>\n",
            first.replace("name=\"t7\" time=\"0.71\"/>", "name=\"t7\"><failure/></testcase>"),
            cases(0, 100),
            "<testcase classname=\"c\" name=\"t9\"><skipped/></testcase><testcase classname=\"c\" name=\"t3\"><flakyFailure/></testcase>"
        );
        assert_eq!(same(&doc), Some(Route::Replayed));
        let (in_order, _, _) = both_ways(doc.as_bytes());
        let run = in_order.unwrap();
        let t7 = run.tests.iter().find(|t| t.id == "c::t7").unwrap();
        assert!(t7.flaky && t7.attempts == 2);
    }

    #[test]
    fn a_malformed_second_half_is_reported_where_reading_in_order_reports_it() {
        let good = format!(
            "<testsuites>\n<testsuite name=\"s\">\n{}</testsuite>\n</testsuites>\n",
            cases(0, 200)
        );
        let late = good.len() * 3 / 4;
        let at = late + good[late..].find("<testcase").unwrap();
        for (what, bad) in [
            (
                "mismatched end",
                good.replace("</testsuite>\n</testsuites>", "</testsuitx>\n</testsuites>"),
            ),
            (
                "closed root then more",
                good.replace("</testsuites>\n", "</testsuites>\n<testsuite/>"),
            ),
            (
                "too many ends",
                good.replace("</testsuites>\n", "</testsuites>\n</testsuites>"),
            ),
            ("truncated", good[..good.len() - 20].to_owned()),
            (
                "unclosed case",
                good.replace(
                    "</testsuite>\n</testsuites>",
                    "<testcase name=\"x\"></testsuite>\n</testsuites>",
                ),
            ),
            (
                "bad attribute",
                format!(
                    "{}<testcase name=\"a\" name=\"b\"/>{}",
                    &good[..at],
                    &good[at..]
                ),
            ),
            (
                "bad entity",
                format!("{}<testcase name=\"a&nope;\"/>{}", &good[..at], &good[at..]),
            ),
            (
                "entity doctype",
                format!(
                    "{}<!DOCTYPE x [<!ENTITY a \"b\">]>{}",
                    &good[..at],
                    &good[at..]
                ),
            ),
            (
                "element after the root",
                good.replace("</testsuites>\n", "</testsuites>\n<x>"),
            ),
            (
                "text tag",
                good.replace("</testsuites>\n", "</testsuites>\n<"),
            ),
        ] {
            let route = same(&bad);
            assert_eq!(route, Some(Route::ReadOn), "{what}");
            let (in_order, _, _) = both_ways(bad.as_bytes());
            assert!(in_order.unwrap_err().starts_with("doc.xml:"), "{what}");
        }
        // after the root closed, comments and processing instructions are fine
        let ok = good.replace("</testsuites>\n", "</testsuites>\n<!-- c --><?pi x?>\n");
        assert_eq!(same(&ok), Some(Route::Replayed));
    }

    #[test]
    fn tiny_files_read_as_in_order() {
        for doc in [
            "",
            " ",
            "<testsuite/>",
            "<testsuite><testcase name=\"a\"/></testsuite>",
            "<testsuites><testcase name=\"a\"/><testcase name=\"b\"/></testsuites>",
            "<testsuite><testcase name=\"a\"/><testcase",
            "<testcase name=\"a\"/><testcase name=\"b\"/>",
            "<testsuite>\n<testcase name=\"a\" time=\"1\"/>\n<testcase name=\"b\" time=\"2\"/>\n</testsuite>",
        ] {
            same(doc);
        }
    }

    /// Pieces of a report, with `<testcase` bytes where a split must not happen.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => (0..6u8, 0..5u8, 0..4u8).prop_map(|(id, kind, time)| {
                let time = ["", " time=\"0.1\"", " time=\"1,5\"", " time=\"x\""][usize::from(time)];
                let body = ["/>", "><failure/></testcase>", "><skipped/></testcase>",
                    "><flakyFailure time=\"2\"/></testcase>", "><system-out><![CDATA[<testcase name=\"z\"/>]]></system-out></testcase>"][usize::from(kind)];
                format!("<testcase classname=\"k\" name=\"t{id}\"{time}{body}\n")
            }),
            1 => Just("<!-- <testcase name=\"c\"/> -->".to_owned()),
            1 => Just("<properties><testcase name=\"p\"/></properties>".to_owned()),
            1 => (any::<bool>(), 0..3u8).prop_map(|(open, time)| {
                let time = ["", " time=\"0.25\"", " time=\"q\""][usize::from(time)];
                if open { format!("<testsuite{time}>") } else { "</testsuite>".to_owned() }
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Reports built from pieces, half of them with byte edits: a split
        /// reading gives the same result or the same error, at the same line and column.
        #[test]
        fn split_reading_is_reading_in_order(
            pieces in proptest::collection::vec(piece(), 0..40),
            suites in any::<bool>(),
            edited in any::<bool>(),
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..3),
        ) {
            let (open, close) = if suites { ("<testsuites>", "</testsuites>") } else { ("<testsuite>", "</testsuite>") };
            // mostly balanced: an end tag without its start is dropped, open suites are closed
            let mut body = String::new();
            let mut depth = 0usize;
            for piece in pieces {
                if piece == "</testsuite>" {
                    if depth == 0 {
                        continue;
                    }
                    depth -= 1;
                } else if piece.starts_with("<testsuite") {
                    depth += 1;
                }
                body.push_str(&piece);
            }
            body.push_str(&"</testsuite>".repeat(depth));
            let mut doc = format!("{open}\n{body}{close}\n").into_bytes();
            for (at, byte) in edits.into_iter().filter(|_| edited) {
                let i = at.index(doc.len());
                doc[i] = byte;
            }
            let (in_order, split, _) = both_ways(&doc);
            if let (Ok(a), Ok(b)) = (&in_order, &split) {
                prop_assert_eq!(a.reported_seconds.to_bits(), b.reported_seconds.to_bits());
            }
            prop_assert_eq!(in_order, split);
        }
    }
}
