//! Bad input gets a clear error naming the file (and line:column for malformed XML), never a
//! panic, and leaves the run unchanged.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use shipgate_ingest::{JunitError, RunBuilder};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/junit")
        .join(rel)
}

fn file_error(rel: &str) -> (JunitError, String) {
    let path = fixture(rel);
    let mut b = RunBuilder::new("r", false);
    match b.add_file(&path) {
        Ok(()) => panic!("{rel} was accepted"),
        Err(e) => {
            let text = e.to_string();
            assert!(text.starts_with(&path.display().to_string()), "{text}");
            assert_eq!(e.path(), path.display().to_string());
            (e, text)
        }
    }
}

fn reader_error(doc: &[u8]) -> String {
    let mut b = RunBuilder::new("r", false);
    match b.add_reader(doc, "doc.xml") {
        Ok(()) => panic!("accepted: {}", String::from_utf8_lossy(doc)),
        Err(e) => e.to_string(),
    }
}

#[test]
fn empty_and_rootless_documents() {
    let (e, _) = file_error("bad/empty.xml");
    assert!(matches!(e, JunitError::NoRoot { .. }), "{e:?}");
    let (e, text) = file_error("bad/no-root.xml");
    assert!(matches!(e, JunitError::NoRoot { .. }), "{e:?}");
    assert!(text.contains("no root element"), "{text}");
}

#[test]
fn wrong_root_is_named_with_its_location() {
    let (e, text) = file_error("bad/wrong-root.xml");
    assert!(
        matches!(&e, JunitError::WrongRoot { found, .. } if found == "coverage"),
        "{e:?}"
    );
    assert!(text.contains("wrong-root.xml:2:1:"), "{text}");
}

#[test]
fn truncated_xml_names_file_line_column() {
    let (e, text) = file_error("bad/truncated.xml");
    assert!(
        matches!(e, JunitError::Xml { .. } | JunitError::Malformed { .. }),
        "{e:?}"
    );
    assert!(text.contains("truncated.xml:5:5: malformed XML"), "{text}");
}

#[test]
fn mismatched_end_tag() {
    let (e, text) = file_error("bad/mismatched.xml");
    assert!(matches!(e, JunitError::Malformed { .. }), "{e:?}");
    assert!(
        text.contains(
            "mismatched.xml:5:3: malformed XML: expected </testsuite>, found </testsuites>"
        ),
        "{text}"
    );
}

#[test]
fn billion_laughs_is_refused_without_expansion() {
    let (e, text) = file_error("bad/billion-laughs.xml");
    assert!(matches!(e, JunitError::EntityDeclaration { .. }), "{e:?}");
    assert!(text.contains("billion-laughs.xml:2:1:"), "{text}");
}

#[test]
fn external_entity_is_refused_and_never_read() {
    let (e, text) = file_error("bad/external-entity.xml");
    assert!(matches!(e, JunitError::EntityDeclaration { .. }), "{e:?}");
    assert!(!text.contains("root:"), "{text}");
}

#[test]
fn undeclared_entity_in_attribute_is_an_error() {
    let (e, text) = file_error("bad/undeclared-entity.xml");
    assert!(matches!(e, JunitError::Xml { .. }), "{e:?}");
    assert!(
        text.contains("undeclared-entity.xml:3:3: malformed XML"),
        "{text}"
    );
}

#[test]
fn doctype_without_entities_is_ignored() {
    let doc = b"<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite SYSTEM \"http://example.invalid/junit.dtd\">\n<testsuite><testcase name=\"a\"/></testsuite>";
    let mut b = RunBuilder::new("r", false);
    b.add_reader(&doc[..], "doc.xml").unwrap();
    assert_eq!(b.finish().tests.len(), 1);
}

#[test]
fn missing_file_and_directory_name_the_path() {
    let missing = fixture("bad/does-not-exist.xml");
    let e = RunBuilder::new("r", false).add_file(&missing).unwrap_err();
    assert!(matches!(e, JunitError::Open { .. }), "{e:?}");
    assert!(e.to_string().starts_with(&missing.display().to_string()));
    let dir = fixture("bad");
    let e = RunBuilder::new("r", false).add_file(&dir).unwrap_err();
    assert!(
        matches!(e, JunitError::Read { .. } | JunitError::Open { .. }),
        "{e:?}"
    );
    assert!(e.to_string().starts_with(&dir.display().to_string()));
}

