//! Loading the `docs` section: the issue's example resolves to the expected values, the
//! defaults apply, and every mistake names file:line:column.

// The helpers below fail the calling test with the config or error they got.
#![allow(clippy::panic)]

use std::path::Path;

use shipgate_config::{
    load_str, CommandsConfig, Config, ConfigError, DocRequirementConfig, DocsConfig,
    EndpointsConfig, EnvConfig, IdRuleConfig, Pos, DEFAULT_HISTORY,
};

fn env(name: &str) -> Option<String> {
    match name {
        "DOCS_DIR" => Some("handbook".to_string()),
        "TOOL" => Some("helm".to_string()),
        _ => None,
    }
}

fn ok(text: &str) -> Config {
    load_str(text, Path::new("conf/shipgate.yaml"), &env).unwrap_or_else(|e| panic!("{e}"))
}

fn docs(text: &str) -> DocsConfig {
    ok(text)
        .docs
        .unwrap_or_else(|| panic!("no docs section in {text}"))
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

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The example of the issue, as written there.
const EXAMPLE: &str = r#"docs:
  include: ["README.md", "docs/**/*.md", ".github/workflows/README.md"]
  exclude: []
  require:                       # per-document minimums
    - path: docs/RUNBOOK.md
      min_lines: 800
      min_code_blocks: 60
      min_mermaid: 1
      links_to: [docs/DEPLOYMENT_GUIDE.md]
  links: { external: false }     # relative links, images and anchors are always checked
  commands:                      # commands that must match what the workflows really run
    tools: [kubectl, gh]
    truth: [".github/workflows/*.yml"]
    allow: ["kubectl get *", "kubectl describe *"]
  env:
    truth: [".github/workflows/*.yml", "src/**/*.py"]
    ignore: [HOME, PATH]
    namespace: ["APP_*"]
  endpoints:
    truth: ["backend/**/*.py"]
  ids:
    - pattern: "TQ-[0-9]{2}"
      truth: [".github/workflows/*.yml"]
  commits: true
  paths: true
  mermaid: true
"#;

#[test]
fn the_issue_example_loads() {
    let c = ok(EXAMPLE);
    assert_eq!(
        c.docs,
        Some(DocsConfig {
            include: strings(&["README.md", "docs/**/*.md", ".github/workflows/README.md"]),
            exclude: Vec::new(),
            require: vec![DocRequirementConfig {
                path: "docs/RUNBOOK.md".to_string(),
                min_lines: Some(800),
                min_code_blocks: Some(60),
                min_mermaid: Some(1),
                links_to: strings(&["docs/DEPLOYMENT_GUIDE.md"]),
                at: Pos::new(5, 7),
            }],
            external_links: false,
            commands: Some(CommandsConfig {
                tools: strings(&["kubectl", "gh"]),
                truth: strings(&[".github/workflows/*.yml"]),
                allow: strings(&["kubectl get *", "kubectl describe *"]),
                grammars: Vec::new(),
                shipped_grammars: None,
            }),
            env: Some(EnvConfig {
                truth: strings(&[".github/workflows/*.yml", "src/**/*.py"]),
                ignore: strings(&["HOME", "PATH"]),
                namespace: strings(&["APP_*"]),
            }),
            endpoints: Some(EndpointsConfig {
                truth: strings(&["backend/**/*.py"]),
                ignore: Vec::new(),
                base_urls: Vec::new(),
            }),
            diagrams: None,
            ids: vec![IdRuleConfig {
                pattern: "TQ-[0-9]{2}".to_string(),
                pattern_at: Pos::new(22, 16),
                truth: strings(&[".github/workflows/*.yml"]),
            }],
            commits: true,
            paths: true,
            mermaid: true,
            history: strings(&DEFAULT_HISTORY),
            at: Pos::new(1, 1),
        })
    );
    assert!(c.secrets.is_empty());
    // The other sections are untouched.
    assert!(c.tests.is_none() && c.smoke.is_none() && c.prometheus.is_none());
}

#[test]
fn defaults() {
    let expected = DocsConfig {
        include: strings(&["**/*.md"]),
        exclude: Vec::new(),
        require: Vec::new(),
        external_links: false,
        commands: None,
        env: None,
        endpoints: None,
        diagrams: None,
        ids: Vec::new(),
        commits: true,
        paths: true,
        mermaid: true,
        history: strings(&DEFAULT_HISTORY),
        at: Pos::new(2, 1),
    };
    // An empty section, written three ways, checks every Markdown file with every check
    // that needs no truth source.
    for text in [
        "store: h.db\ndocs:\n",
        "store: h.db\ndocs: {}\n",
        "store: h.db\ndocs: ~\n",
    ] {
        assert_eq!(docs(text), expected, "{text}");
    }
    // Empty optional parts are their defaults too.
    let d = docs("docs:\n  exclude:\n  require: []\n  links: {}\n  ids: []\n");
    assert_eq!(d.include, ["**/*.md"]);
    assert!(d.exclude.is_empty() && d.require.is_empty() && d.ids.is_empty());
    assert!(!d.external_links);
    // Optional lists inside the parts default to empty.
    let d = docs("docs:\n  commands: { tools: [kubectl], truth: [\"ci/*.yml\"] }\n  env: { truth: [\".env.example\"] }\n  endpoints: { truth: [\"api/*.py\"] }\n");
    assert_eq!(
        d.commands,
        Some(CommandsConfig {
            tools: strings(&["kubectl"]),
            truth: strings(&["ci/*.yml"]),
            allow: Vec::new(),
            grammars: Vec::new(),
            shipped_grammars: None,
        })
    );
    assert_eq!(d.env.map(|e| e.ignore), Some(Vec::new()));
    assert_eq!(
        d.endpoints.map(|e| (e.ignore, e.base_urls)),
        Some((Vec::new(), Vec::new()))
    );
    let d = docs("docs:\n  commands: { tools: [kubectl], truth: [\"ci/*.yml\"], grammars: [tools/deployer.json], shipped_grammars: [kubectl] }\n");
    let commands = d.commands.unwrap_or_else(|| panic!("commands"));
    assert_eq!(commands.grammars, strings(&["tools/deployer.json"]));
    assert_eq!(commands.shipped_grammars, Some(strings(&["kubectl"])));
    // Without `docs:` there is no section.
    assert_eq!(ok("store: h.db\n").docs, None);
}

#[test]
fn every_setting_can_be_written() {
    let d = docs(
        r#"docs:
  include: ["${DOCS_DIR}/**/*.md"]
  exclude: ["${DOCS_DIR}/drafts/**", CHANGELOG.md]
  require:
    - { path: README.md, min_lines: "10" }
    - path: docs/API.md
      links_to: [README.md, docs/RUNBOOK.md]
    - { path: docs/ARCH.md, min_mermaid: 0 }
  links: { external: true }
  commands: { tools: ["${TOOL}", kubectl], truth: [ci.yml], allow: [] }
  endpoints: { truth: ["api/**/*.py"], ignore: ["/internal/*", "/debug/*"], base_urls: [STAGING_URL, "api.example.com"] }
  ids:
    - { pattern: 'TQ-\d+', truth: [a.yml] }
    - pattern: "ADR-[0-9]{4}"
      truth: [docs/adr/*.md, b.yml]
  commits: false
  paths: "false"
  mermaid: false
  history: ["docs/releases/*.md"]
"#,
    );
    assert_eq!(d.include, ["handbook/**/*.md"]);
    assert_eq!(d.history, ["docs/releases/*.md"]);
    assert_eq!(
        d.endpoints.as_ref().map(|e| e.base_urls.clone()),
        Some(strings(&["STAGING_URL", "api.example.com"]))
    );
    assert!(docs("docs:\n  history: []\n").history.is_empty());
    assert_eq!(d.exclude, ["handbook/drafts/**", "CHANGELOG.md"]);
    assert_eq!(
        d.require,
        [
            DocRequirementConfig {
                path: "README.md".to_string(),
                min_lines: Some(10),
                min_code_blocks: None,
                min_mermaid: None,
                links_to: Vec::new(),
                at: Pos::new(5, 7),
            },
            DocRequirementConfig {
                path: "docs/API.md".to_string(),
                min_lines: None,
                min_code_blocks: None,
                min_mermaid: None,
                links_to: strings(&["README.md", "docs/RUNBOOK.md"]),
                at: Pos::new(6, 7),
            },
            DocRequirementConfig {
                path: "docs/ARCH.md".to_string(),
                min_lines: None,
                min_code_blocks: None,
                min_mermaid: Some(0),
                links_to: Vec::new(),
                at: Pos::new(8, 7),
            },
        ]
    );
    assert!(d.external_links);
    assert_eq!(
        d.commands.map(|c| c.tools),
        Some(strings(&["helm", "kubectl"]))
    );
    assert_eq!(
        d.endpoints.map(|e| e.ignore),
        Some(strings(&["/internal/*", "/debug/*"]))
    );
    assert_eq!(
        d.ids,
        [
            IdRuleConfig {
                pattern: r"TQ-\d+".to_string(),
                pattern_at: Pos::new(13, 18),
                truth: strings(&["a.yml"]),
            },
            IdRuleConfig {
                pattern: "ADR-[0-9]{4}".to_string(),
                pattern_at: Pos::new(14, 16),
                truth: strings(&["docs/adr/*.md", "b.yml"]),
            },
        ]
    );
    assert!(!d.commits && !d.paths && !d.mermaid);
}

#[test]
fn a_folder_from_the_environment_is_not_a_secret() {
    let c = ok("docs:\n  include: [\"${DOCS_DIR}/*.md\"]\n");
    assert!(c.secrets.is_empty(), "{:?}", c.secrets);
    assert_eq!(
        msg("docs:\n  include: [\"docs/*.md\", \"${NOPE}/*.md\"]\n"),
        "conf/shipgate.yaml:2:27: environment variable `NOPE` is not set"
    );
    assert_eq!(
        msg("docs:\n  ids:\n    - pattern: \"X-${NOPE}\"\n      truth: [a]\n"),
        "conf/shipgate.yaml:3:19: environment variable `NOPE` is not set"
    );
}

#[test]
fn unknown_keys_name_the_key_and_suggest_one() {
    assert_eq!(
        msg("docs:\n  include: [\"*.md\"]\n  mermiad: true\n"),
        "conf/shipgate.yaml:3:3: unknown key `mermiad` in `docs`; expected one of: include, exclude, require, links, commands, env, endpoints, diagrams, ids, commits, paths, mermaid, history (did you mean `mermaid`?)"
    );
    assert_eq!(
        msg("docs:\n  require:\n    - path: docs/RUNBOOK.md\n      min_line: 800\n"),
        "conf/shipgate.yaml:4:7: unknown key `min_line` in `docs.require[]`; expected one of: path, min_lines, min_code_blocks, min_mermaid, links_to (did you mean `min_lines`?)"
    );
    assert_eq!(
        msg("docs:\n  commands:\n    tools: [kubectl]\n    truht: [ci.yml]\n"),
        "conf/shipgate.yaml:4:5: unknown key `truht` in `docs.commands`; expected one of: tools, truth, allow, grammars, shipped_grammars (did you mean `truth`?)"
    );
    assert_eq!(
        msg("docs:\n  links: { external: true, internal: true }\n"),
        "conf/shipgate.yaml:2:28: unknown key `internal` in `docs.links`; expected one of: external (did you mean `external`?)"
    );
    assert_eq!(
        msg("docs:\n  env: { truth: [a], ignroe: [HOME] }\n"),
        "conf/shipgate.yaml:2:22: unknown key `ignroe` in `docs.env`; expected one of: truth, ignore, namespace (did you mean `ignore`?)"
    );
    assert_eq!(
        msg("docs:\n  endpoints: { truth: [a], allow: [] }\n"),
        "conf/shipgate.yaml:2:28: unknown key `allow` in `docs.endpoints`; expected one of: truth, ignore, base_urls"
    );
    assert_eq!(
        msg("docs:\n  ids:\n    - { patern: x, truth: [a] }\n"),
        "conf/shipgate.yaml:3:9: unknown key `patern` in `docs.ids[]`; expected one of: pattern, truth (did you mean `pattern`?)"
    );
    let e = err("docs:\n  links: { externl: true }\n");
    assert!(
        matches!(
            e,
            ConfigError::UnknownKey {
                line: 2,
                column: 12,
                suggestion: Some("external"),
                ..
            }
        ),
        "{e}"
    );
    // `docs` is a known top-level key now.
    assert!(msg("doc:\n  include: [x]\n").ends_with("(did you mean `docs`?)"));
}

#[test]
fn wrong_types_name_the_value() {
    assert_eq!(
        msg("docs:\n  commits: \"yes\"\n"),
        "conf/shipgate.yaml:2:12: `docs.commits` must be `true` or `false`, found a string"
    );
    assert_eq!(
        msg("docs:\n  mermaid: 1\n"),
        "conf/shipgate.yaml:2:12: `docs.mermaid` must be `true` or `false`, found an integer"
    );
    assert_eq!(
        msg("docs:\n  paths:\n"),
        "conf/shipgate.yaml:2:3: `docs.paths` must be `true` or `false`, found nothing (null)"
    );
    assert_eq!(
        msg("docs:\n  require:\n    - path: docs/RUNBOOK.md\n      min_lines: -1\n"),
        "conf/shipgate.yaml:4:18: `docs.require[0].min_lines`: must be a whole number, 0 or more (such as `5`)"
    );
    assert_eq!(
        msg("docs:\n  require:\n    - { path: a.md, min_code_blocks: 2.5 }\n"),
        "conf/shipgate.yaml:3:38: `docs.require[0].min_code_blocks`: must be a whole number, 0 or more (such as `5`)"
    );
    assert_eq!(
        msg("docs:\n  require:\n    - { path: a.md, min_mermaid: many }\n"),
        "conf/shipgate.yaml:3:34: `docs.require[0].min_mermaid`: `many` is not a number"
    );
    assert_eq!(
        msg("docs:\n  require:\n    - { path: a.md, min_lines: true }\n"),
        "conf/shipgate.yaml:3:32: `docs.require[0].min_lines` must be a number of lines, found a boolean"
    );
    assert_eq!(
        msg("docs:\n  commands:\n    tools: kubectl\n    truth: [ci.yml]\n"),
        "conf/shipgate.yaml:3:12: `docs.commands.tools` must be a list of tool names, such as `[kubectl, gh]`, found a string"
    );
    assert_eq!(
        msg("docs:\n  commands:\n    tools: [[kubectl]]\n    truth: [ci.yml]\n"),
        "conf/shipgate.yaml:3:13: `docs.commands.tools` must be a tool name (a string), found a list"
    );
    assert_eq!(
        msg("docs:\n  include: \"docs/**/*.md\"\n"),
        "conf/shipgate.yaml:2:12: `docs.include` must be a list of globs, such as `[\"docs/**/*.md\"]`, found a string"
    );
    assert_eq!(
        msg("docs:\n  exclude: [drafts, {a: b}]\n"),
        "conf/shipgate.yaml:2:21: `docs.exclude` must be a glob (a string), found a mapping"
    );
    assert_eq!(
        msg("docs:\n  links: true\n"),
        "conf/shipgate.yaml:2:10: `docs.links` must be a mapping (`external: true`), found a boolean"
    );
    assert_eq!(
        msg("docs:\n  links: { external: sometimes }\n"),
        "conf/shipgate.yaml:2:22: `docs.links.external` must be `true` or `false`, found a string"
    );
    assert_eq!(
        msg("docs: [README.md]\n"),
        "conf/shipgate.yaml:1:7: `docs` must be a mapping (`include:`, `require:`, `commands:`, `env:`, ...), found a list"
    );
    assert_eq!(
        msg("docs:\n  require: { path: a.md }\n"),
        "conf/shipgate.yaml:2:12: `docs.require` must be a list of requirements (`- path: docs/RUNBOOK.md`, `min_lines: 800`), found a mapping"
    );
    assert_eq!(
        msg("docs:\n  require: [docs/RUNBOOK.md]\n"),
        "conf/shipgate.yaml:2:13: `docs.require[0]` must be a requirement: a mapping (`path:`, `min_lines:`, `min_code_blocks:`, `min_mermaid:`, `links_to:`), found a string"
    );
    assert_eq!(
        msg("docs:\n  require:\n    - { path: a.md, links_to: README.md }\n"),
        "conf/shipgate.yaml:3:31: `docs.require[0].links_to` must be a list of document paths, such as `[docs/DEPLOYMENT_GUIDE.md]`, found a string"
    );
    assert_eq!(
        msg("docs:\n  require:\n    - { path: [a.md], min_lines: 1 }\n"),
        "conf/shipgate.yaml:3:15: `docs.require[0].path` must be a document path, found a list"
    );
    assert_eq!(
        msg("docs:\n  env: [HOME]\n"),
        "conf/shipgate.yaml:2:8: `docs.env` must be a mapping (`truth:`, `ignore:`, `namespace:`), found a list"
    );
    assert_eq!(
        msg("docs:\n  commands: kubectl\n"),
        "conf/shipgate.yaml:2:13: `docs.commands` must be a mapping (`tools:`, `truth:`, `allow:`, `grammars:`, `shipped_grammars:`), found a string"
    );
    assert_eq!(
        msg("docs:\n  ids: { pattern: x }\n"),
        "conf/shipgate.yaml:2:8: `docs.ids` must be a list of identifier rules (`- pattern: \"TQ-[0-9]{2}\"`, `truth: [...]`), found a mapping"
    );
    assert_eq!(
        msg("docs:\n  ids:\n    - { pattern: [x], truth: [a] }\n"),
        "conf/shipgate.yaml:3:18: `docs.ids[0].pattern` must be a regular expression, found a list"
    );
    let e = err("docs:\n  commits: \"yes\"\n");
    assert!(
        matches!(e, ConfigError::WrongType { line: 2, column: 12, ref key, .. } if key == "docs.commits"),
        "{e}"
    );
}

#[test]
fn empty_and_missing_values() {
    let e = err("docs:\n  include: []\n");
    assert_eq!(
        e.to_string(),
        "conf/shipgate.yaml:2:3: `docs.include`: include matches nothing: give at least one glob, or leave `include:` out for the default `**/*.md`"
    );
    assert!(matches!(
        e,
        ConfigError::Invalid {
            line: 2,
            column: 3,
            ..
        }
    ));
    assert!(msg("docs:\n  include:\n")
        .starts_with("conf/shipgate.yaml:2:3: `docs.include`: include matches nothing"));
    assert_eq!(
        msg("docs:\n  include: [\"\"]\n"),
        "conf/shipgate.yaml:2:13: `docs.include`: a glob is empty"
    );
    // A requirement with only a path requires nothing.
    let e = err("docs:\n  require:\n    - path: docs/RUNBOOK.md\n");
    assert_eq!(
        e.to_string(),
        "conf/shipgate.yaml:3:7: `docs.require[0]`: requires nothing: give at least one of `min_lines`, `min_code_blocks`, `min_mermaid` or `links_to`"
    );
    assert!(matches!(
        e,
        ConfigError::Invalid {
            line: 3,
            column: 7,
            ..
        }
    ));
    assert_eq!(
        msg("docs:\n  require:\n    - { path: a.md, min_lines: 1 }\n    - min_lines: 10\n"),
        "conf/shipgate.yaml:4:7: `docs.require[1]`: missing `path:` (the document, such as `docs/RUNBOOK.md`)"
    );
    assert_eq!(
        msg("docs:\n  require:\n    - { path: \"\", min_lines: 1 }\n"),
        "conf/shipgate.yaml:3:15: `docs.require[0].path`: the value is empty"
    );
    assert_eq!(
        msg("docs:\n  require:\n    - path: a.md\n      links_to: []\n"),
        "conf/shipgate.yaml:4:7: `docs.require[0].links_to`: give at least one document path"
    );
    assert_eq!(
        msg("docs:\n  require:\n    - { path: a.md, min_lines: }\n"),
        "conf/shipgate.yaml:3:21: `docs.require[0].min_lines` must be a number of lines, found nothing (null)"
    );
    // Each document is required once.
    assert_eq!(
        msg("docs:\n  require:\n    - { path: a.md, min_lines: 1 }\n    - { path: b.md, min_lines: 1 }\n    - { path: a.md, min_mermaid: 1 }\n"),
        "conf/shipgate.yaml:5:15: `docs.require[2].path`: this document already has a requirement at line 3; put its minimums in one entry"
    );
    // The truth sources are required and never empty.
    assert_eq!(
        msg("docs:\n  commands:\n    truth: [ci.yml]\n"),
        "conf/shipgate.yaml:2:3: `docs.commands`: missing `tools:` (the programs whose commands are checked, such as `[kubectl, gh]`)"
    );
    assert_eq!(
        msg("docs:\n  commands: { tools: [kubectl] }\n"),
        "conf/shipgate.yaml:2:3: `docs.commands`: missing `truth:` (globs of the commands really run, such as `[\".github/workflows/*.yml\"]`)"
    );
    assert!(msg("docs:\n  commands:\n")
        .starts_with("conf/shipgate.yaml:2:3: `docs.commands`: missing `tools:`"));
    assert_eq!(
        msg("docs:\n  commands:\n    tools: []\n    truth: [ci.yml]\n"),
        "conf/shipgate.yaml:3:5: `docs.commands.tools`: give at least one tool name"
    );
    assert_eq!(
        msg("docs:\n  commands:\n    tools: [kubectl]\n    truth:\n"),
        "conf/shipgate.yaml:4:5: `docs.commands.truth`: give at least one glob"
    );
    assert_eq!(
        msg("docs:\n  commands: { tools: [kubectl], truth: [ci.yml], allow: [\" \"] }\n"),
        "conf/shipgate.yaml:2:58: `docs.commands.allow`: a command pattern is empty"
    );
    assert!(msg("docs:\n  env: { ignore: [HOME] }\n")
        .starts_with("conf/shipgate.yaml:2:3: `docs.env`: missing `truth:`"));
    assert_eq!(
        msg("docs:\n  env: { truth: [] }\n"),
        "conf/shipgate.yaml:2:10: `docs.env.truth`: give at least one glob"
    );
    assert!(msg("docs:\n  endpoints: {}\n")
        .starts_with("conf/shipgate.yaml:2:3: `docs.endpoints`: missing `truth:`"));
    assert_eq!(
        msg("docs:\n  ids:\n    - truth: [a]\n"),
        "conf/shipgate.yaml:3:7: `docs.ids[0]`: missing `pattern:` (a regular expression for the identifiers, such as `\"TQ-[0-9]{2}\"`)"
    );
    assert_eq!(
        msg("docs:\n  ids:\n    - pattern: \"\"\n      truth: [a]\n"),
        "conf/shipgate.yaml:3:16: `docs.ids[0].pattern`: the value is empty"
    );
    assert_eq!(
        msg("docs:\n  ids:\n    - pattern: X-1\n"),
        "conf/shipgate.yaml:3:7: `docs.ids[0]`: missing `truth:` (globs of the files where the identifiers must appear)"
    );
    assert_eq!(
        msg("docs:\n  ids:\n    - { pattern: X-1, truth: [] }\n"),
        "conf/shipgate.yaml:3:23: `docs.ids[0].truth`: give at least one glob"
    );
}

#[test]
fn rollout_is_read_beside_docs() {
    let e = err("docs: {}\nrollout:\n  steps: []\n");
    assert_eq!(
        e.to_string(),
        "conf/shipgate.yaml:3:3: `rollout.steps`: give at least one step, among them a `weight` step"
    );
}

#[test]
fn diagrams_truth_globs() {
    let c = docs("docs:\n  diagrams:\n    truth: [\".github/workflows/*.yml\"]\n");
    assert_eq!(
        c.diagrams,
        Some(shipgate_config::DiagramsConfig {
            truth: strings(&[".github/workflows/*.yml"]),
        })
    );
    assert_eq!(docs("docs:\n  mermaid: true\n").diagrams, None);
}

#[test]
fn diagrams_errors_name_the_line() {
    assert_eq!(
        msg("docs:\n  diagrams:\n    truht: [a.yml]\n"),
        "conf/shipgate.yaml:3:5: unknown key `truht` in `docs.diagrams`; expected one of: truth (did you mean `truth`?)"
    );
    assert!(msg("docs:\n  diagrams: {}\n")
        .starts_with("conf/shipgate.yaml:2:3: `docs.diagrams`: missing `truth:`"));
    assert_eq!(
        msg("docs:\n  diagrams:\n    truth: []\n"),
        "conf/shipgate.yaml:3:5: `docs.diagrams.truth`: give at least one glob"
    );
    assert_eq!(
        msg("docs:\n  diagrams: [a.yml]\n"),
        "conf/shipgate.yaml:2:13: `docs.diagrams` must be a mapping (`truth:`), found a list"
    );
    assert!(msg("docs:\n  diagram:\n    truth: [a.yml]\n").contains("did you mean `diagrams`?"));
}
