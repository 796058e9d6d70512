//! Checking one document of many links costs memory in proportion to its links, and not
//! much beyond the parsed document.
//!
//! A document of links, one per line, is one paragraph: parsed whole, pulldown-cmark would
//! hold all of it as a tree of about five nodes per link (some 320 bytes per link) while
//! its events are read. It is parsed a piece at a time instead, so what stays is the
//! document's text, its line index and the parsed links and runs of text. The checks after
//! the parse must not add to that: a link to a missing file keeps nothing once its finding
//! is made (no memo of suggestions that were never looked for), and a document's findings
//! are moved into the outcome, not copied into a list grown to hold them all again, and
//! sorted in place. The test bounds the peak resident memory of a check (Linux: `VmHWM`,
//! reset through `/proc/self/clear_refs`) per link, for valid links and for broken ones,
//! each in a process of its own. Nothing here is timed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly
#![cfg(target_os = "linux")]

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::write;
use shipgate_docs::repo::GitCli;
use shipgate_docs::{prepare, DocsOutcome, Inputs};

/// Links in each generated document (one per line).
const LINKS: usize = 200_000;

/// What checking a document of valid links may cost per link: its text (about 33 bytes),
/// the line index (8), the parsed document's links (their destinations shared) and runs
/// of text (about 80 with their strings, more with the system allocator's rounding) and
/// one piece's parse (a megabyte of source: some 50 bytes a link at this size). Measured at
/// about 215; parsed whole, about 530.
const VALID_PER_LINK: usize = 320;

/// The same for links to files that do not exist: the above with each link's finding
/// (its message, file and excerpt). Measured at about 540; a memo of a suggestion per
/// missing path and a second copy of the findings made it about 690 (635 at this size).
const BROKEN_PER_LINK: usize = 600;

/// Fixed costs: thread stacks, the repository's listing, read buffers.
const FIXED: usize = 4 << 20;

/// A field of `/proc/self/status`, in bytes.
fn status_bytes(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with(field))
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"));
    let kb: usize = line
        .trim_start_matches(field)
        .trim_start_matches(':')
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap();
    kb * 1024
}

fn check(root: &Path) -> DocsOutcome {
    let config_file = root.join("shipgate.yaml");
    let text = "docs:\n  include: [\"links.md\"]\n  commits: false\n";
    let config = shipgate_config::load_str(text, &config_file, &|_| None).unwrap();
    let docs = config.docs.unwrap();
    let prepared = prepare(
        &docs,
        Inputs {
            root,
            config_file: &config_file,
            cli: None,
            git: &mut GitCli::new(root),
        },
    )
    .unwrap();
    prepared.finish(Vec::new())
}

/// The peak resident memory checking the document under `root` adds, per link.
fn peak_per_link(root: &Path) -> (f64, DocsOutcome) {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let before = status_bytes("VmRSS");
    let outcome = check(root);
    let grown = status_bytes("VmHWM").saturating_sub(before);
    (grown.saturating_sub(FIXED) as f64 / LINKS as f64, outcome)
}

/// Writes the document of `case` (`valid` or `broken`) under `root`.
fn generate(root: &Path, case: &str) {
    let mut text = String::from("# Links\n\n");
    for i in 0..LINKS {
        match case {
            "valid" => writeln!(text, "[page {i}](pages/page-{}.md)", i % 100).unwrap(),
            _ => writeln!(text, "[page {i}](pages/missing-{i}.md)").unwrap(),
        }
    }
    if case == "valid" {
        for i in 0..100 {
            write(root, &format!("pages/page-{i}.md"), "# Page\n");
        }
    }
    write(root, "links.md", &text);
}

/// Each case is measured in a process of its own (this test binary run again for
/// [`measure_one_case`]): memory one check gave back would otherwise be counted as the
/// other's starting point.
fn measure(case: &str) -> f64 {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "measure_one_case",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("LINK_MEMORY_CASE", case)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    stdout
        .lines()
        .chain(stderr.lines())
        .find_map(|l| l.strip_prefix("peak-per-link: "))
        .unwrap_or_else(|| panic!("no measurement of {case}: {stdout}\n{stderr}"))
        .trim()
        .parse()
        .unwrap()
}

/// One case, when run by [`one_document_of_many_links_costs_little_beyond_its_parse`];
/// nothing otherwise.
#[test]
fn measure_one_case() {
    let Ok(case) = std::env::var("LINK_MEMORY_CASE") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), &case);
    let (cost, outcome) = peak_per_link(dir.path());
    let findings = &outcome.section.findings;
    if case == "valid" {
        assert!(findings.is_empty(), "{:?}", findings.first());
        assert_eq!(outcome.section.documents[0].links_checked, LINKS as u32);
    } else {
        assert_eq!(findings.len(), LINKS);
        let last = findings.last().unwrap();
        assert_eq!(last.line, Some(LINKS as u32 + 2));
        let excerpt = format!("[page {}](pages/missing-{}.md)", LINKS - 1, LINKS - 1);
        assert_eq!(last.excerpt.as_deref(), Some(excerpt.as_str()));
    }
    eprintln!("peak-per-link: {cost:.0}");
}

#[test]
fn one_document_of_many_links_costs_little_beyond_its_parse() {
    let valid = measure("valid");
    let broken = measure("broken");
    eprintln!(
        "peak per link: {valid:.0} bytes for valid links (bound {VALID_PER_LINK}), \
         {broken:.0} for broken ones (bound {BROKEN_PER_LINK})"
    );
    assert!(
        valid <= VALID_PER_LINK as f64,
        "checking {LINKS} valid links grew the peak resident memory by {valid:.0} bytes \
         per link, more than {VALID_PER_LINK}"
    );
    assert!(
        broken <= BROKEN_PER_LINK as f64,
        "checking {LINKS} broken links grew the peak resident memory by {broken:.0} \
         bytes per link, more than {BROKEN_PER_LINK}"
    );
}
