//! Commands the truth files run: workflow `run:` lines, script and Makefile lines.

use super::error::TruthError;
use shipgate_workflow::shell::script_lines;
use shipgate_workflow::workflow::parse_workflow;

/// One command line of a truth file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthCommand {
    /// The command, `\` continuations joined with one space.
    pub text: String,
    /// The truth file, as given.
    pub file: String,
    /// 1-based line where the command starts.
    pub line: u32,
}

/// The command lines of one truth file: the `run:` lines of a workflow or composite
/// action (`.yml`, `.yaml`), else the file's lines with continuations joined and comments
/// dropped (shell scripts; Makefile recipes lose their `@`/`-`/`+` prefixes and `$$`
/// becomes `$`; Dockerfile `RUN` lines lose `RUN`).
///
/// # Errors
/// [`TruthError::Yaml`] for a workflow that is not valid YAML.
pub fn commands_from_file(path: &str, text: &str) -> Result<Vec<TruthCommand>, TruthError> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".yml") || lower.ends_with(".yaml") {
        let workflow = parse_workflow(path, text)?;
        return Ok(workflow
            .runs
            .into_iter()
            .map(|r| TruthCommand {
                text: r.text,
                file: path.to_string(),
                line: r.line,
            })
            .collect());
    }
    let name = lower.rsplit('/').next().unwrap_or_default();
    let makefile = matches!(name, "makefile" | "gnumakefile") || name.ends_with(".mk");
    let dockerfile = name.starts_with("dockerfile") || name.ends_with(".dockerfile");
    Ok(script_lines(text)
        .into_iter()
        .map(|l| {
            let mut command = l.text;
            if makefile {
                command = command
                    .trim_start_matches(['@', '-', '+'])
                    .trim_start()
                    .replace("$$", "$");
            }
            if dockerfile {
                if let Some(rest) = command.strip_prefix("RUN ") {
                    command = rest.trim_start().to_string();
                }
            }
            TruthCommand {
                text: command,
                file: path.to_string(),
                line: u32::try_from(l.index + 1).unwrap_or(u32::MAX),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn workflow_runs_become_commands_with_lines() {
        let wf = "jobs:\n  a:\n    steps:\n      - run: |\n          make test \\\n            ARGS=-v\n";
        let cmds = commands_from_file(".github/workflows/ci.YML", wf).unwrap();
        assert_eq!(
            cmds,
            vec![TruthCommand {
                text: "make test ARGS=-v".into(),
                file: ".github/workflows/ci.YML".into(),
                line: 5,
            }]
        );
    }

    #[test]
    fn malformed_workflow_is_an_error() {
        assert!(commands_from_file("ci.yml", "jobs: [a\n").is_err());
    }

    #[test]
    fn script_lines_are_commands() {
        let script =
            "#!/usr/bin/env bash\nset -euo pipefail\n\n# roll out\nkubectl apply \\\n  -f k8s/\n";
        let cmds = commands_from_file("scripts/deploy.sh", script).unwrap();
        let got: Vec<(&str, u32)> = cmds.iter().map(|c| (c.text.as_str(), c.line)).collect();
        assert_eq!(
            got,
            vec![("set -euo pipefail", 2), ("kubectl apply -f k8s/", 5)]
        );
    }

    #[test]
    fn makefile_recipes_lose_prefixes() {
        let make =
            "deploy:\n\t@kubectl apply -f k8s/ -n $$NAMESPACE\n\t-helm upgrade web ./chart\n";
        let cmds = commands_from_file("Makefile", make).unwrap();
        let got: Vec<&str> = cmds.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            got,
            vec![
                "deploy:",
                "kubectl apply -f k8s/ -n $NAMESPACE",
                "helm upgrade web ./chart"
            ]
        );
        // A shell script keeps its `$$` (the shell's PID) and leading characters.
        let cmds = commands_from_file("run.sh", "echo $$\n").unwrap();
        assert_eq!(cmds[0].text, "echo $$");
    }

    #[test]
    fn dockerfile_run_lines() {
        let cmds =
            commands_from_file("Dockerfile", "FROM rust\nRUN cargo build --release\n").unwrap();
        assert_eq!(cmds[1].text, "cargo build --release");
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}", yaml in proptest::bool::ANY) {
            let path = if yaml { "a.yml" } else { "Makefile" };
            let lines = s.split('\n').count() as u32;
            match commands_from_file(path, &s) {
                Ok(commands) => {
                    prop_assert_eq!(&commands, &commands_from_file(path, &s).unwrap());
                    for c in &commands {
                        prop_assert_eq!(c.file.as_str(), path);
                        prop_assert!(c.line >= 1 && c.line <= lines, "line {} of {}", c.line, lines);
                        prop_assert!(!c.text.trim().is_empty());
                    }
                }
                Err(e) => {
                    // only YAML can be malformed, and the error names the file
                    prop_assert!(yaml, "{}", e);
                    prop_assert!(e.to_string().starts_with(path), "{}", e);
                }
            }
        }
    }
}
