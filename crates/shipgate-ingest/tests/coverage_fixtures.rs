//! Fixture tests over real coverage reports (see `fixtures/coverage/README.md` for the tool,
//! version and command behind each file). Expected totals were computed independently
//! (a separate script over the raw files) and cross-checked against the tool's own summary
//! where the tool prints one; differences are explained beside each test.

#![allow(clippy::panic, clippy::unwrap_used)] // test helpers fail loudly

use std::path::PathBuf;

use shipgate_core::{CoverageFormat, CoverageReport, CoverageTotals};
use shipgate_ingest::{parse_coverage, read_coverage};

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/coverage")
        .join(rel)
}

fn read(rel: &str) -> CoverageReport {
    match read_coverage(&fixture(rel)) {
        Ok(report) => report,
        Err(err) => panic!("{rel}: {err}"),
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

// coverage.py 7.17.5 `coverage report` prints: 33 statements, 7 missed, 18 branches,
// 4 partial; the XML header says lines 33/26 and branches 18/12 and the JSON `totals` agree.
// All three outputs of the one run must give the same numbers.
#[test]
fn coveragepy_cobertura_matches_tool_summary() {
    let report = read("coveragepy/coverage.xml");
    assert_eq!(report.formats, vec![CoverageFormat::Cobertura]);
    assert_eq!(report.totals(), totals(33, 26, 18, 12));
    let paths: Vec<&str> = report.files.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        ["shapes/__init__.py", "shapes/classify.py", "shapes/text.py"]
    );
    // `condition-coverage="50% (1/2)"` on line 4 of classify.py.
    assert_eq!(
        report.files["shapes/classify.py"].branches().get(&4),
        Some(&(2, 1))
    );
}

#[test]
fn coveragepy_json_matches_tool_summary() {
    let report = read("coveragepy/coverage.json");
    assert_eq!(report.formats, vec![CoverageFormat::CoveragePyJson]);
    assert_eq!(report.totals(), totals(33, 26, 18, 12));
    let classify = &report.files["shapes/classify.py"];
    // `never_called` is `# pragma: no cover`: lines 30-31 are excluded, not missing.
    assert!(!classify.lines().contains_key(&30) && !classify.lines().contains_key(&31));
    // Line 35 (`while` in a function never called): two arcs, neither taken.
    assert_eq!(classify.branches().get(&35), Some(&(2, 0)));
}

// coverage.py's LCOV names branches "jump to line N" (text, not numbers) and marks arcs
// of never-run code with `-`: both must count as valid branches.
#[test]
fn coveragepy_lcov_matches_tool_summary() {
    let report = read("coveragepy/coverage.lcov");
    assert_eq!(report.formats, vec![CoverageFormat::Lcov]);
    assert_eq!(report.totals(), totals(33, 26, 18, 12));
    assert_eq!(
        report.files["shapes/classify.py"].branches().get(&35),
        Some(&(2, 0))
    );
}

// c8 12.0.0 (istanbul-reports 3.2.0) `--reporter=text` prints "All files | 86.36 % stmts |
// 77.77 % branch | 86.36 % lines", i.e. 38/44 lines and 14/18 branches (coverage-summary.json
// of the same run: lines 44/38, branches 18/14).
#[test]
fn c8_cobertura_matches_tool_summary_and_ignores_method_lines() {
    let report = read("c8/cobertura-coverage.xml");
    assert_eq!(report.totals(), totals(44, 38, 18, 14));
    let pricing = &report.files["src/pricing.js"];
    // Line 3 appears in <methods> (hits 3) and in <lines> (hits 3): counted once.
    assert_eq!(pricing.lines().get(&3), Some(&3));
    assert_eq!(pricing.lines().get(&25), Some(&0));
}

#[test]
fn c8_lcov_matches_tool_summary() {
    let report = read("c8/lcov.info");
    assert_eq!(report.totals(), totals(44, 38, 18, 14));
    assert_eq!(
        report.files["src/format.js"].branches().get(&5),
        Some(&(1, 0))
    );
}

// Two c8 runs (run1.js, run2.js) whose lcov.info were concatenated, as CI jobs do: pricing.js
// appears in two SF records. No tool summary exists for the union; independently: lines are
// the union (44 valid, 39 hit in either run); branches merge by (line, block, branch):
// pricing.js has 9 distinct keys of which 6 were taken in some run, format.js 5 and 3.
#[test]
fn c8_concatenated_lcov_merges_repeated_records() {
    let report = read("c8/lcov-concatenated.info");
    assert_eq!(report.totals(), totals(44, 39, 14, 9));
    let pricing = &report.files["src/pricing.js"];
    // Line 3: 2 hits in run 1 + 1 in run 2.
    assert_eq!(pricing.lines().get(&3), Some(&3));
    // BRDA:4,2,0 taken in run 1 only, still covered after the merge.
    assert_eq!(pricing.branches().get(&4), Some(&(1, 1)));
    // Run 1 never reached line 14 (no BRDA there); run 2 did.
    assert_eq!(pricing.branches().get(&14), Some(&(1, 1)));
}

// Hand-written in JaCoCo's format (no Maven access); its own report-level counters say
// LINE missed 4 covered 20 and BRANCH missed 2 covered 6, which the per-line detail matches.
#[test]
fn jacoco_totals_and_paths() {
    let report = read("jacoco/jacoco.xml");
    assert_eq!(report.formats, vec![CoverageFormat::Jacoco]);
    assert_eq!(report.totals(), totals(24, 20, 8, 6));
    let paths: Vec<&str> = report.files.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "com/example/shop/Cart.java",
            "com/example/shop/util/Money.java"
        ]
    );
    let cart = &report.files["com/example/shop/Cart.java"];
    assert_eq!(cart.lines().get(&11), Some(&0));
    assert_eq!(cart.branches().get(&10), Some(&(2, 1)));
}

