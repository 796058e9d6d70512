//! Bad input: every case gets a clear error naming the file (and where in it), never a panic.

#![allow(clippy::panic, clippy::unwrap_used)] // test helpers fail loudly

use std::path::Path;

use shipgate_ingest::{parse_coverage, read_coverage, CoverageError};

fn err(bytes: &[u8]) -> CoverageError {
    match parse_coverage(bytes, "reports/cov.dat") {
        Ok(report) => panic!("expected an error, got {report:?}"),
        Err(err) => err,
    }
}

#[test]
fn missing_file_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.xml");
    let error = read_coverage(&path).unwrap_err();
    assert!(matches!(error, CoverageError::Io { .. }), "{error:?}");
    let text = error.to_string();
    assert!(text.starts_with(&path.display().to_string()), "{text}");
    assert!(text.contains("cannot read coverage report"), "{text}");
}

#[test]
fn a_directory_is_an_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    let error = read_coverage(dir.path()).unwrap_err();
    assert!(matches!(error, CoverageError::Io { .. }), "{error:?}");
}

#[test]
fn empty_and_blank_files() {
    for bytes in [&b""[..], b"  \n\t\r\n", b"\xEF\xBB\xBF", b"\xEF\xBB\xBF \n"] {
        let error = err(bytes);
        assert!(matches!(error, CoverageError::Empty { .. }), "{error:?}");
        assert_eq!(
            error.to_string(),
            "reports/cov.dat: coverage report is empty"
        );
    }
}

#[test]
fn unknown_format_lists_the_supported_ones() {
    for bytes in [
        &b"hello world\n"[..],
        b"mode: set\ngithub.com/x/y.go:1.2,3.4 1 1\n", // Go cover profile
        b"[1, 2, 3]",
        b"<?xml version=\"1.0\"?><testsuites><testsuite/></testsuites>",
        b"{\"/abs/file.js\": {\"path\": \"/abs/file.js\", \"s\": {}}}", // istanbul coverage-final.json
        b"{\"files\": {}}",                                             // no meta
        b"\xFF\xFE<\x00c\x00",                                          // UTF-16
    ] {
        let error = err(bytes);
        assert!(
            matches!(error, CoverageError::UnknownFormat { .. }),
            "{error:?}"
        );
        let text = error.to_string();
        assert!(
            text.starts_with("reports/cov.dat: unknown coverage format"),
            "{text}"
        );
        for name in ["Cobertura", "JaCoCo", "LCOV", "coverage.py JSON"] {
            assert!(text.contains(name), "{text}");
        }
    }
}