/// A file that opens but cannot be read (a directory: open succeeds, read fails), the way
/// an unreadable file behaves even for root, who ignores permission bits.
#[test]
fn unreadable_file_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reports.xml");
    std::fs::create_dir(&path).unwrap();
    let e = RunBuilder::new("r", false).add_file(&path).unwrap_err();
    assert!(
        e.to_string().starts_with(&path.display().to_string()),
        "{e}"
    );
}

/// A stream that fails half-way (a network file system going away) is an error naming the
/// source, never a report cut short.
#[test]
fn a_stream_failing_mid_read_is_an_error() {
    struct Failing(usize);
    impl std::io::Read for Failing {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let doc = b"<testsuite><testcase classname=\"c\" name=\"a\"/><testcase classname=\"c\" name=\"b\"/>";
            if self.0 >= doc.len() {
                return Err(std::io::Error::other("connection reset"));
            }
            let n = out.len().min(doc.len() - self.0).min(7);
            out[..n].copy_from_slice(&doc[self.0..self.0 + n]);
            self.0 += n;
            Ok(n)
        }
    }
    let mut b = RunBuilder::new("r", false);
    let e = b
        .add_reader(std::io::BufReader::new(Failing(0)), "remote.xml")
        .unwrap_err();
    assert!(e.to_string().contains("remote.xml"), "{e}");
    assert!(
        b.finish().tests.is_empty(),
        "nothing from a failed read is kept"
    );
}

#[test]
fn reader_errors_carry_line_and_column_too() {
    assert!(reader_error(b"<testsuite>\n  <testcase name=\"a\">\n")
        .starts_with("doc.xml:3:1: malformed XML"));
    assert!(reader_error(b"\n\n   <html/>").starts_with("doc.xml:3:4: not a JUnit report"));
    assert!(
        reader_error(b"<testsuite>\n<testcase name='a'><system-out>never closed")
            .starts_with("doc.xml:2:44: malformed XML")
    );
    assert!(reader_error(b"<testsuite/>\n<testsuite/>")
        .starts_with("doc.xml:2:1: malformed XML: second root"));
    assert!(
        reader_error(b"\xEF\xBB\xBF<testsuite>\n <testcase name='&nope;'/></testsuite>")
            .starts_with("doc.xml:2:2:")
    );
    assert!(reader_error(b"").starts_with("doc.xml: not a JUnit report"));
}

#[test]
fn a_nul_character_in_a_test_id_is_malformed() {
    // XML 1.0 has no NUL character: neither the raw byte nor a character reference to it
    for (doc, reason) in [
        (
            &b"<testsuite>\n  <testcase name='a\0b'/></testsuite>"[..],
            "a NUL character in the name",
        ),
        (
            b"<testsuite>\n  <testcase name='a\0' time='1'>\n<failure/></testcase></testsuite>",
            "a NUL character in the name",
        ),
        (
            b"<testsuite>\n  <testcase classname='k\0' name='t'/></testsuite>",
            "a NUL character in the classname",
        ),
        // character references to NUL are refused by the XML reader itself
        (
            b"<testsuite>\n  <testcase name='a&#0;b'/></testsuite>",
            "0x0 character is not permitted",
        ),
        (
            b"<testsuite>\n  <testcase classname='&#x00;' name='t'></testcase></testsuite>",
            "0x0 character is not permitted",
        ),
    ] {
        let text = reader_error(doc);
        assert!(
            text.starts_with("doc.xml:2:3: malformed XML") && text.contains(reason),
            "{text}"
        );
        let (from_reader, from_file) = parse_both(doc);
        assert!(from_reader.is_err() && from_file.is_err());
        assert_eq!(from_reader, from_file);
    }
}

