//! Loading `shipgate.yaml`: every error names file:line:column.

// The helpers below fail the calling test with the config or error they got.
#![allow(clippy::panic)]

use std::path::Path;

use shipgate_config::{load, load_str, Config, ConfigError};
use shipgate_core::Condition;

fn env(name: &str) -> Option<String> {
    match name {
        "REPORTS" => Some("out/reports".to_string()),
        "API_TOKEN" => Some("s3cr3t-value".to_string()),
        "PASS" => Some(">= 99%".to_string()),
        "BAD" => Some("9x9".to_string()),
        _ => None,
    }
}

fn ok(text: &str) -> Config {
    load_str(text, Path::new("conf/shipgate.yaml"), &env).unwrap_or_else(|e| panic!("{e}"))
}

fn err(text: &str) -> ConfigError {
    match load_str(text, Path::new("conf/shipgate.yaml"), &env) {
        Ok(c) => panic!("expected an error, got {c:?}"),
        Err(e) => e,
    }
}

fn msg(text: &str) -> String {
    err(text).to_string()
}

const FULL: &str = r#"store: .shipgate/history.db
tests:
  junit: ["reports/**/*.xml"]
  runs: ["run1/*.xml", "run2/*.xml"]
  shuffled_runs: ["shuffled/*.xml"]
  coverage: ["coverage.xml"]
  base: origin/main
  gates:
    pass_rate: ">= 98%"
    flaky: "== 0"
    order_dependent: "== 0"
    suite_duration: "< 60m"
    test_duration: "< 30s"
    line_coverage: ">= 25%"
    branch_coverage: ">= 50%"
    patch_coverage: ">= 80%"
    coverage_drop: "<= 1%"
"#;

#[test]
fn the_full_schema_loads() {
    let c = ok(FULL);
    assert_eq!(c.path, Path::new("conf/shipgate.yaml"));
    assert_eq!(c.dir, Path::new("conf"));
    assert_eq!(
        c.store.as_deref(),
        Some(Path::new("conf/.shipgate/history.db"))
    );
    let t = c.tests.unwrap();
    assert_eq!(t.junit, ["reports/**/*.xml"]);
    assert_eq!(t.runs, ["run1/*.xml", "run2/*.xml"]);
    assert_eq!(t.shuffled_runs, ["shuffled/*.xml"]);
    assert_eq!(t.coverage, ["coverage.xml"]);
    assert_eq!(t.base.as_deref(), Some("origin/main"));
    assert_eq!(t.configured_gates.len(), 9);
    assert_eq!(t.configured_gates[0], "pass_rate");
    assert_eq!(
        t.gates.branch_coverage,
        Some(Condition::parse(">= 50%").unwrap())
    );
    assert_eq!(t.gates.suite_duration.threshold(), 3600.0);
    assert!(c.secrets.is_empty());
}

#[test]
fn unset_gates_keep_their_defaults() {
    let c = ok("tests:\n  gates:\n    pass_rate: \">= 99%\"\n");
    let t = c.tests.unwrap();
    assert_eq!(t.configured_gates, ["pass_rate"]);
    assert_eq!(t.gates.pass_rate.threshold(), 0.99);
    let defaults = shipgate_core::quality::TestGates::default();
    assert_eq!(t.gates.flaky, defaults.flaky);
    assert_eq!(t.gates.test_duration, defaults.test_duration);
    assert_eq!(t.gates.branch_coverage, None);
    assert_eq!(t.gates.coverage_drop, defaults.coverage_drop);
}

#[test]
fn empty_documents_are_empty_configs() {
    for text in [
        "",
        "\n",
        "# only a comment\n",
        "---\n# c\n",
        "~\n",
        "%YAML 1.2\n---\n",
        "\u{feff}# bom\n",
    ] {
        let c = ok(text);
        assert_eq!(c.tests, None, "{text:?}");
        assert_eq!(c.store, None);
    }
    // An empty section is present, with defaults.
    let c = ok("tests:\n");
    assert_eq!(
        c.tests.unwrap().gates,
        shipgate_core::quality::TestGates::default()
    );
}