#[test]
fn malformed_xml_reports_line_and_column() {
    let doc = b"<?xml version=\"1.0\"?>\n<coverage>\n  <packages>\n    <package name=\"p\">\n  </packages>\n</coverage>\n";
    let error = err(doc);
    let CoverageError::Xml { location, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(location.line, 5, "{error}");
    assert!(
        error.to_string().starts_with("reports/cov.dat:5:"),
        "{error}"
    );
}

#[test]
fn malformed_xml_in_jacoco_reports_line_and_column() {
    let doc = b"<?xml version=\"1.0\"?>\n<report name=\"x\">\n<package name=\"a\">\n<sourcefile name=\"A.java\">\n<line nr=\"1\" mi=\"0\" ci=\"1\" mb=\"0\" cb=\"0\"\n</report>\n";
    let error = err(doc);
    assert!(matches!(error, CoverageError::Xml { .. }), "{error:?}");
    assert!(
        error.to_string().starts_with("reports/cov.dat:5:"),
        "{error}"
    );
}

#[test]
fn truncated_xml_is_an_error_not_a_partial_report() {
    let doc = b"<coverage>\n<packages><package name=\"p\"><classes>\n<class filename=\"a.py\"><lines><line number=\"1\" hits=\"1\"/>";
    let error = err(doc);
    assert!(matches!(error, CoverageError::Xml { .. }), "{error:?}");
    assert!(error.to_string().contains("truncated"), "{error}");
}

#[test]
fn invalid_attribute_values_point_at_the_element() {
    let doc = b"<coverage>\n<packages><package><classes><class filename=\"a.py\"><lines>\n  <line number=\"seven\" hits=\"1\"/>\n</lines></class></classes></package></packages></coverage>";
    let error = err(doc);
    assert!(
        matches!(error, CoverageError::InvalidXml { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "reports/cov.dat:3:3: <line> attribute `number` = \"seven\" is not a line number"
    );

    let doc = b"<coverage><packages><package><classes><class filename=\"a.py\"><lines><line number=\"1\" hits=\"-4\"/></lines></class></classes></package></packages></coverage>";
    assert!(err(doc)
        .to_string()
        .contains("`hits` = \"-4\" is not a non-negative hit count"));

    let doc = b"<coverage><packages><package><classes><class name=\"x\"><lines/></class></classes></package></packages></coverage>";
    assert!(err(doc)
        .to_string()
        .contains("<class> has no `filename` attribute"));

    let doc = b"<report><package name=\"p\"><sourcefile name=\"A.java\"><line nr=\"1\" mi=\"x\" ci=\"1\"/></sourcefile></package></report>";
    assert!(err(doc).to_string().contains("`mi` = \"x\""));
}

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE coverage [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<coverage><packages><package name="&lol9;"><classes>
<class filename="&lol9;"><lines><line number="1" hits="1"/></lines></class>
</classes></package></packages></coverage>
"#;

#[test]
fn billion_laughs_is_refused_without_expansion() {
    let started = std::time::Instant::now();
    let error = err(BILLION_LAUGHS.as_bytes());
    assert!(
        matches!(error, CoverageError::DtdRefused { .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("reports/cov.dat:2:1: document type declaration"),
        "{error}"
    );
    assert!(started.elapsed().as_secs() < 2);
}

#[test]
fn external_entities_are_never_resolved() {
    let doc = b"<?xml version=\"1.0\"?>\n<!DOCTYPE report [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<report name=\"&xxe;\"/>";
    let error = err(doc);
    assert!(
        matches!(error, CoverageError::DtdRefused { .. }),
        "{error:?}"
    );
    // An undeclared entity in a value that is read is an error, not an expansion.
    let doc = b"<coverage><packages><package><classes><class filename=\"&xxe;\"><lines/></class></classes></package></packages></coverage>";
    let error = err(doc);
    assert!(
        matches!(error, CoverageError::InvalidXml { .. }),
        "{error:?}"
    );
}

#[test]
fn truncated_lcov_record_names_the_file_and_record() {
    let error = err(b"TN:\nSF:src/a.c\nDA:1,1\nDA:2,0\n");
    let CoverageError::Lcov { line, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*line, 4);
    let text = error.to_string();
    assert!(
        text.starts_with("reports/cov.dat:4: truncated LCOV record"),
        "{text}"
    );
    assert!(text.contains("`src/a.c` opened on line 2"), "{text}");

    let error = err(b"SF:a.c\nDA:1,1\nSF:b.c\nDA:1,1\nend_of_record\n");
    assert!(
        error
            .to_string()
            .starts_with("reports/cov.dat:3: SF record before the end_of_record"),
        "{error}"
    );
}

#[test]
fn malformed_lcov_records_report_path_and_line() {
    let cases: [(&[u8], &str); 7] = [
        (b"SF:a.c\nDA:x,1\nend_of_record\n", "reports/cov.dat:2: DA record: invalid line number in `DA:x,1`"),
        (b"SF:a.c\r\nDA:1\r\nend_of_record\r\n", "reports/cov.dat:2: DA record: invalid hit count in `DA:1`"),
        (b"SF:a.c\nDA:1,-1\nend_of_record\n", "reports/cov.dat:2: DA record: invalid hit count in `DA:1,-1`"),
        (b"SF:a.c\nDA:99999999999,1\nend_of_record\n", "reports/cov.dat:2: DA record: invalid line number in `DA:99999999999,1`"),
        (b"SF:a.c\n\nBRDA:1,0,1\nend_of_record\n", "reports/cov.dat:3: BRDA record: expected <line>,<block>,<branch>,<taken> in `BRDA:1,0,1`"),
        (b"SF:a.c\nBRDA:1,0,0,yes\nend_of_record\n", "reports/cov.dat:2: BRDA record: taken count is neither a number nor `-` in `BRDA:1,0,0,yes`"),
        (b"TN:\nDA:1,1\n", "reports/cov.dat:2: DA record outside a file record (no SF: before it, or after end_of_record)"),
    ];
    for (doc, expected) in cases {
        assert_eq!(err(doc).to_string(), expected);
    }
    assert_eq!(
        err(b"SF:a.c\nthis is not lcov\nend_of_record\n").to_string(),
        "reports/cov.dat:2: not an LCOV record: `this is not lcov`"
    );
}

#[test]
fn malformed_json_reports_path_and_line() {
    let error = err(b"{\n  \"meta\": {},\n  \"files\": {\n    \"a.py\": {\"executed_lines\": [1, 2,]}\n  }\n}\n");
    let CoverageError::Json { line, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*line, 4);
    assert!(
        error
            .to_string()
            .starts_with("reports/cov.dat:4: invalid coverage.py JSON:"),
        "{error}"
    );

    let error = err(b"{\"meta\": {}, \"files\": {\"a.py\": {\"executed_lines\": [\"one\"], \"missing_lines\": []}}}");
    assert!(
        error
            .to_string()
            .starts_with("reports/cov.dat:1: invalid coverage.py JSON: invalid type"),
        "{error}"
    );

    let error = err(
        b"{\"meta\": {}, \"files\": {\"a.py\": {\"executed_lines\": [-1], \"missing_lines\": []}}}",
    );
    assert!(matches!(error, CoverageError::Json { .. }), "{error:?}");

    let error = err(b"{\"meta\": {}, \"files\": {\"a.py\": {\"missing_lines\": []}}}");
    assert!(
        error.to_string().contains("missing field `executed_lines`"),
        "{error}"
    );

    let error = err(b"{\"meta\": {}, \"files\": ");
    assert!(matches!(error, CoverageError::Json { .. }), "{error:?}");
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let mut doc = String::from("{\"meta\": ");
    doc.push_str(&"[".repeat(100_000));
    let error = err(doc.as_bytes());
    assert!(matches!(error, CoverageError::Json { .. }), "{error:?}");
}

#[test]
fn deeply_nested_xml_does_not_overflow() {
    let mut doc = String::from("<coverage>");
    doc.push_str(&"<a>".repeat(200_000));
    doc.push_str(&"</a>".repeat(200_000));
    doc.push_str("</coverage>");
    let report = parse_coverage(doc.as_bytes(), "deep.xml").unwrap();
    assert!(report.files.is_empty());
}

#[test]
fn overflowing_counts_saturate() {
    let huge = "184467440737095516150000";
    let lcov = format!("SF:a.c\nDA:1,{huge}\nDA:1,5\nBRDA:1,0,0,{huge}\nend_of_record\n");
    let report = parse_coverage(lcov.as_bytes(), "big.info").unwrap();
    assert_eq!(report.files["a.c"].lines().get(&1), Some(&u64::MAX));
    assert_eq!(report.totals().branches_covered, 1);

    let cobertura = format!(
        "<coverage><packages><package><classes><class filename=\"a\"><lines><line number=\"1\" hits=\"{huge}\" branch=\"true\" condition-coverage=\"100% ({huge}/{huge})\"/><line number=\"1\" hits=\"{huge}\"/></lines></class></classes></package></packages></coverage>"
    );
    let report = parse_coverage(cobertura.as_bytes(), "big.xml").unwrap();
    assert_eq!(report.files["a"].lines().get(&1), Some(&u64::MAX));
    assert_eq!(
        report.files["a"].branches().get(&1),
        Some(&(u32::MAX, u32::MAX))
    );

    let jacoco = format!(
        "<report><package name=\"p\"><sourcefile name=\"A.java\"><line nr=\"4294967295\" mi=\"{huge}\" ci=\"{huge}\" mb=\"{huge}\" cb=\"{huge}\"/></sourcefile></package></report>"
    );
    let report = parse_coverage(jacoco.as_bytes(), "big.xml").unwrap();
    assert_eq!(
        report.files["p/A.java"].branches().get(&u32::MAX),
        Some(&(u32::MAX, u32::MAX))
    );
}

#[test]
fn read_coverage_reports_parse_errors_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cov.info");
    std::fs::write(&path, "SF:a.c\nDA:1,1\n").unwrap();
    let error = read_coverage(Path::new(&path)).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with(&format!("{}:2: truncated", path.display())),
        "{error}"
    );
}
