//! GitHub Actions workflows and composite actions as truth: the commands their `run:`
//! steps execute and the environment variable names they set or read.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde_saphyr::Spanned;

use crate::error::WorkflowError;
use crate::jobs::{jobs_of, triggers_of, Job, Triggers};
use crate::node::Node;
use crate::shell::{script_lines, segments};

/// One command line of a `run:` script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunLine {
    /// The command, `\` continuations joined with one space.
    pub text: String,
    /// 1-based line in the workflow file where the command starts.
    pub line: u32,
}

/// What a workflow file runs and which environment variables it knows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Workflow {
    /// Every command line of every `run:` step, in file order.
    pub runs: Vec<RunLine>,
    /// Names from `env:` maps (any level), `secrets.X` / `vars.X` / `env.X` inside
    /// `${{ }}` expressions, `NAME=value` and `export NAME` in run scripts, and
    /// `echo "NAME=..." >> $GITHUB_ENV`.
    pub env_names: BTreeSet<String>,
    /// The workflow's `name:`, when it has one.
    pub name: Option<String>,
    /// The jobs of `jobs:`, in file order, with what each `needs:`.
    pub jobs: Vec<Job>,
    /// What starts the workflow (`on:`).
    pub triggers: Triggers,
}

/// Parses a workflow (`jobs.*.steps[*].run`) or composite action (`runs.steps[*].run`).
///
/// # Errors
/// [`WorkflowError::Yaml`] when the text is not YAML, naming `path` and the line when known.
pub fn parse_workflow(path: &str, text: &str) -> Result<Workflow, WorkflowError> {
    let root: Spanned<Node> = serde_saphyr::from_str(text).map_err(|e| WorkflowError::Yaml {
        path: path.to_string(),
        line: e
            .location()
            .and_then(|l| u32::try_from(l.line()).ok())
            .filter(|&l| l > 0),
        message: parser_message(&e.to_string()),
    })?;
    let source: Vec<&str> = text.split('\n').collect();
    let mut workflow = Workflow::default();
    let mut scripts = Vec::new();
    if let Some(jobs) = root.value.get("jobs") {
        for (_, job) in jobs.value.entries() {
            collect_steps(job.value.get("steps"), &mut scripts);
        }
    }
    if let Some(runs) = root.value.get("runs") {
        collect_steps(runs.value.get("steps"), &mut scripts);
    }
    for script in scripts {
        add_script(&source, script, &mut workflow);
    }
    collect_env_maps(&root.value, &mut workflow.env_names);
    workflow.name = match root.value.get("name").map(|n| &n.value) {
        Some(Node::Scalar(name)) => Some(name.clone()),
        _ => None,
    };
    workflow.jobs = jobs_of(&root.value, &source);
    workflow.triggers = triggers_of(&root.value);
    collect_expression_names(text, &mut workflow.env_names);
    Ok(workflow)
}

/// The parser's message without its snippet and its own `error: line N column M:` prefix
/// (the error carries the line).
fn parser_message(message: &str) -> String {
    static PREFIX: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^(?:error:\s*)?(?:line \d+,? column \d+:?\s*)?").ok());
    let first = message.lines().next().unwrap_or_default().trim();
    match PREFIX.as_ref() {
        Some(re) => re.replace(first, "").into_owned(),
        None => first.to_string(),
    }
}

/// The `run:` values of a `steps:` sequence.
fn collect_steps<'a>(steps: Option<&'a Spanned<Node>>, out: &mut Vec<&'a Spanned<Node>>) {
    let Some(Node::Seq(steps)) = steps.map(|s| &s.value) else {
        return;
    };
    for step in steps {
        if let Some(run) = step.value.get("run") {
            if matches!(run.value, Node::Scalar(_)) {
                out.push(run);
            }
        }
    }
}

/// Splits one `run:` script into command lines with their file lines, and collects the
/// names it assigns.
fn add_script(source: &[&str], run: &Spanned<Node>, workflow: &mut Workflow) {
    let Node::Scalar(script) = &run.value else {
        return;
    };
    let at = usize::try_from(run.referenced.line()).unwrap_or(0).max(1);
    // Block scalars (`|`, `>`) start on the line after their indicator.
    let indicator = source
        .get(at - 1)
        .map(|l| {
            let column = usize::try_from(run.referenced.column()).unwrap_or(1).max(1);
            l.chars().skip(column - 1).collect::<String>()
        })
        .is_some_and(|rest| rest.starts_with('|') || rest.starts_with('>'));
    let first = if indicator { at + 1 } else { at };
    let mut cursor = first;
    for line in script_lines(script) {
        let first_physical = script
            .split('\n')
            .nth(line.index)
            .unwrap_or_default()
            .trim();
        let expected = first + line.index;
        let found = if source_has(source, expected, first_physical) {
            Some(expected)
        } else {
            (cursor..=source.len()).find(|&n| source_has(source, n, first_physical))
        };
        let number = found.unwrap_or(expected);
        cursor = number.max(cursor);
        for segment in segments(&line.text) {
            workflow.env_names.extend(segment.assignments);
        }
        collect_github_env(&line.text, &mut workflow.env_names);
        workflow.runs.push(RunLine {
            text: line.text,
            line: u32::try_from(number).unwrap_or(u32::MAX),
        });
    }
}