#[test]
fn a_document_that_is_not_a_mapping_is_a_wrong_type() {
    assert_eq!(msg("- a\n- b\n"), "conf/shipgate.yaml:1:1: `the document` must be a mapping of sections (`tests:`, `store:`), found a list");
    assert!(matches!(
        err("just text\n"),
        ConfigError::WrongType {
            line: 1,
            column: 1,
            ..
        }
    ));
}

#[test]
fn unknown_top_level_key() {
    let e = err("tests: {}\n\nstroe: x.db\n");
    assert_eq!(
        e.to_string(),
        "conf/shipgate.yaml:3:1: unknown key `stroe` in the top level; expected one of: store, tests, prometheus, smoke, metrics, analysis, docs, rollout (did you mean `store`?)"
    );
    assert!(
        matches!(e, ConfigError::UnknownKey { ref key, ref expected, .. } if key == "stroe" && expected[..2] == ["store", "tests"])
    );
}

#[test]
fn unknown_gate_key() {
    let e = err("tests:\n  gates:\n    flaky: \"== 0\"\n    pass_rat: \">= 98%\"\n");
    assert_eq!(e.position().map(|p| (p.line, p.column)), Some((4, 5)));
    let m = e.to_string();
    assert!(m.starts_with("conf/shipgate.yaml:4:5: unknown key `pass_rat` in `tests.gates`; expected one of: order_dependent, pass_rate,"), "{m}");
    assert!(m.ends_with("(did you mean `pass_rate`?)"), "{m}");
}

#[test]
fn unknown_key_under_tests() {
    assert!(msg("tests:\n    junitt: []\n")
        .starts_with("conf/shipgate.yaml:2:5: unknown key `junitt` in `tests`;"));
}

#[test]
fn wrong_types() {
    assert_eq!(
        msg("tests:\n  junit: 5\n"),
        "conf/shipgate.yaml:2:10: `tests.junit` must be a list of globs, such as `[\"reports/*.xml\"]`, found an integer"
    );
    assert_eq!(
        msg("tests:\n  gates: [1]\n"),
        "conf/shipgate.yaml:2:10: `tests.gates` must be a mapping of gate names to conditions (`pass_rate: \">= 98%\"`), found a list"
    );
    assert_eq!(msg("tests: [a]\n"), "conf/shipgate.yaml:1:8: `tests` must be a mapping (`junit:`, `coverage:`, `gates:`, ...), found a list");
    assert_eq!(msg("tests:\n  coverage:\n    - a.xml\n    - {x: 1}\n"), "conf/shipgate.yaml:4:7: `tests.coverage` must be a list of globs (strings), found a mapping");
    assert_eq!(
        msg("store: [a]\n"),
        "conf/shipgate.yaml:1:8: `store` must be a string, found a list"
    );
    assert_eq!(
        msg("tests:\n  gates:\n    flaky: [1]\n"),
        "conf/shipgate.yaml:3:12: `tests.gates.flaky` must be a string, found a list"
    );
    assert_eq!(msg("tests:\n  gates:\n    flaky:\n"), "conf/shipgate.yaml:3:5: `tests.gates.flaky` must be a condition such as `>= 98%` or `< 30s`, found nothing (null)");
}

