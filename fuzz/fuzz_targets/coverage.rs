#![no_main]
//! Coverage parsers (detection, Cobertura, LCOV, JaCoCo, coverage.py JSON) on arbitrary
//! bytes: any input must give a report or an error, never a panic, hang or blow-up.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = shipgate_ingest::parse_coverage(data, "fuzz") {
        let _ = report.totals();
    }
});
