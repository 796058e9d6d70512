//! Bad input gets a clear error naming the file (and line/column), the documented exit code,
//! and changes nothing: the history store is neither created nor modified.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

mod common;

use common::{demo_copy, junit, shipgate, write};

fn store_bytes(dir: &std::path::Path) -> Option<Vec<u8>> {
    std::fs::read(dir.join(".shipgate/history.db")).ok()
}

#[test]
fn glob_matching_nothing_is_exit_3_naming_the_glob() {
    let dir = tempfile::tempdir().unwrap();
    let r = shipgate(dir.path(), &["tests", "--junit", "reports/*.xml"], &[]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("`reports/*.xml` matched no file"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
}

#[test]
fn malformed_xml_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.xml",
        "<testsuites>\n  <testsuite name=\"x\">\n    <testcase name=\"a\" </testsuite>\n",
    );
    let r = shipgate(
        dir.path(),
        &["tests", "--junit", "bad.xml", "--store", "h.db"],
        &[],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("bad.xml:3:"), "{}", r.stderr);
    assert!(
        !dir.path().join("h.db").exists(),
        "a failed run must not create the store"
    );
}

#[test]
fn unknown_coverage_format_is_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "coverage.txt",
        "Name    Stmts   Miss  Cover\nTOTAL     10      2    80%\n",
    );
    let r = shipgate(dir.path(), &["tests", "--coverage", "coverage.txt"], &[]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("coverage.txt"), "{}", r.stderr);
}

#[test]
fn billion_laughs_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        doc.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    doc.push_str("]>\n<testsuite><testcase classname=\"c\" name=\"&lol9;\"/></testsuite>\n");
    write(dir.path(), "lol.xml", &doc);
    let start = std::time::Instant::now();
    let r = shipgate(
        dir.path(),
        &["tests", "--junit", "lol.xml", "--format", "json"],
        &[],
    );
    assert!(start.elapsed().as_secs() < 20);
    assert_ne!(r.code, 0, "never a pass");
    assert!(
        !r.stdout.contains("lollollol"),
        "entities must not be expanded"
    );
}

#[test]
fn unknown_config_key_names_file_line_column() {
    let dir = demo_copy();
    let cfg = std::fs::read_to_string(dir.path().join("shipgate.yaml")).unwrap();
    let bad = cfg.replace("    pass_rate:", "    pass_rat:");
    std::fs::write(dir.path().join("shipgate.yaml"), &bad).unwrap();
    let line = bad.lines().position(|l| l.contains("pass_rat:")).unwrap() + 1;
    let r = shipgate(dir.path(), &["check"], &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!("shipgate.yaml:{line}:5")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("pass_rat"), "{}", r.stderr);
    assert!(
        store_bytes(dir.path()).is_none(),
        "config errors change nothing"
    );
}

#[test]
fn wrong_type_in_config_names_its_location() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "shipgate.yaml", "tests:\n  junit: 5\n");
    let r = shipgate(dir.path(), &["check"], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("shipgate.yaml:2:"), "{}", r.stderr);
}

#[test]
fn bad_condition_in_config_points_into_the_string() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "shipgate.yaml",
        "tests:\n  junit: [\"r.xml\"]\n  gates:\n    pass_rate: \">= 9x8%\"\n",
    );
    let r = shipgate(dir.path(), &["check"], &[]);
    assert_eq!(r.code, 2);
    // the quote is column 16, the value starts at 17, the bad number is 3 further
    assert!(r.stderr.contains("shipgate.yaml:4:20"), "{}", r.stderr);
}

#[test]
fn bad_condition_flag_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.xml", &junit(&[("a", "b", "pass", 0.1)]));
    let r = shipgate(
        dir.path(),
        &["tests", "--junit", "r.xml", "--suite-duration", ">= 98%"],
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--suite-duration"), "{}", r.stderr);
}

#[test]
fn no_evidence_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = shipgate(dir.path(), &["tests"], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no evidence"), "{}", r.stderr);
    let r = shipgate(dir.path(), &["tests", "--bogus"], &[]);
    assert_eq!(r.code, 2);
}

#[test]
fn missing_explicit_config_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let r = shipgate(dir.path(), &["check", "--config", "nope.yaml"], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nope.yaml"), "{}", r.stderr);
}

