//! The jobs of the truth workflows as one graph, for `diagram-drift`: a job follows the
//! jobs it `needs:`, and the entry jobs (no `needs:`) of a workflow started by
//! `on: workflow_run` follow every job of the workflows it names. Reachability is
//! transitive: `deploy` follows `lint` when it needs `build` and `build` needs `lint`.

use std::collections::BTreeSet;

use shipgate_workflow::jobs::Triggers;
use shipgate_workflow::workflow::Workflow;

/// One job of one workflow file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthJob {
    /// The workflow file, relative to the repository root.
    pub file: String,
    /// The job id.
    pub id: String,
    /// The job's `name:`.
    pub name: Option<String>,
    /// The ids it `needs:`.
    pub needs: Vec<String>,
    /// Line of the job's key.
    pub line: u32,
    /// Line of its `needs:`.
    pub needs_line: Option<u32>,
    /// Index of its workflow in [`JobGraph::workflows`].
    pub workflow: usize,
}

/// One workflow file: its name and triggers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthWorkflow {
    /// The file, relative to the repository root.
    pub file: String,
    /// Its `name:` (GitHub names a workflow without one by its path).
    pub name: Option<String>,
    /// What starts it.
    pub triggers: Triggers,
}

/// The jobs of every truth workflow and who follows whom.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobGraph {
    /// Every job, in file order.
    pub jobs: Vec<TruthJob>,
    /// Every workflow, in the order added.
    pub workflows: Vec<TruthWorkflow>,
    /// For each job, the jobs that run after it directly.
    next: Vec<Vec<usize>>,
}

/// Lower case, letters and digits only: `Build images` and `build-images` are the same name.
pub fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl JobGraph {
    /// Adds the jobs of the workflow `file`.
    pub fn add(&mut self, file: &str, workflow: &Workflow) {
        let index = self.workflows.len();
        self.workflows.push(TruthWorkflow {
            file: file.to_string(),
            name: workflow.name.clone(),
            triggers: workflow.triggers.clone(),
        });
        for job in &workflow.jobs {
            self.jobs.push(TruthJob {
                file: file.to_string(),
                id: job.id.clone(),
                name: job.name.clone(),
                needs: job.needs.clone(),
                line: job.line,
                needs_line: job.needs_line,
                workflow: index,
            });
        }
    }

    /// Links the jobs once every workflow is added.
    pub fn link(&mut self) {
        let mut next = vec![Vec::new(); self.jobs.len()];
        for (b, job) in self.jobs.iter().enumerate() {
            for need in &job.needs {
                for (a, other) in self.jobs.iter().enumerate() {
                    if other.workflow == job.workflow && &other.id == need {
                        if let Some(n) = next.get_mut(a) {
                            n.push(b);
                        }
                    }
                }
            }
            if !job.needs.is_empty() {
                continue;
            }
            let Some(own) = self.workflows.get(job.workflow) else {
                continue;
            };
            for source in &own.triggers.workflow_run {
                let wanted = normalise(source);
                for (a, other) in self.jobs.iter().enumerate() {
                    let started_by = self
                        .workflows
                        .get(other.workflow)
                        .is_some_and(|w| workflow_names(w).contains(&wanted));
                    if started_by && other.workflow != job.workflow {
                        if let Some(n) = next.get_mut(a) {
                            n.push(b);
                        }
                    }
                }
            }
        }
        self.next = next;
    }

    /// Whether job `to` runs after job `from` (directly or through others).
    pub fn reaches(&self, from: usize, to: usize) -> bool {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(j) = todo.pop() {
            if j == to {
                return true;
            }
            if seen.insert(j) {
                if let Some(n) = self.next.get(j) {
                    todo.extend(n.iter().copied());
                }
            }
        }
        false
    }

    /// The jobs a diagram node names by its id or label (normalised, see [`normalise`]).
    pub fn matching(&self, id: &str, label: Option<&str>) -> Vec<usize> {
        let names: Vec<String> = std::iter::once(id)
            .chain(label)
            .map(normalise)
            .filter(|n| !n.is_empty())
            .collect();
        self.jobs
            .iter()
            .enumerate()
            .filter(|(_, job)| {
                std::iter::once(job.id.as_str())
                    .chain(job.name.as_deref())
                    .map(normalise)
                    .any(|n| names.contains(&n))
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// The names a `workflow_run` trigger may use for a workflow: its `name:`, else its path
/// (normalised).
fn workflow_names(w: &TruthWorkflow) -> Vec<String> {
    match &w.name {
        Some(name) => vec![normalise(name)],
        None => vec![normalise(&w.file)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipgate_workflow::workflow::parse_workflow;

    fn graph(files: &[(&str, &str)]) -> JobGraph {
        let mut g = JobGraph::default();
        for (path, text) in files {
            g.add(path, &parse_workflow(path, text).unwrap());
        }
        g.link();
        g
    }

    #[test]
    fn needs_are_followed_transitively_and_one_way() {
        let g = graph(&[(
            "ci.yml",
            "jobs:\n  lint: {}\n  build:\n    needs: lint\n  deploy:\n    needs: [build]\n  docs: {}\n",
        )]);
        assert!(g.reaches(0, 1));
        assert!(g.reaches(0, 2), "lint → build → deploy");
        assert!(!g.reaches(2, 0), "not backwards");
        assert!(!g.reaches(3, 2), "docs is unrelated");
    }

    #[test]
    fn workflow_run_starts_the_entry_jobs_of_the_other_workflow() {
        let g = graph(&[
            ("ci.yml", "name: CI\njobs:\n  test: {}\n"),
            (
                "deploy.yml",
                "on:\n  workflow_run:\n    workflows: [CI]\njobs:\n  staging: {}\n  production:\n    needs: staging\n",
            ),
            ("other.yml", "on: workflow_dispatch\njobs:\n  manual: {}\n"),
        ]);
        assert!(g.reaches(0, 1));
        assert!(g.reaches(0, 2));
        assert!(!g.reaches(0, 3));
        assert!(!g.reaches(1, 0));
    }

    #[test]
    fn nodes_match_by_id_or_name_ignoring_case_and_punctuation() {
        let g = graph(&[(
            "ci.yml",
            "jobs:\n  build-images:\n    name: Build Images\n  unit_test: {}\n",
        )]);
        assert_eq!(g.matching("B", Some("build images")), vec![0]);
        assert_eq!(g.matching("BuildImages", None), vec![0]);
        assert_eq!(g.matching("UnitTest", Some("Tests")), vec![1]);
        assert!(g.matching("deploy", Some("---")).is_empty());
    }
}
