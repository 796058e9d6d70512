//! Test support: the fixture repositories of `fixtures/docs/` and their expected findings.

use std::path::PathBuf;

use crate::Finding;

/// `fixtures/docs/NAME`.
pub(crate) fn root(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/docs")
        .join(name)
}

/// A file of the fixture repository `name`, as text.
pub(crate) fn read(name: &str, file: &str) -> String {
    std::fs::read_to_string(root(name).join(file)).unwrap_or_default()
}

/// `findings` as `kind file:line:column` lines equal the `expected.txt` lines of their kind.
pub(crate) fn assert_expected(name: &str, kind: &str, findings: &[Finding]) {
    let got: Vec<String> = findings
        .iter()
        .map(|f| {
            let line = f.line.map_or("-".to_owned(), |l| l.to_string());
            let column = f.column.map_or("-".to_owned(), |c| c.to_string());
            format!("{} {}:{line}:{column}", f.kind, f.file)
        })
        .collect();
    let expected = read(name, "expected.txt");
    let expected: Vec<&str> = expected.lines().filter(|l| l.starts_with(kind)).collect();
    assert_eq!(got, expected, "{name}");
}