#[test]
fn condition_errors_point_inside_quotes() {
    // Column of `x`: the scalar starts at column 16 (the quote), the value at 17, `9x8%` at 20.
    let text = "tests:\n  gates:\n    pass_rate: \">= 9x8%\"\n";
    let e = err(text);
    assert_eq!(
        e.to_string(),
        "conf/shipgate.yaml:3:20: gate `pass_rate`: `9x8%` is not a percentage"
    );
    assert!(matches!(e, ConfigError::Condition { ref gate, .. } if gate == "pass_rate"));
    // Single quotes and plain scalars.
    assert!(
        msg("tests:\n  gates:\n    pass_rate: '>= 9x8%'\n").starts_with("conf/shipgate.yaml:3:20:")
    );
    assert!(msg("tests:\n  gates:\n    test_duration: < 3x0s\n")
        .starts_with("conf/shipgate.yaml:3:22: gate `test_duration`:"));
    // Unquoted, `>` starts a folded block scalar: a YAML error, still located.
    assert!(msg("tests:\n  gates:\n    pass_rate: >= 98%\n").starts_with("conf/shipgate.yaml:3:"));
    // Flow mappings and escapes: `\x3e` is four characters for one.
    assert!(msg("tests: {gates: {pass_rate: \"\\x3e= 9x8%\"}}\n")
        .starts_with("conf/shipgate.yaml:1:35:"));
    // A missing comparison points at the value's first character.
    assert!(msg("tests:\n  gates:\n    flaky: 0\n").starts_with(
        "conf/shipgate.yaml:3:12: gate `flaky`: a condition starts with a comparison"
    ));
    assert!(msg("tests:\n  gates:\n    flaky: \"  0\"\n").starts_with("conf/shipgate.yaml:3:15:"));
}

#[test]
fn a_duration_gate_rejects_a_ratio() {
    let e = err("tests:\n  gates:\n    suite_duration: \">= 98%\"\n");
    assert_eq!(
        e.to_string(),
        "conf/shipgate.yaml:3:22: gate `suite_duration`: this gate measures a duration; give a unit such as `30s` or `60m`"
    );
    assert!(msg("tests:\n  gates:\n    pass_rate: \"< 30s\"\n")
        .contains("this gate measures no duration"));
    assert!(
        msg("tests:\n  gates:\n    test_duration: \"< 30 parsecs\"\n")
            .starts_with("conf/shipgate.yaml:3:23: gate `test_duration`:")
    );
}

#[test]
fn env_expansion() {
    let c = ok("store: ${REPORTS}/h.db\ntests:\n  junit: [\"${REPORTS}/*.xml\", \"$${LITERAL}\"]\n  base: \"${API_TOKEN}\"\n  gates: {pass_rate: \"${PASS}\"}\n");
    assert_eq!(c.store.as_deref(), Some(Path::new("conf/out/reports/h.db")));
    let t = c.tests.unwrap();
    assert_eq!(t.junit, ["out/reports/*.xml", "${LITERAL}"]);
    assert_eq!(t.base.as_deref(), Some("s3cr3t-value"));
    assert_eq!(t.gates.pass_rate.threshold(), 0.99);
    // a credential's name makes a secret; a folder and a threshold are not secrets
    assert_eq!(
        c.secrets
            .iter()
            .map(shipgate_core::Secret::expose)
            .collect::<Vec<_>>(),
        ["s3cr3t-value"]
    );
}

#[test]
fn a_missing_variable_is_named_at_its_dollar() {
    let e = err("tests:\n  junit:\n    - \"a/${NOPE}/*.xml\"\n");
    assert_eq!(
        e.to_string(),
        "conf/shipgate.yaml:3:10: environment variable `NOPE` is not set"
    );
    assert!(matches!(e, ConfigError::MissingEnv { ref var, .. } if var == "NOPE"));
    assert!(
        msg("store: x${NOPE}\n").starts_with("conf/shipgate.yaml:1:9: environment variable `NOPE`")
    );
    // Keys are never expanded.
    assert!(msg("${REPORTS}: 1\n").contains("unknown key `${REPORTS}`"));
    assert!(msg("store: \"a${unclosed\"\n")
        .starts_with("conf/shipgate.yaml:1:10: `${` without a closing `}`"));
}

