//! LCOV throughput measurement (not a timed assertion: run it in release and read the
//! numbers). It generates a ~50 MB tracefile shaped like a large C/Rust project's (many
//! files, `FN`/`FNDA`, `DA` with and without checksums, `BRDA`, summaries, some files in two
//! records) and parses it a few times.
//!
//! ```text
//! cargo test --release -p shipgate-ingest --test coverage_lcov_throughput -- --ignored --nocapture
//! ```
//!
//! With `SHIPGATE_LCOV_BENCH_FILE=path` set the generated file is also written there, so the
//! same bytes can be fed to another implementation for a side-by-side comparison.

#![allow(clippy::panic, clippy::unwrap_used)] // test helpers fail loudly

use std::fmt::Write as _;
use std::time::Instant;

use shipgate_ingest::parse_coverage;

/// A deterministic tracefile of at least `target` bytes; returns it with its line totals.
fn generate(target: usize) -> (String, u64, u64) {
    let mut out = String::with_capacity(target + 4096);
    let (mut valid, mut covered) = (0u64, 0u64);
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut file = 0u32;
    while out.len() < target {
        let _ = writeln!(out, "TN:\nSF:src/module_{:04}/file_{file}.c", file % 700);
        for f in 0..20u32 {
            let _ = writeln!(
                out,
                "FN:{},func_{f}\nFNDA:{},func_{f}",
                f * 20 + 1,
                next() % 3
            );
        }
        let lines = 400u32;
        let mut hit = 0;
        for line in 1..=lines {
            let hits = if next() % 4 == 0 { 0 } else { next() % 5000 };
            hit += u64::from(hits > 0);
            if line % 50 == 0 {
                let _ = writeln!(out, "DA:{line},{hits},3f2a9c1e4b5d6e7f");
            } else {
                let _ = writeln!(out, "DA:{line},{hits}");
            }
            if line % 10 == 0 {
                let taken = next() % 3;
                let text = if taken == 0 {
                    "-".to_owned()
                } else {
                    (taken * 7).to_string()
                };
                let _ = writeln!(
                    out,
                    "BRDA:{line},0,0,{text}\nBRDA:{line},0,1,{}",
                    next() % 2
                );
            }
        }
        let _ = writeln!(out, "LF:{lines}\nLH:{hit}\nBRF:80\nBRH:40\nend_of_record");
        valid += u64::from(lines);
        covered += hit;
        file += 1;
    }
    (out, valid, covered)
}

#[test]
#[ignore = "throughput measurement; run in release with --ignored --nocapture"]
fn lcov_throughput() {
    let (doc, valid, covered) = generate(50 * 1024 * 1024);
    if let Ok(path) = std::env::var("SHIPGATE_LCOV_BENCH_FILE") {
        std::fs::write(&path, &doc).unwrap();
    }
    let megabytes = doc.len() as f64 / (1024.0 * 1024.0);
    let mut best = f64::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        let report = parse_coverage(doc.as_bytes(), "bench.info").unwrap();
        let seconds = started.elapsed().as_secs_f64();
        best = best.min(seconds);
        let totals = report.totals();
        assert_eq!((totals.lines_valid, totals.lines_covered), (valid, covered));
    }
    println!(
        "lcov: {megabytes:.1} MB parsed in {best:.3} s (best of 3) = {:.0} MB/s",
        megabytes / best
    );
}

#[test]
fn generator_totals_match_parser_on_a_small_file() {
    let (doc, valid, covered) = generate(64 * 1024);
    let totals = parse_coverage(doc.as_bytes(), "small.info")
        .unwrap()
        .totals();
    assert_eq!((totals.lines_valid, totals.lines_covered), (valid, covered));
}
