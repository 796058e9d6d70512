//! The jobs of a workflow and what starts it: each job's id, `name:` and `needs:`, and the
//! workflow's `on:` events, `workflow_run` sources included.

use serde_saphyr::Spanned;

use crate::node::Node;

/// One job of `jobs:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The job's key under `jobs:`.
    pub id: String,
    /// Its `name:`, when it is a plain string.
    pub name: Option<String>,
    /// The job ids of its `needs:` (a string or a list), in the order written.
    pub needs: Vec<String>,
    /// 1-based line of the job's key.
    pub line: u32,
    /// 1-based line of its `needs:` value, when it has one.
    pub needs_line: Option<u32>,
}

/// What starts a workflow.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Triggers {
    /// The events of `on:` (a string, a list or the keys of a mapping), as written.
    pub events: Vec<String>,
    /// The workflows named in `on: workflow_run: workflows: [...]`.
    pub workflow_run: Vec<String>,
    /// 1-based line of the `on:` value; `None` without `on:`.
    pub line: Option<u32>,
}

/// The jobs of a parsed workflow; `source` is its text split into lines.
pub(crate) fn jobs_of(root: &Node, source: &[&str]) -> Vec<Job> {
    let Some(jobs) = root.get("jobs") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut floor = line_of(jobs);
    for (id, job) in jobs.value.entries() {
        let value_line = line_of(job);
        let line = key_line(source, id, floor, value_line);
        floor = value_line.max(line);
        let name = match job.value.get("name").map(|n| &n.value) {
            Some(Node::Scalar(name)) => Some(name.clone()),
            _ => None,
        };
        let needs_node = job.value.get("needs");
        out.push(Job {
            id: id.clone(),
            name,
            needs: needs_node.map(|n| scalars(&n.value)).unwrap_or_default(),
            line,
            needs_line: needs_node.map(line_of),
        });
    }
    out
}

/// The triggers of a parsed workflow. YAML 1.1 readers take an unquoted `on` key for the
/// boolean `true`; both spellings are looked up.
pub(crate) fn triggers_of(root: &Node) -> Triggers {
    let Some(on) = root.get("on").or_else(|| root.get("true")) else {
        return Triggers::default();
    };
    let events = match &on.value {
        Node::Map(entries) => entries.iter().map(|(k, _)| k.clone()).collect(),
        other => scalars(other),
    };
    let workflow_run = on
        .value
        .get("workflow_run")
        .and_then(|w| w.value.get("workflows"))
        .map(|w| scalars(&w.value))
        .unwrap_or_default();
    Triggers {
        events,
        workflow_run,
        line: Some(line_of(on)),
    }
}

/// A scalar, or the scalars of a sequence.
fn scalars(node: &Node) -> Vec<String> {
    match node {
        Node::Scalar(s) => vec![s.clone()],
        Node::Seq(items) => items
            .iter()
            .filter_map(|i| match &i.value {
                Node::Scalar(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        Node::Map(_) | Node::Null => Vec::new(),
    }
}

/// The 1-based line where a value starts (at least 1).
fn line_of(node: &Spanned<Node>) -> u32 {
    u32::try_from(node.referenced.line())
        .unwrap_or(u32::MAX)
        .max(1)
}

/// The line of the key `id:` at or before `value_line` and after `floor` (a job's value
/// starts below its key); `value_line` when no such line is found.
fn key_line(source: &[&str], id: &str, floor: u32, value_line: u32) -> u32 {
    let is_key = |line: &str| {
        let t = line.trim_start();
        [id.to_string(), format!("\"{id}\""), format!("'{id}'")]
            .iter()
            .any(|k| {
                t.strip_prefix(k.as_str())
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
    };
    (floor.max(1)..=value_line)
        .rev()
        .find(|&n| {
            usize::try_from(n)
                .ok()
                .and_then(|n| source.get(n.wrapping_sub(1)))
                .is_some_and(|l| is_key(l))
        })
        .unwrap_or(value_line)
}

#[cfg(test)]
mod tests {
    use crate::workflow::parse_workflow;

    const CI: &str = "name: CI\non:\n  push:\n  pull_request:\njobs:\n  test:\n    name: Unit tests\n    runs-on: x\n  build:\n    runs-on: x\n    needs: test\n  deploy:\n    needs: [build, test]\n    runs-on: x\n";

    /// A job as (id, name, needs, line, needs line).
    type JobRow<'a> = (&'a str, Option<&'a str>, Vec<&'a str>, u32, Option<u32>);

    #[test]
    fn jobs_with_names_needs_and_lines() {
        let wf = parse_workflow("ci.yml", CI).unwrap();
        assert_eq!(wf.name.as_deref(), Some("CI"));
        let jobs: Vec<JobRow> = wf
            .jobs
            .iter()
            .map(|j| {
                (
                    j.id.as_str(),
                    j.name.as_deref(),
                    j.needs.iter().map(String::as_str).collect(),
                    j.line,
                    j.needs_line,
                )
            })
            .collect();
        assert_eq!(
            jobs,
            vec![
                ("test", Some("Unit tests"), vec![], 6, None),
                ("build", None, vec!["test"], 9, Some(11)),
                ("deploy", None, vec!["build", "test"], 12, Some(13)),
            ]
        );
        assert_eq!(wf.triggers.events, vec!["push", "pull_request"]);
        assert_eq!(wf.triggers.line, Some(3));
    }

    #[test]
    fn trigger_forms() {
        let wf = parse_workflow("a.yml", "on: workflow_dispatch\njobs: {}\n").unwrap();
        assert_eq!(wf.triggers.events, vec!["workflow_dispatch"]);
        assert_eq!(wf.triggers.line, Some(1));
        let wf = parse_workflow("a.yml", "'on': [push, workflow_dispatch]\n").unwrap();
        assert_eq!(wf.triggers.events, vec!["push", "workflow_dispatch"]);
        let wf = parse_workflow(
            "a.yml",
            "on:\n  workflow_run:\n    workflows: [CI, \"Build images\"]\n    types: [completed]\n",
        )
        .unwrap();
        assert_eq!(wf.triggers.events, vec!["workflow_run"]);
        assert_eq!(wf.triggers.workflow_run, vec!["CI", "Build images"]);
        let wf = parse_workflow("a.yml", "jobs:\n  a:\n    runs-on: x\n").unwrap();
        assert_eq!(wf.triggers, super::Triggers::default());
    }

    #[test]
    fn a_job_key_mentioned_in_an_earlier_job_is_not_its_line() {
        // `build:` appears inside `test` (an env key) before the job `build` itself.
        let text = "jobs:\n  test:\n    env:\n      build: x\n  build:\n    runs-on: x\n";
        let wf = parse_workflow("a.yml", text).unwrap();
        let lines: Vec<u32> = wf.jobs.iter().map(|j| j.line).collect();
        assert_eq!(lines, vec![2, 5]);
    }
}
