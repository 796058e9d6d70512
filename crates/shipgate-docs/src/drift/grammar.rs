//! Command grammars as data files: the shipped ones (kubectl, gh, helm, docker, git,
//! generated from a versioned machine-readable CLI spec by `scripts/grammars/generate.mjs`)
//! and a user's own, read into a [`CliSpec`].
//!
//! A grammar file is one JSON object per tool: `name`, and per node `options` (flags valid
//! at the node), `global` (flags valid at the node and below), `args` (takes positional
//! arguments) and `subcommands`. A node's name is its spellings joined by `|` (`remove|rm`);
//! an option is its spellings joined by `|` (`-n|--namespace`), ending in `=` when it
//! takes a value and `=?` when the value is optional; the option `*` accepts any flag.

use serde::Deserialize;

use crate::drift::cli_spec::{CliSpec, FlagSpec};

/// The grammars shipped with shipgate: (tool, JSON text).
pub const SHIPPED: [(&str, &str); 5] = [
    ("kubectl", include_str!("../../grammars/kubectl.json")),
    ("gh", include_str!("../../grammars/gh.json")),
    ("helm", include_str!("../../grammars/helm.json")),
    ("docker", include_str!("../../grammars/docker.json")),
    ("git", include_str!("../../grammars/git.json")),
];

/// Why a grammar file cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct GrammarError(String);

#[derive(Debug, Deserialize)]
struct Node {
    name: String,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    global: Vec<String>,
    #[serde(default)]
    args: bool,
    #[serde(default)]
    subcommands: Vec<Node>,
}

/// Reads one grammar file into a [`CliSpec`]: global flags are repeated in every node
/// below the one that declares them; a command without subcommands takes positional
/// arguments (a grammar checks subcommands and flags, not arguments).
///
/// # Errors
/// The JSON is not a grammar: the parser's message, with its line and column.
pub fn parse(text: &str) -> Result<CliSpec, GrammarError> {
    let root: Node = serde_json::from_str(text).map_err(|e| GrammarError(e.to_string()))?;
    if root.name.trim().is_empty() {
        return Err(GrammarError("the grammar has no `name`".to_string()));
    }
    Ok(spec(&root, &[]))
}

/// The shipped grammars, parsed (one that does not parse is left out; the tests check
/// that every one parses).
pub fn shipped() -> Vec<CliSpec> {
    SHIPPED
        .iter()
        .filter_map(|(_, text)| parse(text).ok())
        .collect()
}

fn spec(node: &Node, inherited: &[FlagSpec]) -> CliSpec {
    let mut globals = inherited.to_vec();
    let mut any_flag = false;
    for option in &node.global {
        any_flag |= option == "*";
        globals.extend(flags(option));
    }
    let mut own = globals.clone();
    for option in &node.options {
        any_flag |= option == "*";
        own.extend(flags(option));
    }
    let mut names = node
        .name
        .split('|')
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let name = names.next().unwrap_or_default().to_string();
    CliSpec {
        name,
        aliases: names.map(str::to_owned).collect(),
        flags: own,
        positionals: node.args || node.subcommands.is_empty(),
        any_flag,
        subcommands: node.subcommands.iter().map(|s| spec(s, &globals)).collect(),
    }
}

