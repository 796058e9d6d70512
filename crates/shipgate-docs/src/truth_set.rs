//! The truth sources of one check, read once: the commands the truth files run, the
//! environment variables they set or read, the routes the code declares, the identifiers
//! each `ids` pattern finds, and the drift checks run against them.

use std::collections::BTreeSet;
use std::path::Path;

use regex::Regex;
use shipgate_config::{CommandsConfig, DocsConfig, EndpointsConfig, EnvConfig};

use crate::drift::cli_spec::CliSpec;
use crate::drift::job_graph::JobGraph;
use crate::drift::outcome::DriftCheck;
use crate::drift::{commands, diagrams, endpoints, env, grammar, ids};
use crate::error::DocsError;
use crate::files::RepoFiles;
use crate::reading::{read, ReadError};
use crate::truth;
use crate::{Document, Finding, FindingKind};

/// What the drift checks compare the documents with, read from the truth files.
pub(crate) struct Truth<'c> {
    commands: Option<(&'c CommandsConfig, Vec<truth::commands::TruthCommand>)>,
    grammars: Vec<CliSpec>,
    env: Option<(&'c EnvConfig, truth::EnvTruth, env::Namespace)>,
    endpoints: Option<(&'c EndpointsConfig, Vec<truth::routes::Route>)>,
    ids: Vec<ids::IdRule>,
    diagrams: Option<JobGraph>,
}

impl<'c> Truth<'c> {
    /// Read every truth file the config names (each glob must match a file). A truth file
    /// that resolves outside the repository is not read, and one that is malformed (a
    /// workflow that is not valid YAML) is not used: each is a finding of its check, at the
    /// line of the problem, and the other files and checks go on.
    pub(crate) fn load(
        config: &'c DocsConfig,
        files: &RepoFiles,
        config_file: &Path,
    ) -> Result<(Truth<'c>, Vec<Finding>), DocsError> {
        let patterns = compile_ids(config, config_file)?;
        let mut findings = Vec::new();
        let mut grammars = Vec::new();
        let commands = match &config.commands {
            Some(rules) => {
                grammars = load_grammars(rules, files, &mut findings)?;
                let mut found = Vec::new();
                for path in files.select("docs.commands.truth", &rules.truth, &[])? {
                    let kind = FindingKind::UnknownCommand;
                    let Some(text) = truth_text(files, &path, kind, &mut findings)? else {
                        continue;
                    };
                    match truth::commands::commands_from_file(&path, &text) {
                        Ok(commands) => found.extend(commands),
                        Err(e) => findings.push(malformed(e, kind)?),
                    }
                }
                Some((rules, found))
            }
            None => None,
        };
        let env = match &config.env {
            Some(rules) => {
                let mut names = truth::EnvTruth::default();
                for path in files.select("docs.env.truth", &rules.truth, &[])? {
                    let kind = FindingKind::UnknownEnv;
                    let Some(text) = truth_text(files, &path, kind, &mut findings)? else {
                        continue;
                    };
                    if let Err(e) = names.add_file(&path, &text) {
                        findings.push(malformed(e, kind)?);
                    }
                }
                let namespace = env::Namespace::new(&rules.namespace, &names);
                Some((rules, names, namespace))
            }
            None => None,
        };
        let endpoints = match &config.endpoints {
            Some(rules) => {
                let mut routes = Vec::new();
                for path in files.select("docs.endpoints.truth", &rules.truth, &[])? {
                    let kind = FindingKind::UnknownEndpoint;
                    let Some(text) = truth_text(files, &path, kind, &mut findings)? else {
                        continue;
                    };
                    routes.extend(truth::routes::routes_from_file(&path, &text));
                }
                Some((rules, routes))
            }
            None => None,
        };
        let mut id_rules = Vec::new();
        for (rule, pattern) in config.ids.iter().zip(patterns) {
            let mut truth = BTreeSet::new();
            for path in files.select("docs.ids.truth", &rule.truth, &[])? {
                let kind = FindingKind::UnknownId;
                let Some(text) = truth_text(files, &path, kind, &mut findings)? else {
                    continue;
                };
                truth.extend(ids::ids_from_text(&pattern, &text));
            }
            id_rules.push(ids::IdRule { pattern, truth });
        }
        let diagrams = match &config.diagrams {
            Some(rules) => {
                let mut graph = JobGraph::default();
                for path in files.select("docs.diagrams.truth", &rules.truth, &[])? {
                    let kind = FindingKind::DiagramDrift;
                    let Some(text) = truth_text(files, &path, kind, &mut findings)? else {
                        continue;
                    };
                    match shipgate_workflow::workflow::parse_workflow(&path, &text) {
                        Ok(workflow) => graph.add(&path, &workflow),
                        Err(e) => findings.push(malformed(e.into(), kind)?),
                    }
                }
                graph.link();
                Some(graph)
            }
            None => None,
        };
        let truth = Truth {
            diagrams,
            commands,
            grammars,
            env,
            endpoints,
            ids: id_rules,
        };
        Ok((truth, findings))
    }

    /// Every enabled drift check over one document: (check name, result) in report order.
    pub(crate) fn drift_document(
        &self,
        doc: &Document,
        cli: Option<&CliSpec>,
    ) -> Vec<(&'static str, DriftCheck)> {
        self.drift_chunk(std::slice::from_ref(doc), cli)
    }

    fn drift_chunk(
        &self,
        docs: &[Document],
        cli: Option<&CliSpec>,
    ) -> Vec<(&'static str, DriftCheck)> {
        let mut out = Vec::new();
        if let Some((rules, truth)) = &self.commands {
            let rules = commands::CommandRules {
                tools: &rules.tools,
                truth,
                allow: &rules.allow,
                cli,
                grammars: &self.grammars,
            };
            out.push(("commands", commands::check(docs, &rules)));
        }
        if let Some((rules, names, namespace)) = &self.env {
            let rules = env::EnvRules {
                truth: names,
                ignore: &rules.ignore,
                namespace,
            };
            out.push(("env", env::check(docs, &rules)));
        }
        if let Some((rules, routes)) = &self.endpoints {
            let rules = endpoints::EndpointRules {
                routes,
                ignore: &rules.ignore,
                base_urls: &rules.base_urls,
            };
            out.push(("endpoints", endpoints::check(docs, &rules)));
        }
        if !self.ids.is_empty() {
            out.push(("ids", ids::check(docs, &self.ids)));
        }
        if let Some(jobs) = &self.diagrams {
            out.push(("diagrams", diagrams::check(docs, jobs)));
        }
        out
    }
}

/// The grammars commands are checked with: the shipped ones `shipped_grammars` selects
/// (all when it is not written), then the user's `grammars` files. A grammar file outside
/// the repository or not a grammar is a finding at the file, and is not used.
fn load_grammars(
    rules: &CommandsConfig,
    files: &RepoFiles,
    findings: &mut Vec<Finding>,
) -> Result<Vec<CliSpec>, DocsError> {
    let mut out: Vec<CliSpec> = grammar::SHIPPED
        .iter()
        .filter(|(name, _)| {
            rules
                .shipped_grammars
                .as_ref()
                .is_none_or(|chosen| chosen.iter().any(|c| c == name))
        })
        .filter_map(|(_, text)| grammar::parse(text).ok())
        .collect();
    let kind = FindingKind::InvalidCommand;
    for path in &rules.grammars {
        let Some(text) = truth_text(files, path, kind, findings)? else {
            continue;
        };
        match grammar::parse(&text) {
            Ok(spec) => {
                // the user's grammar replaces a shipped one of the same tool
                out.retain(|g| g.name != spec.name);
                out.push(spec);
            }
            Err(e) => findings.push(Finding::whole(
                kind,
                path,
                format!("grammar file `{path}` is not a command grammar ({e}); it is not used"),
            )),
        }
    }
    Ok(out)
}

/// The text of the truth file `path`; `None` (and a finding of `kind`) when it resolves
/// outside the repository.
fn truth_text(
    files: &RepoFiles,
    path: &str,
    kind: FindingKind,
    findings: &mut Vec<Finding>,
) -> Result<Option<String>, DocsError> {
    match read(files, path) {
        Ok(text) => Ok(Some(text)),
        Err(ReadError::Outside) => {
            findings.push(Finding::whole(
                kind,
                path,
                format!("truth file `{path}` points outside the repository; it is not read"),
            ));
            Ok(None)
        }
        Err(ReadError::Failed(e)) => Err(e),
    }
}

/// The finding of a truth file that does not parse, at its line: what it describes cannot
/// run, so the check cannot rely on it. A file that cannot be read stays an error.
fn malformed(e: truth::TruthError, kind: FindingKind) -> Result<Finding, DocsError> {
    match e {
        truth::TruthError::Yaml(shipgate_workflow::WorkflowError::Yaml {
            path,
            line,
            message,
        }) => {
            let message = format!(
                "truth file `{path}` is not valid YAML ({message}): what it describes cannot run, and the check cannot use it"
            );
            Ok(match line {
                Some(line) => Finding::at(kind, &path, line, 1, message),
                None => Finding::whole(kind, &path, message),
            })
        }
        other => Err(DocsError::Truth(other)),
    }
}

/// Compile every `ids` pattern first: an invalid one is a config error, reported before
/// anything is read.
fn compile_ids(config: &DocsConfig, config_file: &Path) -> Result<Vec<Regex>, DocsError> {
    config
        .ids
        .iter()
        .map(|rule| {
            Regex::new(&rule.pattern).map_err(|e| DocsError::IdPattern {
                file: config_file.display().to_string(),
                line: rule.pattern_at.line,
                column: rule.pattern_at.column,
                pattern: rule.pattern.clone(),
                reason: e.to_string(),
            })
        })
        .collect()
}
