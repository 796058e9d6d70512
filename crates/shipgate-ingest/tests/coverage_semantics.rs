//! Hand-written edge cases, one per rule of the coverage parsers; each fails on an
//! implementation that gets the rule wrong.

#![allow(clippy::panic, clippy::unwrap_used)] // test helpers fail loudly

use shipgate_core::{CoverageFormat, CoverageReport, CoverageTotals};
use shipgate_ingest::coverage::detect_format;
use shipgate_ingest::parse_coverage;

fn parse(doc: &str) -> CoverageReport {
    match parse_coverage(doc.as_bytes(), "t") {
        Ok(report) => report,
        Err(err) => panic!("{err}"),
    }
}

fn totals(
    lines_valid: u64,
    lines_covered: u64,
    branches_valid: u64,
    branches_covered: u64,
) -> CoverageTotals {
    CoverageTotals {
        lines_valid,
        lines_covered,
        branches_valid,
        branches_covered,
    }
}

// ---- detection -------------------------------------------------------------------------

#[test]
fn detection_skips_bom_and_whitespace() {
    let cases: [(&[u8], CoverageFormat); 6] = [
        (b"\xEF\xBB\xBF\n  <?xml version=\"1.0\"?><coverage/>", CoverageFormat::Cobertura),
        (b"\r\n\t<!-- generated --><coverage></coverage>", CoverageFormat::Cobertura),
        (b"<?xml version=\"1.0\"?><!DOCTYPE report PUBLIC \"-//JACOCO//DTD Report 1.1//EN\" \"report.dtd\"><report name=\"x\"/>", CoverageFormat::Jacoco),
        (b"\xEF\xBB\xBF{\"meta\": {}, \"files\": {}}", CoverageFormat::CoveragePyJson),
        (b"\n\nTN:\nSF:a\nend_of_record\n", CoverageFormat::Lcov),
        (b"SF:a\nend_of_record\n", CoverageFormat::Lcov),
    ];
    for (bytes, format) in cases {
        assert_eq!(
            detect_format(bytes, "t").unwrap(),
            format,
            "{}",
            String::from_utf8_lossy(bytes)
        );
        assert_eq!(parse_coverage(bytes, "t").unwrap().formats, vec![format]);
    }
}

#[test]
fn a_namespaced_root_is_detected_by_local_name() {
    let doc = "<c:coverage xmlns:c=\"urn:x\"></c:coverage>";
    assert_eq!(
        detect_format(doc.as_bytes(), "t").unwrap(),
        CoverageFormat::Cobertura
    );
}

// ---- Cobertura -------------------------------------------------------------------------

#[test]
fn cobertura_ignores_summary_attributes() {
    let doc = r#"<coverage lines-valid="1000" lines-covered="1000" branches-valid="9" branches-covered="9" line-rate="1">
      <packages><package name="p"><classes><class name="a" filename="a.py"><lines>
        <line number="1" hits="0"/><line number="2" hits="3" branch="true" condition-coverage="25% (1/4)"/>
      </lines></class></classes></package></packages></coverage>"#;
    assert_eq!(parse(doc).totals(), totals(2, 1, 4, 1));
}

#[test]
fn cobertura_method_lines_are_not_counted_twice() {
    // The method copy says hits=7 for a line the class says hit 2; a parser that reads
    // both would report 9 hits (and a line the class does not list).
    let doc = r#"<coverage><packages><package><classes><class filename="a.js">
        <methods><method name="f"><lines><line number="1" hits="7"/><line number="99" hits="1"/></lines></method></methods>
        <lines><line number="1" hits="2"/><line number="2" hits="0"/></lines>
      </class></classes></package></packages></coverage>"#;
    let report = parse(doc);
    assert_eq!(
        report.files["a.js"]
            .lines()
            .iter()
            .map(|(l, h)| (*l, *h))
            .collect::<Vec<_>>(),
        [(1, 2), (2, 0)]
    );
    assert_eq!(report.totals(), totals(2, 1, 0, 0));
}

#[test]
fn cobertura_classes_of_one_file_merge() {
    // Java inner classes: Outer and Outer$Inner both point at Outer.java.
    let doc = r#"<coverage><packages><package name="p"><classes>
        <class name="p.Outer" filename="p/Outer.java"><lines>
          <line number="3" hits="1"/><line number="4" hits="0" branch="true" condition-coverage="0% (0/2)"/>
        </lines></class>
        <class name="p.Outer$Inner" filename="p/Outer.java"><lines>
          <line number="4" hits="2" branch="true" condition-coverage="50% (1/2)"/><line number="9" hits="0"/>
        </lines></class>
      </classes></package>
      <package name="q"><classes><class name="q.Other" filename="p/Outer.java"><lines><line number="9" hits="1"/></lines></class></classes></package>
      </packages></coverage>"#;
    let report = parse(doc);
    assert_eq!(report.files.len(), 1);
    let file = &report.files["p/Outer.java"];
    assert_eq!(file.lines().get(&4), Some(&2));
    assert_eq!(file.lines().get(&9), Some(&1));
    assert_eq!(file.branches().get(&4), Some(&(2, 1)));
    assert_eq!(report.totals(), totals(3, 3, 2, 1));
}

