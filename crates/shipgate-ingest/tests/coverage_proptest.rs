//! Property tests: the coverage parsers never panic on arbitrary or mutated input, and LCOV
//! totals match a simple model of the merge rules.

#![allow(clippy::panic, clippy::unwrap_used)] // test helpers fail loudly

use std::collections::BTreeMap;
use std::path::PathBuf;

use proptest::prelude::*;
use shipgate_ingest::parse_coverage;

const FIXTURES: [&str; 8] = [
    "coveragepy/coverage.xml",
    "coveragepy/coverage.json",
    "coveragepy/coverage.lcov",
    "c8/cobertura-coverage.xml",
    "c8/lcov.info",
    "c8/lcov-concatenated.info",
    "jacoco/jacoco.xml",
    "llvm-cov/cobertura.xml",
];

fn fixture(index: usize) -> Vec<u8> {
    let rel = FIXTURES[index % FIXTURES.len()];
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/coverage")
            .join(rel),
    )
    .unwrap()
}

/// One edit applied to a valid document.
#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Insert { at: usize, text: String },
    Remove { at: usize, len: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let text = prop::sample::select(vec![
        "<",
        ">",
        "/>",
        "</line>",
        "\"",
        "&",
        "&amp;",
        "&lol;",
        "<!DOCTYPE x [<!ENTITY a \"b\">]>",
        "-",
        ",",
        "\n",
        "\r\n",
        "SF:x\n",
        "end_of_record\n",
        "DA:",
        "BRDA:1,0,0,-\n",
        "99999999999999999999999",
        "-1",
        "{",
        "}",
        "[",
        "]",
        "null",
        "\u{0}",
        "\u{FEFF}",
        "é",
        "<line number=\"1\" hits=\"1\"/>",
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (any::<usize>(), text).prop_map(|(at, text)| Mutation::Insert {
            at,
            text: text.to_owned()
        }),
        (any::<usize>(), 1usize..64).prop_map(|(at, len)| Mutation::Remove { at, len }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn apply(doc: &mut Vec<u8>, mutation: &Mutation) {
    let len = doc.len().max(1);
    match mutation {
        Mutation::Flip { at, byte } => {
            if let Some(b) = doc.get_mut(at % len) {
                *b = *byte;
            }
        }
        Mutation::Insert { at, text } => {
            let at = at % (doc.len() + 1);
            doc.splice(at..at, text.bytes());
        }
        Mutation::Remove { at, len: n } => {
            let at = at % len;
            let end = (at + n).min(doc.len());
            if at < end {
                doc.drain(at..end);
            }
        }
        Mutation::Truncate { at } => doc.truncate(at % len),
    }
}

/// An LCOV record in the model: path index, DA entries, BRDA entries.
type Record = (usize, Vec<(u32, u64)>, Vec<(u32, u8, u8, Option<u64>)>);

fn record() -> impl Strategy<Value = Record> {
    (
        0usize..3,
        prop::collection::vec((1u32..20, 0u64..4), 0..12),
        prop::collection::vec((1u32..20, 0u8..2, 0u8..3, prop::option::of(0u64..3)), 0..12),
    )
}

fn render(records: &[Record]) -> String {
    let mut out = String::from("TN:\n");
    for (path, lines, branches) in records {
        out.push_str(&format!("SF:src/f{path}.c\n"));
        for (line, hits) in lines {
            out.push_str(&format!("DA:{line},{hits}\n"));
        }
        for (line, block, branch, taken) in branches {
            let taken = taken.map_or("-".to_owned(), |t| t.to_string());
            out.push_str(&format!("BRDA:{line},{block},{branch},{taken}\n"));
        }
        out.push_str("LF:0\nLH:0\nend_of_record\n");
    }
    out
}

/// Totals by the stated rules: lines are distinct (path, line), covered if the summed hits
/// are positive; branches are distinct (path, line, block, branch), covered if any record
/// took them.
fn model(records: &[Record]) -> (u64, u64, u64, u64) {
    let mut lines: BTreeMap<(usize, u32), u64> = BTreeMap::new();
    let mut branches: BTreeMap<(usize, u32, u8, u8), bool> = BTreeMap::new();
    for (path, ls, bs) in records {
        for (line, hits) in ls {
            *lines.entry((*path, *line)).or_default() += hits;
        }
        for (line, block, branch, taken) in bs {
            *branches.entry((*path, *line, *block, *branch)).or_default() |=
                taken.is_some_and(|t| t > 0);
        }
    }
    (
        lines.len() as u64,
        lines.values().filter(|h| **h > 0).count() as u64,
        branches.len() as u64,
        branches.values().filter(|t| **t).count() as u64,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_coverage(&bytes, "arbitrary");
    }

    #[test]
    fn arbitrary_text_with_format_prefixes_never_panics(
        prefix in prop::sample::select(vec!["<coverage>", "<report>", "{\"meta\":{},\"files\":", "SF:a\n", "TN:\n", "<?xml version=\"1.0\"?>"]),
        tail in "[ -~\\n\\r]{0,256}",
    ) {
        let _ = parse_coverage(format!("{prefix}{tail}").as_bytes(), "text");
    }

    #[test]
    fn mutated_fixtures_never_panic(which in 0usize..FIXTURES.len(), edits in prop::collection::vec(mutation(), 1..6)) {
        let mut doc = fixture(which);
        for edit in &edits {
            apply(&mut doc, edit);
        }
        let _ = parse_coverage(&doc, "mutated");
    }

    #[test]
    fn lcov_totals_follow_the_merge_rules(records in prop::collection::vec(record(), 0..6)) {
        let doc = render(&records);
        let report = parse_coverage(doc.as_bytes(), "model.info").unwrap();
        let t = report.totals();
        prop_assert_eq!((t.lines_valid, t.lines_covered, t.branches_valid, t.branches_covered), model(&records));
    }
}