#[test]
fn condition_errors_through_variables_point_at_the_reference_and_hide_the_value() {
    let e = err("tests:\n  gates:\n    pass_rate: \">= ${BAD}%\"\n");
    assert_eq!(
        e.to_string(),
        "conf/shipgate.yaml:3:20: gate `pass_rate`: `${BAD}%` is not a percentage"
    );
}

#[test]
fn future_sections_are_not_yet_supported() {
    // `rollout` is supported now, but not its `kubernetes` target.
    let e = err("tests: {}\nrollout:\n  target:\n    kubernetes: {}\n");
    assert_eq!(
        e.to_string(),
        "conf/shipgate.yaml:4:5: section `rollout.target.kubernetes` is not supported by this version of shipgate"
    );
    assert!(
        matches!(e, ConfigError::NotYetSupported { line: 4, column: 5, ref section, .. } if section == "rollout.target.kubernetes")
    );
    assert!(matches!(
        err("rollout: {}\n"),
        ConfigError::Invalid { line: 1, column: 1, ref key, .. } if key == "rollout"
    ));
    // `docs` is supported now.
    assert!(ok("tests: {}\ndocs:\n  include: [x]\n").docs.is_some());
}

#[test]
fn store_paths() {
    assert_eq!(
        load_str("store: h.db\n", Path::new("shipgate.yaml"), &env)
            .unwrap()
            .store
            .as_deref(),
        Some(Path::new("./h.db"))
    );
    assert_eq!(
        ok("store: /var/h.db\n").store.as_deref(),
        Some(Path::new("/var/h.db"))
    );
    assert_eq!(
        ok("store: \"postgres://db/x\"\n").store.as_deref(),
        Some(Path::new("postgres://db/x"))
    );
    assert_eq!(
        msg("store: \"\"\n"),
        "conf/shipgate.yaml:1:8: `store`: the path is empty"
    );
}

#[test]
fn yaml_syntax_errors_have_a_location() {
    let e = err("tests:\n  junit: [a, b\n  base: x\n");
    let ConfigError::Syntax { at: Some(at), .. } = &e else {
        panic!("{e:?}")
    };
    assert!(at.line >= 2, "{e}");
    assert!(
        e.to_string()
            .starts_with(&format!("conf/shipgate.yaml:{}:{}: ", at.line, at.column)),
        "{e}"
    );
    let e = err("tests:\n  junit: \"unterminated\n");
    assert!(e.to_string().starts_with("conf/shipgate.yaml:"), "{e}");
    // Duplicate keys are errors with the duplicate's position.
    let e = err("store: a\nstore: b\n");
    assert!(e.to_string().starts_with("conf/shipgate.yaml:2:1: "), "{e}");
    // Tabs for indentation.
    let e = err("tests:\n\tjunit: []\n");
    assert!(e.to_string().starts_with("conf/shipgate.yaml:2:"), "{e}");
}