/// One option's spellings as flags: the first long and first short spelling share a flag,
/// further long spellings get one each. Spellings that are neither (`-it`) are left out.
fn flags(option: &str) -> Vec<FlagSpec> {
    let (spellings, takes_value, optional_value) = if let Some(s) = option.strip_suffix("=?") {
        (s, false, true)
    } else if let Some(s) = option.strip_suffix('=') {
        (s, true, false)
    } else {
        (option, false, false)
    };
    let mut longs = Vec::new();
    let mut shorts = Vec::new();
    for spelling in spellings.split('|').map(str::trim) {
        if let Some(long) = spelling.strip_prefix("--").filter(|l| !l.is_empty()) {
            longs.push(long.to_string());
        } else if let Some(short) = spelling.strip_prefix('-') {
            let mut chars = short.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                shorts.push(c);
            }
        }
    }
    let count = longs.len().max(shorts.len());
    (0..count)
        .map(|i| FlagSpec {
            long: longs.get(i).cloned(),
            short: shorts.get(i).copied(),
            takes_value,
            optional_value,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drift::cli_spec::{check_args, Arg};

    fn check(spec: &CliSpec, line: &str) -> Result<(), String> {
        let words: Vec<&str> = line.split_whitespace().collect();
        let args: Vec<Arg<'_>> = words
            .iter()
            .map(|w| Arg {
                text: w,
                placeholder: w.starts_with('<') || w.starts_with('$'),
            })
            .collect();
        check_args(spec, &args).map_err(|p| p.message)
    }

    fn tool(name: &str) -> CliSpec {
        let text = SHIPPED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .unwrap_or_default();
        match parse(text) {
            Ok(spec) => spec,
            Err(e) => panic!("{name}: {e}"),
        }
    }

    #[test]
    fn every_shipped_grammar_parses_and_records_its_source() {
        for (name, text) in SHIPPED {
            let spec = tool(name);
            assert_eq!(spec.name, name);
            assert!(spec.subcommands.len() > 10, "{name}");
            let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            assert_eq!(
                value["source"]["package"], "@withfig/autocomplete",
                "{name}"
            );
            assert!(value["source"]["version"].is_string(), "{name}");
        }
        assert_eq!(shipped().len(), SHIPPED.len());
    }

    #[test]
    fn real_commands_pass() {
        for (name, line) in [
            (
                "kubectl",
                "rollout undo deployment/web --to-revision=3 -n prod",
            ),
            (
                "kubectl",
                "-n prod rollout status deployment/$APP --timeout=10m",
            ),
            ("kubectl", "get pods -l app=web -o wide --context staging"),
            ("kubectl", "exec -it web-1 -- sh -c ls"),
            ("kubectl", "logs -f deploy/web --since=1h"),
            ("gh", "run view <run-id> --log-failed"),
            ("gh", "run watch <run-id> --exit-status"),
            ("gh", "workflow run deploy.yml -f env=prod --ref main"),
            ("gh", "cs list"),
            (
                "helm",
                "upgrade --install web ./chart -n prod --wait --timeout 5m --set image.tag=$TAG",
            ),
            ("helm", "rollback web 3 --namespace prod"),
            (
                "docker",
                "run --rm -it -p 8080:80 -e KEY=v ghcr.io/acme/web:1",
            ),
            ("docker", "compose up -d --build"),
            ("docker", "build -t web:dev -f Dockerfile ."),
            ("git", "log --oneline -5 main"),
            ("git", "push --force-with-lease origin main"),
            ("git", "-C repo status --short"),
            ("git", "diff --stat HEAD~1"),
        ] {
            assert_eq!(check(&tool(name), line), Ok(()), "{name} {line}");
        }
    }

    #[test]
    fn wrong_flags_and_subcommands_fail() {
        assert_eq!(
            check(&tool("kubectl"), "rollout undo deployment/web --timeout=1m"),
            Err("unknown flag `--timeout` for `kubectl rollout undo`".to_string())
        );
        assert_eq!(
            check(&tool("kubectl"), "rollout undoo deployment/web"),
            Err("unknown subcommand `undoo` for `kubectl rollout`".to_string())
        );
        assert_eq!(
            check(&tool("helm"), "upgrade web ./chart --atomc"),
            Err("unknown flag `--atomc` for `helm upgrade`".to_string())
        );
        assert!(check(&tool("gh"), "run view 1 --logs").is_err());
    }

    #[test]
    fn user_grammar_format() {
        let text = r#"{"name": "deployer", "global": ["-v|--verbose"],
            "subcommands": [
              {"name": "ship|s", "options": ["--env=", "--color=?"], "args": true},
              {"name": "undo", "options": ["*"]}]}"#;
        let spec = match parse(text) {
            Ok(spec) => spec,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(check(&spec, "ship web --env prod -v"), Ok(()));
        assert_eq!(
            check(&spec, "s web --env=prod --color=never --color"),
            Ok(())
        );
        assert_eq!(check(&spec, "undo --anything 3 -xyz"), Ok(()));
        assert_eq!(
            check(&spec, "ship --envv prod"),
            Err("unknown flag `--envv` for `deployer ship`".to_string())
        );
        assert_eq!(
            check(&spec, "rollback"),
            Err("unknown subcommand `rollback` for `deployer`".to_string())
        );
        assert!(parse("{}").is_err());
        assert!(parse(r#"{"name": ""}"#).is_err());
        assert!(parse("[").is_err());
    }
}
