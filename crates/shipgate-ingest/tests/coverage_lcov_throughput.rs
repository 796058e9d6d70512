//! A large-project-shaped LCOV tracefile (many files, `FN`/`FNDA`, `DA` with and without
//! checksums, `BRDA`, summaries, some files in two records), generated and parsed at a small
//! size. The throughput figures come from `bench/run.sh` (see docs/performance.md), not from
//! the test suite.

#![allow(clippy::panic, clippy::unwrap_used)] // test helpers fail loudly

use std::fmt::Write as _;

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
fn generator_totals_match_parser_on_a_small_file() {
    let (doc, valid, covered) = generate(64 * 1024);
    let totals = parse_coverage(doc.as_bytes(), "small.info")
        .unwrap()
        .totals();
    assert_eq!((totals.lines_valid, totals.lines_covered), (valid, covered));
}
