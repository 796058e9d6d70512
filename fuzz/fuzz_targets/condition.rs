#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(c) = shipgate_core::Condition::parse(text) {
            let _ = c.holds(shipgate_core::Measured::ratio(0.5));
            let _ = c.holds_relative(1.0, 2.0);
        }
        let _ = shipgate_core::parse_duration(text);
    }
});