/// Whether 1-based source line `n` contains `piece`.
fn source_has(source: &[&str], n: usize, piece: &str) -> bool {
    n.checked_sub(1)
        .and_then(|i| source.get(i))
        .is_some_and(|l| l.contains(piece))
}

/// `echo "NAME=value" >> $GITHUB_ENV` (also `NAME<<EOF`, `printf`, `"$GITHUB_ENV"`).
fn collect_github_env(line: &str, names: &mut BTreeSet<String>) {
    static GITHUB_ENV: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(
            r#"(?:echo|printf)\s+(?:-[a-zA-Z]+\s+)*["']?([A-Za-z_][A-Za-z0-9_]*)(?:=|<<).*>>\s*["']?\$\{?GITHUB_ENV\b"#,
        )
        .ok()
    });
    if let Some(re) = GITHUB_ENV.as_ref() {
        for caps in re.captures_iter(line) {
            if let Some(m) = caps.get(1) {
                names.insert(m.as_str().to_string());
            }
        }
    }
}

/// Keys of every `env:` mapping at any depth.
fn collect_env_maps(node: &Node, names: &mut BTreeSet<String>) {
    match node {
        Node::Map(entries) => {
            for (key, value) in entries {
                if key == "env" {
                    for (name, _) in value.value.entries() {
                        names.insert(name.clone());
                    }
                }
                collect_env_maps(&value.value, names);
            }
        }
        Node::Seq(items) => {
            for item in items {
                collect_env_maps(&item.value, names);
            }
        }
        Node::Scalar(_) | Node::Null => {}
    }
}

