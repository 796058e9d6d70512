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
"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(text in any::<String>()) {
        let _ = load_str(&text, Path::new("x.yaml"), &env);
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
        if let Err(e) = load_str(&text, Path::new("x.yaml"), &env) {
            prop_assert!(e.to_string().starts_with("x.yaml"), "{}", e);
        }
    }

    #[test]
    fn yaml_like_text(text in yamlish()) {
        if let Err(e) = load_str(&text, Path::new("x.yaml"), &env) {
            // Every error about the content names the file first.
            prop_assert!(e.to_string().starts_with("x.yaml"), "{}", e);
        }
    }
}
