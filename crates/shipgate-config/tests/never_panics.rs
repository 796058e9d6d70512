//! `load_str` returns a result for any text, never panics, and what it returns holds up:
//! the same text gives the same result, an error names the file and a place inside the
//! text, and no value read from the environment appears in an error.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::path::Path;

use proptest::prelude::*;
use shipgate_config::{load_str, Config, ConfigError};

fn env(name: &str) -> Option<String> {
    name.starts_with('A').then(|| format!("v{name}"))
}

/// The values `env` hands out for the names the generators write.
const SECRETS: [&str; 6] = ["vAURL", "vATOKEN", "vAUSER", "vADIR", "vAB", "vAPI_TOKEN"];

/// Load `text` twice and check every property of the result; returns it.
fn checked(text: &str) -> Result<Result<Config, ConfigError>, TestCaseError> {
    let first = load_str(text, Path::new("x.yaml"), &env);
    let again = load_str(text, Path::new("x.yaml"), &env);
    match (&first, &again) {
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(a, b, "the same text loaded differently");
            prop_assert_eq!(a.path.as_path(), Path::new("x.yaml"));
            prop_assert_eq!(a.dir.as_path(), Path::new("."));
        }
        (Err(a), Err(b)) => {
            prop_assert_eq!(
                a.to_string(),
                b.to_string(),
                "the same text failed differently"
            );
            error_holds_up(text, a)?;
        }
        _ => prop_assert!(false, "the same text loaded once and failed once"),
    }
    Ok(first)
}