/// `secrets.NAME`, `vars.NAME`, `env.NAME` (and `secrets['NAME']`) inside `${{ }}`.
fn collect_expression_names(text: &str, names: &mut BTreeSet<String>) {
    static EXPRESSION: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"(?s)\$\{\{(.*?)\}\}").ok());
    static CONTEXT: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(
            r#"\b(?:secrets|vars|env)(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_-]*)['"]\s*\])"#,
        )
        .ok()
    });
    let (Some(expression), Some(context)) = (EXPRESSION.as_ref(), CONTEXT.as_ref()) else {
        return;
    };
    for caps in expression.captures_iter(text) {
        let Some(inner) = caps.get(1) else { continue };
        for name in context.captures_iter(inner.as_str()) {
            if let Some(m) = name.get(1).or_else(|| name.get(2)) {
                names.insert(m.as_str().to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DEPLOY: &str = r#"name: deploy
on:
  push:
    branches: [main]
env:
  REGISTRY: ghcr.io
  APP: web
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      NAMESPACE: prod
    steps:
      - uses: actions/checkout@v4
      - name: Log in
        run: echo "${{ secrets.REGISTRY_TOKEN }}" | docker login ${{ env.REGISTRY }} -u ${{ github.actor }} --password-stdin
      - name: Roll out
        env:
          KUBECONFIG: /tmp/kubeconfig
        run: |
          # apply manifests
          export IMAGE_TAG=${GITHUB_SHA::7}
          kubectl apply \
            -f k8s/ \
            --namespace "$NAMESPACE"

          kubectl rollout status deployment/${{ env.APP }} --timeout=10m
          echo "DEPLOYED_AT=$(date -u +%s)" >> "$GITHUB_ENV"
      - run: 'make smoke URL=${{ vars.STAGING_URL }}'
      - run: >
          curl -fsS https://example.com/health
"#;

    #[test]
    fn run_lines_with_source_lines() {
        let wf = parse_workflow(".github/workflows/deploy.yml", DEPLOY).unwrap();
        let runs: Vec<(&str, u32)> = wf.runs.iter().map(|r| (r.text.as_str(), r.line)).collect();
        assert_eq!(
            runs,
            vec![
                (
                    "echo \"${{ secrets.REGISTRY_TOKEN }}\" | docker login ${{ env.REGISTRY }} -u ${{ github.actor }} --password-stdin",
                    16
                ),
                ("export IMAGE_TAG=${GITHUB_SHA::7}", 22),
                ("kubectl apply -f k8s/ --namespace \"$NAMESPACE\"", 23),
                (
                    "kubectl rollout status deployment/${{ env.APP }} --timeout=10m",
                    27
                ),
                ("echo \"DEPLOYED_AT=$(date -u +%s)\" >> \"$GITHUB_ENV\"", 28),
                ("make smoke URL=${{ vars.STAGING_URL }}", 29),
                ("curl -fsS https://example.com/health", 31),
            ]
        );
    }

    #[test]
    fn env_names_from_every_source() {
        let wf = parse_workflow("deploy.yml", DEPLOY).unwrap();
        let names: Vec<&str> = wf.env_names.iter().map(String::as_str).collect();
        assert_eq!(
            names,
            vec![
                "APP",
                "DEPLOYED_AT",
                "IMAGE_TAG",
                "KUBECONFIG",
                "NAMESPACE",
                "REGISTRY",
                "REGISTRY_TOKEN",
                "STAGING_URL",
            ]
        );
        // `github.actor` is not an environment variable; `URL=` is a make argument.
        assert!(!wf.env_names.contains("actor"));
        assert!(!wf.env_names.contains("URL"));
    }

    #[test]
    fn composite_action_steps() {
        let action = "name: setup\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: |\n        npm ci\n        npm run build -- --prod\n";
        let wf = parse_workflow("action.yml", action).unwrap();
        let runs: Vec<(&str, u32)> = wf.runs.iter().map(|r| (r.text.as_str(), r.line)).collect();
        assert_eq!(runs, vec![("npm ci", 7), ("npm run build -- --prod", 8)]);
    }

    #[test]
    fn run_outside_steps_is_not_a_command() {
        let wf = parse_workflow(
            "x.yml",
            "defaults:\n  run:\n    shell: bash\njobs:\n  a:\n    uses: ./.github/workflows/b.yml\n",
        )
        .unwrap();
        assert!(wf.runs.is_empty());
    }

    #[test]
    fn malformed_yaml_names_file_and_line() {
        let err = parse_workflow(
            ".github/workflows/bad.yml",
            "jobs:\n  a:\n    steps:\n      - run: make\n        name: [a, b\n      - run: x\n",
        )
        .unwrap_err();
        match &err {
            WorkflowError::Yaml { path, line, .. } => {
                assert_eq!(path, ".github/workflows/bad.yml");
                assert!(line.is_some_and(|l| l >= 4), "{err}");
            }
        }
        assert!(err.to_string().starts_with(".github/workflows/bad.yml:"));
        assert!(!err.to_string().contains("error: line"), "{err}");
    }

    #[test]
    fn block_scalar_content_starts_after_its_indicator() {
        // The indicator line mentions the command too: it must not be taken for it.
        let text = "jobs:\n  a:\n    steps:\n      - run: |- # make\n          make\n          make lint\n      - run: >\n          make\n          docs\n";
        let wf = parse_workflow("x.yml", text).unwrap();
        let runs: Vec<(&str, u32)> = wf.runs.iter().map(|r| (r.text.as_str(), r.line)).collect();
        assert_eq!(runs, vec![("make", 5), ("make lint", 6), ("make docs", 8)]);
    }

    #[test]
    fn identical_lines_in_two_steps_get_their_own_lines() {
        let text = "jobs:\n  a:\n    steps:\n      - run: make test\n      - run: |\n          make test\n";
        let wf = parse_workflow("x.yml", text).unwrap();
        let lines: Vec<u32> = wf.runs.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![4, 6]);
    }

    /// A workflow's run lines lie inside the file, the same text parses the same way, and an
    /// error names the file and a line of it.
    fn workflow_properties(text: &str) -> Result<(), TestCaseError> {
        let lines = text.split('\n').count() as u32;
        match parse_workflow("x.yml", text) {
            Ok(w) => {
                prop_assert_eq!(&w, &parse_workflow("x.yml", text).unwrap());
                for run in &w.runs {
                    prop_assert!(
                        run.line >= 1 && run.line <= lines,
                        "line {} of {}",
                        run.line,
                        lines
                    );
                }
                for name in &w.env_names {
                    prop_assert!(text.contains(name.as_str()), "{} not in the text", name);
                }
            }
            Err(WorkflowError::Yaml { path, line, .. }) => {
                prop_assert_eq!(path, "x.yml");
                prop_assert!(
                    line.is_none_or(|l| l >= 1 && l <= lines + 1),
                    "{:?} of {}",
                    line,
                    lines
                );
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,300}") {
            workflow_properties(&s)?;
        }

        #[test]
        fn never_panics_on_workflow_shapes(
            body in "[a-z ${}|>:#\\\\\"'\n-]{0,120}",
        ) {
            let text = format!("jobs:\n  a:\n    steps:\n      - run: {body}\n");
            workflow_properties(&text)?;
        }
    }
}