#[test]
fn cobertura_keeps_the_filename_as_written_and_unescapes_it() {
    let doc = r#"<coverage><sources><source>/build/src</source></sources><packages><package><classes>
        <class filename="lib/a&amp;b.py"><lines><line number="1" hits="1"/></lines></class>
      </classes></package></packages></coverage>"#;
    assert_eq!(parse(doc).files.keys().collect::<Vec<_>>(), ["lib/a&b.py"]);
}

#[test]
fn cobertura_branch_without_condition_coverage_has_no_branch_detail() {
    let doc = r#"<coverage><packages><package><classes><class filename="a"><lines>
        <line number="1" hits="1" branch="true"/><line number="2" hits="1" branch="false" condition-coverage="50% (1/2)"/>
      </lines></class></classes></package></packages></coverage>"#;
    assert_eq!(parse(doc).totals(), totals(2, 2, 0, 0));
}

#[test]
fn cobertura_line_with_children_and_empty_class() {
    let doc = r#"<coverage><packages><package><classes>
        <class filename="a"><lines><line number="5" hits="1" branch="true" condition-coverage="50% (1/2)">
          <conditions><condition number="0" type="jump" coverage="50%"/></conditions></line></lines></class>
        <class filename="empty"/>
      </classes></package></packages></coverage>"#;
    let report = parse(doc);
    assert_eq!(report.totals(), totals(1, 1, 2, 1));
    assert!(report.files.contains_key("empty"));
}

// ---- LCOV ------------------------------------------------------------------------------

#[test]
fn lcov_recomputes_totals_and_ignores_summaries() {
    let doc = "TN:\nSF:a.c\nFN:1,main\nFNDA:1,main\nFNF:1\nFNH:1\nDA:1,1\nDA:2,0\nDA:3,5,abcdef0123\nLF:100\nLH:100\nBRDA:1,0,0,1\nBRDA:1,0,1,0\nBRF:50\nBRH:50\nend_of_record\n";
    assert_eq!(parse(doc).totals(), totals(3, 2, 2, 1));
}

#[test]
fn lcov_dash_is_a_valid_branch_never_taken() {
    let doc = "SF:a.c\nDA:4,0\nBRDA:4,0,0,-\nBRDA:4,0,1,-\nend_of_record\n";
    assert_eq!(parse(doc).totals(), totals(1, 0, 2, 0));
}

#[test]
fn lcov_repeated_records_merge_hits_and_branches() {
    let doc = "TN:t1\nSF:a.c\nDA:1,1\nDA:2,0\nBRDA:2,0,0,0\nBRDA:2,0,1,3\nend_of_record\n\
               TN:t2\nSF:b.c\nDA:1,0\nend_of_record\n\
               TN:t3\nSF:a.c\nDA:2,4\nDA:3,0\nBRDA:2,0,0,1\nBRDA:2,0,1,0\nBRDA:2,1,0,-\nend_of_record\n";
    let report = parse(doc);
    let a = &report.files["a.c"];
    assert_eq!(
        a.lines().iter().map(|(l, h)| (*l, *h)).collect::<Vec<_>>(),
        [(1, 1), (2, 4), (3, 0)]
    );
    // (2,0,0) taken in t3, (2,0,1) taken in t1, (2,1,0) never: 3 valid, 2 covered. Taking
    // the larger per-record count instead would say (2 valid, 1 covered).
    assert_eq!(a.branches().get(&2), Some(&(3, 2)));
    assert_eq!(report.totals(), totals(4, 2, 3, 2));
}

#[test]
fn lcov_same_branch_key_is_counted_once() {
    let doc =
        "SF:a.c\nBRDA:7,0,0,0\nend_of_record\nSF:a.c\nBRDA:7,0,0,0\nBRDA:7,0,0,2\nend_of_record\n";
    assert_eq!(parse(doc).files["a.c"].branches().get(&7), Some(&(1, 1)));
}

#[test]
fn lcov_textual_branch_ids() {
    let doc = "SF:x.py\nDA:2,1\nBRDA:2,0,jump to line 3,1\nBRDA:2,0,jump to line 4,0\nBRDA:2,e0,a, b, c,-\nend_of_record\n";
    assert_eq!(parse(doc).files["x.py"].branches().get(&2), Some(&(3, 1)));
}

#[test]
fn lcov_tolerates_crlf_blank_lines_and_unknown_records() {
    let doc = "TN:\r\n\r\nVER:1\r\nSF:src\\win.c\r\nFNL:0,1,3\r\nFNA:0,1,main\r\nDA:1,1\r\n\r\nDA:2,0\r\nMCDC:1,2,t,1,0,x\r\nend_of_record\r\n\r\n";
    let report = parse(doc);
    assert_eq!(report.files.keys().collect::<Vec<_>>(), ["src\\win.c"]);
    assert_eq!(report.totals(), totals(2, 1, 0, 0));
}

