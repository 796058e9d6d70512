//! `diagram-drift`: mermaid flowcharts whose nodes name workflow jobs, compared with the
//! jobs' `needs:` and the workflows' triggers.
//!
//! A node names a job when its id or its label equals the job's id or `name:`, compared
//! lower-cased with everything but letters and digits dropped (`Build images`,
//! `build-images` and `BuildImages` are one name). A flowchart with fewer than two such
//! nodes is not about the workflows and is not checked. In one that is:
//!
//! - an edge between two job nodes that the workflows do not have is a finding at the
//!   edge's line. The workflows have an edge `a → b` when `b` runs after `a`: it needs `a`,
//!   directly or through other jobs (a diagram may leave intermediate jobs out), or its
//!   workflow is started by `on: workflow_run` of `a`'s workflow. Edges to or from nodes
//!   that name no job (`PR`, `Users`) are not checked.
//! - a direct `needs:` between two jobs that both appear in the diagram, with no path
//!   between their nodes in the diagram, is a finding at the diagram's header line: the
//!   diagram leaves the dependency out.
//!
//! Edge ends that are subgraph ids stand for every node of the subgraph.

use std::collections::BTreeSet;

use super::job_graph::JobGraph;
use super::outcome::DriftCheck;
use crate::mermaid::{self, FlowNode, Flowchart};
use crate::{CodeBlock, Document, Finding, FindingKind};

/// Checks the mermaid flowcharts of `docs` against the jobs of the truth workflows.
pub fn check(docs: &[Document], jobs: &JobGraph) -> DriftCheck {
    let mut out = DriftCheck::default();
    for doc in docs {
        out.checked(&doc.path);
        for block in doc.mermaid_blocks() {
            // A block that does not parse is `mermaid-syntax`'s finding.
            if let Ok(Some(chart)) = mermaid::flowchart(&block.text) {
                check_chart(doc, block, &chart, jobs, &mut out);
            }
        }
    }
    out
}

/// The jobs each node names, by node id.
struct Matched<'a> {
    nodes: Vec<(&'a FlowNode, Vec<usize>)>,
}

impl Matched<'_> {
    fn jobs_of(&self, id: &str) -> &[usize] {
        self.nodes
            .iter()
            .find(|(n, _)| n.id == id)
            .map_or(&[], |(_, j)| j.as_slice())
    }
}

fn check_chart(
    doc: &Document,
    block: &CodeBlock,
    chart: &Flowchart,
    jobs: &JobGraph,
    out: &mut DriftCheck,
) {
    let matched = Matched {
        nodes: chart
            .nodes
            .iter()
            .map(|n| (n, jobs.matching(&n.id, n.label.as_deref())))
            .filter(|(_, j)| !j.is_empty())
            .collect(),
    };
    if matched.nodes.len() < 2 {
        return;
    }
    let mut reported = BTreeSet::new();
    for edge in &chart.edges {
        for from in chart.ends(&edge.from) {
            for to in chart.ends(&edge.to) {
                let (a, b) = (matched.jobs_of(&from), matched.jobs_of(&to));
                if a.is_empty() || b.is_empty() || from == to {
                    continue;
                }
                if a.iter().any(|&x| b.iter().any(|&y| jobs.reaches(x, y))) {
                    out.verify(&doc.path);
                    continue;
                }
                if !reported.insert((edge.line, from.clone(), to.clone())) {
                    continue;
                }
                let message = extra_edge(&display(chart, &from), &display(chart, &to), a, b, jobs);
                out.findings.push(finding(doc, block, edge.line, message));
            }
        }
    }
    let mut missing = BTreeSet::new();
    for (b, job) in jobs.jobs.iter().enumerate() {
        for need in &job.needs {
            let Some(a) = jobs
                .jobs
                .iter()
                .position(|j| j.workflow == job.workflow && &j.id == need)
            else {
                continue;
            };
            let froms: Vec<&str> = nodes_of(&matched, a);
            let tos: Vec<&str> = nodes_of(&matched, b);
            if froms.is_empty() || tos.is_empty() {
                continue;
            }
            let drawn = froms
                .iter()
                .any(|f| tos.iter().any(|t| f == t || chart.reaches(f, t)));
            if drawn || !missing.insert((a, b)) {
                continue;
            }
            let at = job.needs_line.unwrap_or(job.line);
            let message = format!(
                "the diagram leaves out `{}` → `{}`: `{}` needs `{}` in {}:{at}",
                display(chart, froms.first().copied().unwrap_or_default()),
                display(chart, tos.first().copied().unwrap_or_default()),
                job.id,
                need,
                job.file,
            );
            out.findings
                .push(finding(doc, block, chart.header_line, message));
        }
    }
}

