#![no_main]
use libfuzzer_sys::fuzz_target;
use shipgate_docs::truth::{commands, routes, sources};
use shipgate_workflow::workflow;

// Any bytes as a truth file of the documentation checks: a workflow (YAML), a script, or
// source code in one of the languages routes and environment lookups are read from. The
// first byte picks the file name; nothing may panic, and a YAML error names the file.
const NAMES: [&str; 8] = [
    ".github/workflows/ci.yml",
    "action.yaml",
    "scripts/deploy.sh",
    "app/main.py",
    "src/server.ts",
    "src/main.rs",
    "cmd/api/main.go",
    "Makefile",
];

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = NAMES[usize::from(*first) % NAMES.len()];
    if let Err(e) = workflow::parse_workflow(name, text) {
        assert!(e.to_string().contains(name), "{e}");
    }
    let _ = commands::commands_from_file(name, text);
    let _ = sources::env_names_from_file(name, text);
    let mut env = shipgate_docs::truth::EnvTruth::default();
    if let Err(e) = env.add_file(name, text) {
        assert!(e.to_string().contains(name), "{e}");
    }
    let _ = routes::routes_from_file(name, text);
});