/// An error names the file first, in words, at a place inside the text.
fn error_holds_up(text: &str, e: &ConfigError) -> Result<(), TestCaseError> {
    let shown = e.to_string();
    prop_assert!(shown.starts_with("x.yaml"), "{}", shown);
    prop_assert_eq!(e.file(), Path::new("x.yaml"));
    for debug_form in [
        "DuplicateKeyPolicy",
        "Options",
        "budget breached",
        "Depth {",
    ] {
        prop_assert!(!shown.contains(debug_form), "{}", shown);
    }
    if let Some(at) = e.position() {
        prop_assert!(
            shown.starts_with(&format!("x.yaml:{}:{}: ", at.line, at.column)),
            "{}",
            shown
        );
        let lines: Vec<&str> = text
            .split("\r\n")
            .flat_map(|l| l.split(['\n', '\r']))
            .collect();
        prop_assert!(at.line >= 1 && at.column >= 1, "{}", shown);
        prop_assert!(
            at.line as usize <= lines.len(),
            "line {} of a text of {} lines: {}",
            at.line,
            lines.len(),
            shown
        );
        let width = lines
            .get(at.line as usize - 1)
            .map_or(0, |l| l.chars().count());
        prop_assert!(
            at.column as usize <= width + 1,
            "column {} of a line of {} characters: {}",
            at.column,
            width,
            shown
        );
    }
    Ok(())
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
        "prometheus:",
        "url:",
        "bearer_env:",
        "API_TOKEN",
        "timeout:",
        "smoke:",
        "base_url:",
        "wait:",
        "auth:",
        "basic_user_env:",
        "checks:",
        "name:",
        "request:",
        "expect:",
        "capture:",
        "path:",
        "json:",
        "status:",
        "headers:",
        "\"/a~2\"",
        "${token}",
        "metrics:",
        "query:",
        "condition:",
        "count:",
        "<= +10%",
        "analysis:",
        "canary:",
        "window:",
        "5m",
        "{{selector}}",
        "direction:",
        "allowed_change:",
        "marginal_score:",
        "docs:",
        "include:",
        "require:",
        "min_lines:",
        "links_to:",
        "links:",
        "external:",
        "tools:",
        "truth:",
        "ids:",
        "pattern:",
        "TQ-[0-9]{2}",
        "-1",
        "rollout:",
        "service:",
        "target:",
        "exec:",
        "deploy:",
        "traffic:",
        "nginx:",
        "stable:",
        "steps:",
        "plans:",
        "weight:",
        "pause:",
        "approve:",
        "hook:",
        "notify:",
        "{{version}}",
        "{{x}}",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

/// A config using every section, for mutation.
const FULL: &str = r#"prometheus: { url: "http://${AURL}", bearer_env: ATOKEN, timeout: 10s }
smoke:
  base_url: "http://x"
  wait: { timeout: 5m, interval: 5s }
  auth: { bearer_env: ATOKEN }
  checks:
    - name: login
      request: { method: POST, path: /login, json: { u: "${AUSER}" }, headers: { X-A: b } }
      expect: { status: [200, 201], json: { "/ok": true }, max_latency: 2s, body_contains: id }
      capture: { token: /access_token }
    - name: me
      request: { path: "/me", headers: { Authorization: "Bearer ${token}" } }
metrics:
  checks:
    - { name: e, query: up, condition: "< 0.001", count: 5, interval: 30s, failure_limit: 0 }
analysis:
  canary: { version: v2 }
  baseline: { version: v1 }
  window: 10m
  step: 30s
  pass_score: 95
  marginal_score: 75
  metrics:
    - { name: e, query: "x{ {{selector}} }", direction: increase, allowed_change: 10%, critical: true }
docs:
  include: ["${ADIR}/**/*.md", README.md]
  exclude: [drafts/**]
  require:
    - { path: docs/RUNBOOK.md, min_lines: 800, min_code_blocks: 6, links_to: [README.md] }
  links: { external: true }
  commands: { tools: [kubectl, gh], truth: [".github/workflows/*.yml"], allow: ["kubectl get *"] }
  env: { truth: ["src/**/*.py"], ignore: [HOME] }
  endpoints: { truth: ["api/**/*.py"], ignore: ["/internal/*"] }
  ids:
    - { pattern: "TQ-[0-9]{2}", truth: [".github/workflows/*.yml"] }
  commits: false
  mermaid: true
rollout:
  service: web
  target: { exec: { deploy: [./d, "{{version}}", "${AUSER}"], promote: [./p], rollback: [./r], timeout: 2m } }
  traffic:
    nginx: { upstream_file: up.conf, upstream: web, stable: ["a:1"], canary: ["b:2"], test: [t], reload: [r] }
  analysis: { interval: 10s, smoke: { base_url: "http://${AURL}" }, metrics: [e], judge: true }
  steps:
    - hook: { name: h, run: [./h], undo: [./u], timeout: 1m }
    - weight: 10
    - pause: 1m
    - approve: { timeout: 30m }
  plans: { hotfix: [ { weight: 100 } ] }
  notify: [ { on: [promoted, stopped], run: [./n, "{{outcome}}"] } ]
"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(text in any::<String>()) {
        if let Ok(config) = checked(&text)? {
            // Every section loaded was written in the text.
            let present = [
                ("store", config.store.is_some()),
                ("tests", config.tests.is_some()),
                ("prometheus", config.prometheus.is_some()),
                ("smoke", config.smoke.is_some()),
                ("metrics", config.metrics.is_some()),
                ("analysis", config.analysis.is_some()),
                ("docs", config.docs.is_some()),
                ("rollout", config.rollout.is_some()),
            ];
            for (name, loaded) in present {
                prop_assert!(!loaded || text.contains(name), "`{}` out of nothing: {:?}", name, text);
            }
        }
    }

    #[test]
    fn the_full_config_loads_and_mutations_never_panic(
        at in 0usize..2000,
        cut in 0usize..8,
        insert in yamlish(),
    ) {
        let full = load_str(FULL, Path::new("x.yaml"), &env);
        prop_assert!(full.is_ok(), "{:?}", full.err().map(|e| e.to_string()));
        let mut text: Vec<char> = FULL.chars().collect();
        let at = at % text.len();
        let end = (at + cut).min(text.len());
        text.splice(at..end, insert.chars());
        let text: String = text.into_iter().collect();
        match checked(&text)? {
            Ok(config) => {
                // What loads still has the sections nobody cut out of the text.
                if text.starts_with("prometheus: { url: \"http://${AURL}\", bearer_env: ATOKEN, timeout: 10s }\n") {
                    let prometheus = config.prometheus.as_ref();
                    prop_assert!(prometheus.is_some(), "the untouched first line lost `prometheus`");
                }
            }
            Err(e) => {
                let shown = e.to_string();
                for secret in SECRETS {
                    prop_assert!(!shown.contains(secret), "a secret in: {}", shown);
                }
            }
        }
    }

    #[test]
    fn yaml_like_text(text in yamlish()) {
        if let Err(e) = checked(&text)? {
            let shown = e.to_string();
            for secret in SECRETS {
                prop_assert!(!shown.contains(secret), "a secret in: {}", shown);
            }
        }
    }
}
