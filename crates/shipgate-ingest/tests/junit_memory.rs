//! Reading a large report costs little memory beyond the run it returns.
//!
//! A run of a million tests is a million [`TestRecord`]s with their ids, and that is most of
//! what reading it may cost: every other byte the reader touches on the way (side tables,
//! records waiting for the other half of a split file, buffers grown and dropped) is a page
//! the kernel has to fault in and zero, which is what a fresh process in CI pays for. The
//! test reads a generated pytest-style report large enough to be split and pipelined and
//! bounds the process's peak resident memory during the read (Linux: `VmHWM`, reset through
//! `/proc/self/clear_refs`) by the memory of the records returned plus a small allowance
//! per test. Nothing here is timed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly
#![cfg(target_os = "linux")]

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use shipgate_core::{Outcome, TestRecords};
use shipgate_ingest::read_junit_run;

/// Test cases in the generated report (about 37 MB: split into two halves, pipelined).
const TESTS: usize = 400_000;

/// What reading may cost per test beyond the records returned: the id's hash and a byte of
/// flags, a bitset of seen hashes, and the hashes and marks of the second half of a split
/// file while it waits for the first half (its ids and facts become the records without
/// being copied). When each record was an owned `String` and 40 bytes, reading cost about 55
/// bytes per test beyond them here; with records as copies in one buffer about 48 (the
/// waiting second half); now about 20.
const ALLOWANCE_PER_TEST: usize = 28;

/// Fixed costs: thread stacks, read buffers, the batches in flight.
const ALLOWANCE_FIXED: usize = 1 << 20;

/// Write a pytest-style report (the shape of `bench/gen_junit.py`) without holding it.
fn write_report(path: &Path, tests: usize) -> (usize, usize) {
    let mut out = BufWriter::new(File::create(path).unwrap());
    out.write_all(b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<testsuites><testsuite name=\"pytest\" tests=\"0\">\n")
        .unwrap();
    let (mut failed, mut skipped) = (0, 0);
    for i in 0..tests {
        let (module, case) = (i / 100, i % 100);
        let millis = 1 + i * 7 % 5;
        write!(
            out,
            "<testcase classname=\"tests.test_mod_{module}\" name=\"test_case_{case}\" time=\"0.00{millis}\""
        )
        .unwrap();
        match i % 100 {
            13 => {
                failed += 1;
                write!(
                    out,
                    "><failure message=\"AssertionError: assert 1 == 2\">def test_case_{case}():\n&gt;       assert 1 == 2\nE       assert 1 == 2</failure></testcase>\n"
                )
                .unwrap();
            }
            42 => {
                skipped += 1;
                out.write_all(b"><skipped type=\"pytest.skip\" message=\"requires the network\">skipped</skipped></testcase>\n")
                    .unwrap();
            }
            n if n % 20 == 7 => {
                write!(
                    out,
                    "><system-out>[0001] processing item {i}\n[0002] processing item {i}\n</system-out></testcase>\n"
                )
                .unwrap();
            }
            _ => out.write_all(b" />\n").unwrap(),
        }
    }
    out.write_all(b"</testsuite></testsuites>\n").unwrap();
    out.flush().unwrap();
    (failed, skipped)
}

/// A field of `/proc/self/status`, in bytes.
fn status_bytes(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with(field))
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"));
    let kb: usize = line
        .trim_start_matches(field)
        .trim_start_matches(':')
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap();
    kb * 1024
}

/// The memory the records need: each id's bytes and 20 bytes per test beside them (where
/// the id ends, and the facts), no spare capacity.
fn records_bytes(tests: &TestRecords) -> usize {
    tests.len() * 20 + tests.iter().map(|t| t.id.len()).sum::<usize>()
}

#[test]
fn reading_a_large_report_costs_little_beyond_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junit.xml");
    let (failed, skipped) = write_report(&path, TESTS);
    assert!(std::fs::metadata(&path).unwrap().len() > 16 << 20);

    // the peak from here on: what reading costs
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = status_bytes("VmRSS");
    let run = read_junit_run("run", false, &[path.as_path()]).unwrap();
    let peak = status_bytes("VmHWM");

    // the run is complete and right (a reader that kept less would not be)
    assert_eq!(run.tests.len(), TESTS);
    let count = |o: Outcome| run.tests.iter().filter(|t| t.outcome == o).count();
    assert_eq!(
        (count(Outcome::Failed), count(Outcome::Skipped)),
        (failed, skipped)
    );
    assert_eq!(
        run.tests.get(TESTS - 1).unwrap().id,
        "tests.test_mod_3999::test_case_99"
    );

    let records = records_bytes(&run.tests);
    let grown = peak.saturating_sub(before);
    let bound = records + TESTS * ALLOWANCE_PER_TEST + ALLOWANCE_FIXED;
    eprintln!(
        "peak grew by {:.1} MiB ({:.0} bytes per test); records {:.1} MiB ({:.0} per test); bound {:.1} MiB",
        grown as f64 / 1048576.0,
        grown as f64 / TESTS as f64,
        records as f64 / 1048576.0,
        records as f64 / TESTS as f64,
        bound as f64 / 1048576.0,
    );
    assert!(
        grown <= bound,
        "reading {TESTS} tests grew the peak resident memory by {grown} bytes, more than the \
         records ({records} bytes) plus {ALLOWANCE_PER_TEST} bytes per test and {ALLOWANCE_FIXED} bytes"
    );
    // and the vector is not left at a size far past the tests it holds
    assert!(run.tests.capacity() <= TESTS + TESTS / 8);
}
