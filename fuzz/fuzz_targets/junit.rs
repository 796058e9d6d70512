#![no_main]
//! Fuzz the JUnit parser: arbitrary bytes must give a run or an error, never a panic, and a
//! failed document must leave the builder unchanged.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut builder = shipgate_ingest::RunBuilder::new("fuzz", false);
    let accepted = builder.add_reader(data, "fuzz.xml").is_ok();
    let run = builder.finish();
    if !accepted {
        assert!(run.tests.is_empty() && run.sources.is_empty());
    }
    for test in &run.tests {
        assert!(test.duration_seconds.is_finite() && test.duration_seconds >= 0.0);
        assert!(test.attempts >= 1);
    }
});