#[test]
fn a_duplicate_key_names_both_places_in_words() {
    assert_eq!(
        msg("store: a\nstore: b\n"),
        "conf/shipgate.yaml:2:1: duplicate key `store` (first at line 1, column 1); a key may appear once in a mapping"
    );
    let nested = msg("tests:\n  junit: [a]\n  coverage: [c]\n  junit: [b]\n");
    assert_eq!(
        nested,
        "conf/shipgate.yaml:4:3: duplicate key `junit` (first at line 2, column 3); a key may appear once in a mapping"
    );
    // Inside a list item, and the earliest repeat of several is the one named.
    let in_list = msg("smoke:\n  base_url: http://x\n  checks:\n    - { name: a, path: /, path: /b }\n    - name: b\n      name: c\n");
    assert!(
        in_list.starts_with(
            "conf/shipgate.yaml:4:27: duplicate key `path` (first at line 4, column 18)"
        ),
        "{in_list}"
    );
    for text in [nested, in_list] {
        assert!(
            !text.contains("DuplicateKeyPolicy") && !text.contains("Options"),
            "{text}"
        );
    }
    // The same key in two different mappings is no repeat.
    let c = ok("tests:\n  junit: [a]\n  gates: { pass_rate: \">= 98%\" }\nsmoke:\n  base_url: http://x\n  checks:\n    - { name: a, request: { path: / } }\n    - { name: b, request: { path: / } }\n");
    assert!(c.smoke.is_some());
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fifo = dir.path().join("shipgate.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    assert!(made.success());
    // No writer ever opens the FIFO: a loader that reads it would block forever, so the
    // load runs on a thread and must answer within seconds.
    let (tx, rx) = std::sync::mpsc::channel();
    let path = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(load(&path, &env).map(|_| ()).map_err(|e| e.to_string()));
    });
    let answer = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("loading a FIFO with no writer blocked"));
    let message = answer
        .err()
        .unwrap_or_else(|| panic!("a FIFO loaded as a config"));
    assert!(
        message.starts_with(&format!("{}: ", fifo.display()))
            && message.contains("not a regular file"),
        "{message}"
    );
    assert!(message.contains("FIFO"), "{message}");
    let e = load(Path::new("/dev/null"), &env).map(|_| ()).unwrap_err();
    assert!(matches!(e, ConfigError::NotAFile { .. }), "{e:?}");
    assert!(e.to_string().starts_with("/dev/null: "), "{e}");
    // A directory too.
    let e = load(dir.path(), &env).map(|_| ()).unwrap_err();
    assert!(e.to_string().contains("is a directory"), "{e}");
}

#[test]
fn a_billion_laughs_document_is_refused() {
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = if i == 0 {
            "a"
        } else {
            ["b", "c", "d", "e", "f", "g", "h"][i - 1]
        };
        text.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    let start = std::time::Instant::now();
    let e = err(&text);
    assert!(matches!(e, ConfigError::Syntax { .. }), "{e}");
    assert!(e.to_string().starts_with("conf/shipgate.yaml"), "{e}");
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!("tests: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let flow = err(&text);
    assert!(matches!(flow, ConfigError::Syntax { .. }), "{flow}");
    let mut block = String::from("tests:\n");
    for depth in 1..200 {
        block.push_str(&format!("{}- \n", "  ".repeat(depth)));
    }
    let block = err(&block);
    assert!(block.to_string().contains("levels deep"), "{block}");
    for e in [&flow, &block] {
        let text = e.to_string();
        // In words, with the limit, never the parser's debug form (`Depth { depth: 25 }`).
        assert!(text.contains("too deep"), "{text}");
        assert!(text.contains("at most 24 levels"), "{text}");
        assert!(!text.contains('{') && !text.contains("budget"), "{text}");
        assert!(text.starts_with("conf/shipgate.yaml:"), "{text}");
    }
}

#[test]
fn aliases_and_merges_are_followed() {
    let c = ok("tests:\n  junit: &g [\"a/*.xml\"]\n  runs: *g\n");
    assert_eq!(c.tests.unwrap().runs, ["a/*.xml"]);
}

#[test]
fn files_are_read_and_errors_name_the_path_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shipgate.yaml");
    std::fs::write(&path, "tests:\n  gates:\n    flaky: \"=! 0\"\n").unwrap();
    let e = load(&path, &env).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}:3:13: gate `flaky`: use `==` to compare for equality",
            path.display()
        )
    );
    std::fs::write(&path, "store: h.db\n").unwrap();
    let c = load(&path, &env).unwrap();
    assert_eq!(c.store, Some(dir.path().join("h.db")));
    assert_eq!(c.dir, dir.path());
    let missing = dir.path().join("nope.yaml");
    let e = load(&missing, &env).unwrap_err();
    assert!(matches!(e, ConfigError::Io { .. }));
    assert!(e
        .to_string()
        .starts_with(&format!("{}: cannot read", missing.display())));
    std::fs::write(&path, b"store: a\nbase: \xff\n").unwrap();
    let e = load(&path, &env).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{}:2:7: the file is not valid UTF-8", path.display())
    );
}
