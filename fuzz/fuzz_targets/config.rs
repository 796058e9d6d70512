#![no_main]
use libfuzzer_sys::fuzz_target;

// Every variable is set (to a value that is itself a plausible condition), so the fuzzer
// reaches the gate checks through `${VAR}` as well as the missing-variable path via
// malformed references.
fn env(name: &str) -> Option<String> {
    (!name.starts_with('X')).then(|| ">= 9%".to_string())
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) =
            shipgate_config::load_str(text, std::path::Path::new("fuzz/shipgate.yaml"), &env)
        {
            let _ = e.to_string();
            let _ = e.position();
        }
    }
});
