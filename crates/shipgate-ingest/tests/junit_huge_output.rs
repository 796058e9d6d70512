//! A report with a 1 GiB `system-out` (and a 64 MiB CDATA `system-err`), synthesized lazily
//! by a `Read` implementation: nothing is written to disk and the output is never allocated.
//! The parser must stream past it with flat memory. Kept alone in this test binary so that
//! the process's peak memory reflects this test only.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::io::{BufReader, Read};

use shipgate_core::Outcome;
use shipgate_ingest::RunBuilder;

const GIB: u64 = 1 << 30;

/// Yields each part in turn: `len` bytes of `pattern` repeated.
struct Synth {
    /// (pattern repeated to at least 64 KiB, pattern length, bytes to yield)
    parts: Vec<(Vec<u8>, usize, u64)>,
    part: usize,
    pos: u64,
}

impl Synth {
    fn new(parts: Vec<(Vec<u8>, u64)>) -> Self {
        let parts = parts
            .into_iter()
            .map(|(pattern, len)| {
                (
                    pattern.repeat(64 * 1024 / pattern.len() + 2),
                    pattern.len(),
                    len,
                )
            })
            .collect();
        Synth {
            parts,
            part: 0,
            pos: 0,
        }
    }
}

impl Read for Synth {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while let Some((block, period, len)) = self.parts.get(self.part) {
            if self.pos == *len {
                self.part += 1;
                self.pos = 0;
                continue;
            }
            let start = (self.pos % *period as u64) as usize;
            let n = (out.len() as u64)
                .min(len - self.pos)
                .min((block.len() - start) as u64) as usize;
            out[..n].copy_from_slice(&block[start..start + n]);
            self.pos += n as u64;
            return Ok(n);
        }
        Ok(0)
    }
}

fn literal(s: &str) -> (Vec<u8>, u64) {
    (s.as_bytes().to_vec(), s.len() as u64)
}

/// Peak resident memory of this process in KiB (Linux), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn one_gib_system_out_is_streamed_with_flat_memory() {
    let line = "captured output line with &amp; escapes and ]]&gt; and > chars..\n";
    let cdata_line = "<b>cdata</b> ]] ]> <!-- not a comment --> </system-err>......\n";
    let reader = Synth::new(vec![
        literal("<?xml version=\"1.0\"?>\n<testsuites>\n<testsuite name=\"huge\">\n<testcase classname=\"big\" name=\"talks\" time=\"2\">\n<system-out>"),
        (line.as_bytes().to_vec(), GIB),
        literal("</system-out>\n<failure message=\"boom\"/></testcase>\n<testcase classname=\"big\" name=\"quiet\" time=\"1\"/>\n<system-err><![CDATA["),
        (cdata_line.as_bytes().to_vec(), GIB / 16),
        literal("]]></system-err>\n<testcase classname=\"big\" name=\"last\"><skipped/></testcase>\n</testsuite>\n</testsuites>\n"),
    ]);
    let before = peak_rss_kib();
    let mut builder = RunBuilder::new("huge", false);
    builder
        .add_reader(
            BufReader::with_capacity(256 * 1024, reader),
            "synthesized.xml",
        )
        .unwrap();
    let run = builder.finish();
    let counts = run.counts();
    assert_eq!(
        (counts.unique, counts.passed, counts.failed, counts.skipped),
        (3, 1, 1, 1)
    );
    assert_eq!(run.tests.get(0).unwrap().outcome, Outcome::Failed);
    assert_eq!(run.tests.get(0).unwrap().id, "big::talks");
    assert_eq!(run.reported_seconds, 3.0);
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        let grown_mib = after.saturating_sub(before) / 1024;
        assert!(
            grown_mib < 32,
            "peak memory grew by {grown_mib} MiB while skipping 1 GiB of output"
        );
    }
}