#[test]
fn lcov_last_line_without_newline() {
    assert_eq!(
        parse("SF:a\nDA:1,1\nend_of_record").totals(),
        totals(1, 1, 0, 0)
    );
}

#[test]
fn lcov_with_no_records_is_an_empty_report() {
    let report = parse("TN:\n");
    assert!(report.files.is_empty());
    assert_eq!(report.totals(), CoverageTotals::default());
}

// ---- JaCoCo ----------------------------------------------------------------------------

#[test]
fn jacoco_ignores_counters_classes_and_methods() {
    let doc = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="r"><sessioninfo id="s" start="1" dump="2"/>
      <group name="module-a"><package name="org/x">
        <class name="org/x/A" sourcefilename="A.java"><method name="m" desc="()V" line="3"><counter type="LINE" missed="0" covered="50"/></method><counter type="LINE" missed="0" covered="50"/></class>
        <sourcefile name="A.java">
          <line nr="3" mi="0" ci="4" mb="1" cb="3"/>
          <line nr="4" mi="2" ci="0" mb="2" cb="0"/>
          <line nr="5" mi="0" ci="0" mb="0" cb="0"/>
          <counter type="LINE" missed="0" covered="50"/><counter type="BRANCH" missed="0" covered="40"/>
        </sourcefile>
        <counter type="LINE" missed="0" covered="50"/>
      </package></group>
      <package name=""><sourcefile name="Default.java"><line nr="1" mi="0" ci="1" mb="0" cb="0"/></sourcefile></package>
      <counter type="LINE" missed="0" covered="50"/></report>"#;
    let report = parse(doc);
    assert_eq!(
        report.files.keys().collect::<Vec<_>>(),
        ["Default.java", "org/x/A.java"]
    );
    let a = &report.files["org/x/A.java"];
    // Line 5 has no instructions: not executable.
    assert_eq!(a.lines().keys().copied().collect::<Vec<_>>(), [3, 4]);
    assert_eq!(a.branches().get(&3), Some(&(4, 3)));
    assert_eq!(a.branches().get(&4), Some(&(2, 0)));
    assert_eq!(report.totals(), totals(3, 2, 6, 3));
}

#[test]
fn jacoco_partly_covered_line_is_covered() {
    let doc = r#"<report name="r"><package name="p"><sourcefile name="B.java"><line nr="9" mi="5" ci="1" mb="1" cb="1"/></sourcefile></package></report>"#;
    assert_eq!(parse(doc).totals(), totals(1, 1, 2, 1));
}

// ---- coverage.py JSON ------------------------------------------------------------------

#[test]
fn coveragepy_json_lines_and_branches() {
    let doc = r#"{"meta": {"format": 3, "version": "7.6.1", "branch_coverage": true},
      "files": {"pkg/m.py": {
        "executed_lines": [1, 2, 4, 6], "missing_lines": [5, 8], "excluded_lines": [8, 10],
        "executed_branches": [[2, 4], [4, -1], [4, -1]], "missing_branches": [[2, 5], [6, 8], [4, -1]],
        "summary": {"covered_lines": 999, "num_statements": 999}}},
      "totals": {"covered_lines": 999, "num_statements": 999}}"#;
    let report = parse(doc);
    let m = &report.files["pkg/m.py"];
    // Valid = executed ∪ missing − excluded (8 is excluded).
    assert_eq!(
        m.lines().iter().map(|(l, h)| (*l, *h)).collect::<Vec<_>>(),
        [(1, 1), (2, 1), (4, 1), (5, 0), (6, 1)]
    );
    // Line 2: two arcs, one taken; line 4: the exit arc (negative `to`), taken, counted once;
    // line 6: one arc, missed.
    assert_eq!(m.branches().get(&2), Some(&(2, 1)));
    assert_eq!(m.branches().get(&4), Some(&(1, 1)));
    assert_eq!(m.branches().get(&6), Some(&(1, 0)));
    assert_eq!(report.totals(), totals(5, 4, 4, 2));
}

#[test]
fn coveragepy_json_without_branch_data() {
    let doc = r#"{"meta": {"branch_coverage": false}, "files": {"a.py": {"executed_lines": [1], "missing_lines": [2, 3]}}}"#;
    assert_eq!(parse(doc).totals(), totals(3, 1, 0, 0));
}

// ---- merging reports -------------------------------------------------------------------

#[test]
fn reports_of_different_formats_merge_by_path() {
    let mut report = parse("SF:a.py\nDA:1,1\nDA:2,0\nend_of_record\n");
    report.merge(parse(
        r#"{"meta": {}, "files": {"a.py": {"executed_lines": [2], "missing_lines": [3]}}}"#,
    ));
    assert_eq!(
        report.formats,
        vec![CoverageFormat::Lcov, CoverageFormat::CoveragePyJson]
    );
    assert_eq!(report.totals(), totals(3, 2, 0, 0));
}