/// The node ids that name job `job`.
fn nodes_of<'a>(matched: &Matched<'a>, job: usize) -> Vec<&'a str> {
    matched
        .nodes
        .iter()
        .filter(|(_, j)| j.contains(&job))
        .map(|(n, _)| n.id.as_str())
        .collect()
}

/// How a node is shown in messages: its label, else its id.
fn display(chart: &Flowchart, id: &str) -> String {
    chart
        .nodes
        .iter()
        .find(|n| n.id == id)
        .and_then(|n| n.label.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Why an edge `from → to` is not in the workflows, quoting what the target job really
/// waits for: its `needs:`, or, without any, what starts its workflow.
fn extra_edge(from: &str, to: &str, a: &[usize], b: &[usize], jobs: &JobGraph) -> String {
    let shown = format!("the diagram shows `{from}` → `{to}`");
    let Some(target) = b.first().and_then(|&i| jobs.jobs.get(i)) else {
        return format!("{shown}, but the workflows have no such dependency");
    };
    let reverse = if a.iter().any(|&x| b.iter().any(|&y| jobs.reaches(y, x))) {
        format!(" (it is the other way round: `{from}` runs after `{to}`)")
    } else {
        String::new()
    };
    if !target.needs.is_empty() {
        let needs: Vec<String> = target.needs.iter().map(|n| format!("`{n}`")).collect();
        let at = target.needs_line.unwrap_or(target.line);
        return format!(
            "{shown}, but `{}` needs only {} in {}:{at}{reverse}",
            target.id,
            join(&needs),
            target.file
        );
    }
    let Some(workflow) = jobs.workflows.get(target.workflow) else {
        return format!("{shown}, but `{}` needs no job", target.id);
    };
    let events: Vec<String> = workflow
        .triggers
        .events
        .iter()
        .map(|e| {
            if e == "workflow_run" && !workflow.triggers.workflow_run.is_empty() {
                let sources: Vec<String> = workflow
                    .triggers
                    .workflow_run
                    .iter()
                    .map(|w| format!("`{w}`"))
                    .collect();
                format!("`workflow_run` of {}", join(&sources))
            } else {
                format!("`{e}`")
            }
        })
        .collect();
    let at = workflow.triggers.line.unwrap_or(target.line);
    if events.is_empty() {
        return format!(
            "{shown}, but `{}` needs no job and {} has no trigger{reverse}",
            target.id, workflow.file
        );
    }
    format!(
        "{shown}, but `{}` needs no job and its workflow runs only on {} ({}:{at}): `{from}` does not start it{reverse}",
        target.id,
        join(&events),
        workflow.file,
    )
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A finding at line `line` (1-based, within the block) of `block`, at the line's first
/// non-blank character.
fn finding(doc: &Document, block: &CodeBlock, line: u32, message: String) -> Finding {
    let index = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
    let indent = block
        .text
        .split('\n')
        .nth(index)
        .map_or(0, |l| l.chars().take_while(|c| c.is_whitespace()).count());
    let indent = u32::try_from(indent).unwrap_or(0);
    let at_line = block.at.line.saturating_add(line.saturating_sub(1));
    let column = if line <= 1 {
        block.at.column.saturating_add(indent)
    } else {
        indent.saturating_add(1)
    };
    Finding::at(
        FindingKind::DiagramDrift,
        &doc.path,
        at_line,
        column,
        message,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;
    use shipgate_workflow::workflow::parse_workflow;

    const FIXTURE: &str = "diagram-drift";
    const WORKFLOWS: [&str; 3] = [
        ".github/workflows/ci.yml",
        ".github/workflows/release.yml",
        ".github/workflows/production.yml",
    ];

    fn fixture_jobs() -> JobGraph {
        let mut jobs = JobGraph::default();
        for file in WORKFLOWS {
            let text = super::super::fixture::read(FIXTURE, file);
            jobs.add(file, &parse_workflow(file, &text).unwrap());
        }
        jobs.link();
        jobs
    }

    fn fixture_doc(path: &str) -> Document {
        parse(path, &super::super::fixture::read(FIXTURE, path))
    }

    fn messages(doc: &str, jobs: &JobGraph) -> Vec<String> {
        check(&[parse("a.md", doc)], jobs)
            .findings
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn fixture_repository() {
        let jobs = fixture_jobs();
        let docs = [
            fixture_doc("docs/near-misses.md"),
            fixture_doc("docs/pipeline.md"),
        ];
        let result = check(&docs, &jobs);
        super::super::fixture::assert_expected(FIXTURE, "diagram-drift", &result.findings);
        // Near-misses are verified, not ignored: every edge between job nodes counts.
        assert_eq!(result.verified.get("docs/near-misses.md"), Some(&5));
    }

    #[test]
    fn messages_quote_the_truth() {
        let jobs = fixture_jobs();
        let result = check(&[fixture_doc("docs/pipeline.md")], &jobs);
        let messages: Vec<&str> = result.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "the diagram shows `CI` → `deploy`, but `deploy` needs only `build` in .github/workflows/ci.yml:22",
                "the diagram shows `Deploy to staging` → `production`, but `production` needs no job and its workflow runs only on `workflow_dispatch` (.github/workflows/production.yml:3): `Deploy to staging` does not start it",
                "the diagram leaves out `Deploy to staging` → `Smoke`: `smoke` needs `staging` in .github/workflows/release.yml:13",
            ]
        );
    }

    #[test]
    fn a_reversed_edge_says_so() {
        let mut jobs = JobGraph::default();
        let wf = "jobs:\n  build: {}\n  deploy:\n    needs: build\n";
        jobs.add("ci.yml", &parse_workflow("ci.yml", wf).unwrap());
        jobs.link();
        let found = messages("```mermaid\ngraph LR\n  deploy --> build\n```\n", &jobs);
        assert_eq!(
            found,
            vec![
                "the diagram shows `deploy` → `build`, but `build` needs no job and ci.yml has no trigger (it is the other way round: `deploy` runs after `build`)",
                "the diagram leaves out `build` → `deploy`: `deploy` needs `build` in ci.yml:4",
            ]
        );
    }

    #[test]
    fn subgraph_ends_stand_for_their_nodes() {
        let mut jobs = JobGraph::default();
        let wf = "on: push\njobs:\n  lint: {}\n  test: {}\n  deploy:\n    needs: [lint, test]\n  docs: {}\n";
        jobs.add("ci.yml", &parse_workflow("ci.yml", wf).unwrap());
        jobs.link();
        // Both checks in the subgraph lead to deploy: nothing is missing.
        let ok = "```mermaid\ngraph LR\n  subgraph checks\n    lint\n    test\n  end\n  checks --> deploy\n```\n";
        assert!(messages(ok, &jobs).is_empty());
        // `docs` is in the subgraph too, and deploy does not need it.
        let bad = "```mermaid\ngraph LR\n  subgraph checks\n    lint & test & docs\n  end\n  checks --> deploy\n```\n";
        let found = messages(bad, &jobs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("the diagram shows `docs` → `deploy`, but `deploy` needs only `lint` and `test` in ci.yml:6"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn one_matching_node_is_not_a_diagram_of_the_workflow() {
        let mut jobs = JobGraph::default();
        let wf = "jobs:\n  build: {}\n  deploy:\n    needs: build\n";
        jobs.add("ci.yml", &parse_workflow("ci.yml", wf).unwrap());
        jobs.link();
        assert!(messages("```mermaid\ngraph LR\n  deploy --> X --> Y\n```\n", &jobs).is_empty());
        // A diagram that does not parse is mermaid-syntax's business, not this check's.
        assert!(messages("```mermaid\ngraph LR\n  deploy --> build -->\n```\n", &jobs).is_empty());
    }
}
