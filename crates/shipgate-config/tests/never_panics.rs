//! `load_str` returns a result for any text: it never panics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::path::Path;

use proptest::prelude::*;
use shipgate_config::load_str;

fn env(name: &str) -> Option<String> {
    name.starts_with('A').then(|| format!("v{name}"))
}

/// Fragments that steer generated text towards the schema and YAML's corners.
fn yamlish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "tests:",
        "gates:",
        "junit:",
        "runs:",
        "store:",
        "smoke:",
        "pass_rate:",
        "suite_duration:",
        "flaky:",
        "\"",
        "'",
        "\\x",
        "\\u",
        "''",
        "${",
        "$${",
        "}",
        "${API_TOKEN}",
        "${AB}",
        ">= 98%",
        "< 30s",
        "== 0",
        "%",
        "&a",
        "*a",
        "<<:",
        "[",
        "]",
        "{",
        "}",
        ",",
        "- ",
        ": ",
        "\n",
        "\n  ",
        "\n    ",
        "#",
        "|",
        ">",
        "!!str",
        "?",
        "é",
        "\u{feff}",
        "\t",
        "\r\n",
        "---",
        "~",
        "1e9",
        "0x1F",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(text in any::<String>()) {
        let _ = load_str(&text, Path::new("x.yaml"), &env);
    }

    #[test]
    fn yaml_like_text(text in yamlish()) {
        if let Err(e) = load_str(&text, Path::new("x.yaml"), &env) {
            // Every error about the content names the file first.
            prop_assert!(e.to_string().starts_with("x.yaml"), "{}", e);
        }
    }
}