#[test]
fn a_failing_run_leaves_the_store_untouched() {
    let dir = demo_copy();
    assert_eq!(shipgate(dir.path(), &["check"], &[]).code, 0);
    let before = store_bytes(dir.path()).expect("first run records");
    // now point the config at a report that is broken
    std::fs::write(
        dir.path().join("reports/junit.xml"),
        "<testsuites><testcase",
    )
    .unwrap();
    let r = shipgate(dir.path(), &["check"], &[]);
    assert_eq!(r.code, 3);
    assert_eq!(
        store_bytes(dir.path()).unwrap(),
        before,
        "store changed by a failed run"
    );
}

#[test]
fn unreadable_store_is_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.xml", &junit(&[("a", "b", "pass", 0.1)]));
    write(
        dir.path(),
        "h.db",
        "this is not a database, just text that is long enough to not be one",
    );
    let r = shipgate(
        dir.path(),
        &["tests", "--junit", "r.xml", "--store", "h.db"],
        &[],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("h.db"), "{}", r.stderr);
}

#[test]
fn not_yet_supported_sections_are_config_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "shipgate.yaml",
        "smoke:\n  base_url: http://localhost\n",
    );
    let r = shipgate(dir.path(), &["check"], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("smoke"), "{}", r.stderr);
}

#[test]
fn secrets_from_the_environment_never_reach_the_output() {
    let dir = tempfile::tempdir().unwrap();
    // a secret-bearing value that ends up in an error message (the glob names it)
    write(
        dir.path(),
        "shipgate.yaml",
        "tests:\n  junit: [\"reports-${UPLOAD_TOKEN}/*.xml\"]\n",
    );
    let r = shipgate(dir.path(), &["check"], &[("UPLOAD_TOKEN", "s3cr3t-value")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        !r.stderr.contains("s3cr3t-value") && !r.stdout.contains("s3cr3t-value"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("reports-***"), "{}", r.stderr);
}

#[test]
fn a_stdout_that_cannot_be_written_or_is_closed_is_exit_3_and_a_reader_that_left_is_not() {
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "r.xml",
        &common::junit(&[("t", "a", "passed", 0.1)]),
    );
    let bin = env!("CARGO_BIN_EXE_shipgate");
    let sh = |script: &str| {
        std::process::Command::new("sh")
            .args(["-c", script, bin])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    // a full disk: the report was not delivered
    let full = sh("exec \"$0\" tests --junit r.xml >/dev/full");
    let stderr = String::from_utf8_lossy(&full.stderr);
    assert_eq!(full.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("cannot write the report to stdout"),
        "{stderr}"
    );
    // /dev/null opened read-write (as Python's subprocess.DEVNULL does) is a fine stdout
    let null = sh("exec \"$0\" tests --junit r.xml 1<>/dev/null");
    assert_eq!(
        null.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&null.stderr)
    );
    // closed (`>&-`): nothing can read the report, which is exit 3, whatever the runtime
    // put in its place
    let closed = sh("exec \"$0\" tests --junit r.xml >&-");
    let stderr = String::from_utf8_lossy(&closed.stderr);
    assert_eq!(closed.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("it was closed when shipgate started"),
        "{stderr}"
    );
    // `| head -c1`: the reader leaves after one byte; no error
    let piped = sh("\"$0\" tests --junit r.xml --format json | head -c 1 >/dev/null");
    assert!(
        !String::from_utf8_lossy(&piped.stderr).contains("error"),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
}

#[test]
fn a_ca_file_that_cannot_be_read_is_exit_3_for_smoke_and_prometheus_alike() {
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "shipgate.yaml",
        "prometheus: { url: \"http://127.0.0.1:9\", tls: { ca_file: certs/missing.pem } }\n\
         metrics:\n  checks:\n    - { name: up, query: up, condition: \"> 0\" }\n\
         smoke:\n  base_url: \"http://127.0.0.1:9\"\n  tls: { ca_file: certs/missing.pem }\n\
         \x20 checks:\n    - { name: health, request: { path: /health } }\n",
    );
    for command in ["smoke", "metrics"] {
        let r = shipgate(dir.path(), &[command], &[]);
        assert_eq!(r.code, 3, "{command}: {}", r.stderr);
        assert!(r.stderr.contains("missing.pem"), "{command}: {}", r.stderr);
    }
}