#[test]
fn a_failed_file_changes_nothing() {
    let mut b = RunBuilder::new("r", false);
    b.add_reader(
        &b"<testsuite time='1'><testcase name='a'><failure/></testcase></testsuite>"[..],
        "one.xml",
    )
    .unwrap();
    let bad = b"<testsuite time='5'><testcase name='a'/><testcase name='new'/><testcase name='x' ";
    assert!(b.add_reader(&bad[..], "bad.xml").is_err());
    let run = b.finish();
    assert_eq!(run.tests.len(), 1);
    assert_eq!(
        (
            run.tests.get(0).unwrap().outcome,
            run.tests.get(0).unwrap().attempts
        ),
        (shipgate_core::Outcome::Failed, 1)
    );
    assert_eq!(run.sources, ["one.xml"]);
    assert_eq!(run.reported_seconds, 1.0);
}

/// A few valid documents to mutate.
const SEEDS: &[&str] = &[
    "<?xml version=\"1.0\"?><testsuites time=\"1,5\"><testsuite name=\"s\"><testcase classname=\"c\" name=\"a\" time=\"0.1\"><failure message=\"m\">x</failure><system-out><![CDATA[out]]></system-out></testcase><testcase name=\"b\"><skipped/></testcase></testsuite></testsuites>",
    "<testsuite><testcase classname=\"k\" name=\"t\"><flakyFailure time=\"1\"><stackTrace>s</stackTrace></flakyFailure></testcase><testcase classname=\"k\" name=\"t\"><rerunError/><error/></testcase><!-- c --><?pi x?></testsuite>",
    "<testsuites><testsuite><testsuite><testcase name=\"n&amp;m\" time=\"1E-3\"/></testsuite></testsuite></testsuites>",
];

fn parse_both(
    doc: &[u8],
) -> (
    Result<shipgate_core::TestRecords, String>,
    Result<shipgate_core::TestRecords, String>,
) {
    let mut b = RunBuilder::new("r", false);
    let from_reader = b
        .add_reader(doc, "doc.xml")
        .map(|()| b.finish().tests)
        .map_err(|e| e.to_string());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.xml");
    std::fs::write(&path, doc).unwrap();
    let mut b = RunBuilder::new("r", false);
    let from_file = b.add_file(&path).map(|()| b.finish().tests).map_err(|e| {
        e.to_string()
            .replacen(&path.display().to_string(), "doc.xml", 1)
    });
    (from_reader, from_file)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_bytes(doc in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut b = RunBuilder::new("r", false);
        let _ = b.add_reader(&doc[..], "doc.xml");
        let run = b.finish();
        prop_assert!(run.tests.iter().all(|t| t.duration_seconds.is_finite() && t.duration_seconds >= 0.0));
    }

    /// Mutated valid documents: never a panic, and a stream and a file give the same result
    /// and the same error (same line and column), so both location paths agree.
    #[test]
    fn mutated_documents_parse_the_same_from_streams_and_files(
        seed in 0..SEEDS.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..6),
    ) {
        let mut doc = SEEDS[seed].as_bytes().to_vec();
        for (at, byte, op) in edits {
            let i = at.index(doc.len() + 1);
            match op {
                0 => doc.insert(i, byte),
                1 if i < doc.len() => { doc.remove(i); }
                _ if i < doc.len() => doc[i] = byte,
                _ => doc.push(byte),
            }
        }
        let (from_reader, from_file) = parse_both(&doc);
        prop_assert_eq!(from_reader, from_file);
    }
}

#[test]
fn a_test_id_over_64_mib_is_malformed_and_one_just_under_is_read() {
    let doc = |name_len: usize| {
        let mut doc = b"<testsuite><testcase classname=\"c\" name=\"".to_vec();
        doc.resize(doc.len() + name_len, b'n');
        doc.extend_from_slice(b"\"/></testsuite>");
        doc
    };
    // `c::` and the name: three bytes more than the name
    let limit = 64 << 20;
    let err = reader_error(&doc(limit - 2));
    assert!(err.contains("doc.xml:1:12"), "{err}");
    assert!(err.contains("at most 64 MiB"), "{err}");
    let mut b = RunBuilder::new("r", false);
    b.add_reader(&doc(limit - 3)[..], "doc.xml").unwrap();
    let run = b.finish();
    assert_eq!(run.tests.get(0).map(|t| t.id.len()), Some(limit));
}