// Hand-written in cargo-llvm-cov's style: src/lib.rs appears in three <class> elements (one
// per generic instantiation). Its header (lines 17/12, branches 6/3) double counts lines
// 11-13; the truth is 14 distinct lines, 12 hit, and 4 branches, 3 covered.
#[test]
fn llvm_cov_style_cobertura_merges_classes_of_one_file() {
    let report = read("llvm-cov/cobertura.xml");
    assert_eq!(report.totals(), totals(14, 12, 4, 3));
    let lib = &report.files["src/lib.rs"];
    assert_eq!(lib.lines().get(&11), Some(&2));
    assert_eq!(lib.lines().get(&12), Some(&5));
    assert_eq!(lib.branches().get(&12), Some(&(2, 2)));
}

#[test]
fn every_fixture_is_detected_from_content_not_name() {
    let cases = [
        ("coveragepy/coverage.xml", CoverageFormat::Cobertura),
        ("coveragepy/coverage.json", CoverageFormat::CoveragePyJson),
        ("coveragepy/coverage.lcov", CoverageFormat::Lcov),
        ("c8/cobertura-coverage.xml", CoverageFormat::Cobertura),
        ("c8/lcov.info", CoverageFormat::Lcov),
        ("jacoco/jacoco.xml", CoverageFormat::Jacoco),
        ("llvm-cov/cobertura.xml", CoverageFormat::Cobertura),
    ];
    for (rel, format) in cases {
        let bytes = std::fs::read(fixture(rel)).unwrap();
        // Misleading names: detection must not look at them.
        let report = parse_coverage(&bytes, "report.json").unwrap();
        assert_eq!(report.formats, vec![format], "{rel}");
        assert_eq!(report.sources, vec!["report.json".to_owned()]);
        let dir = tempfile::tempdir().unwrap();
        let misnamed = dir.path().join("coverage.xml");
        std::fs::write(&misnamed, &bytes).unwrap();
        assert_eq!(
            read_coverage(&misnamed).unwrap().formats,
            vec![format],
            "{rel}"
        );
    }
}
