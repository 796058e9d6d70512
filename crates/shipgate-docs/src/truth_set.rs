//! The truth sources of one check, read once: the commands the truth files run, the
//! environment variables they set or read, the routes the code declares, the identifiers
//! each `ids` pattern finds, and the drift checks run against them.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;
use regex::Regex;
use shipgate_config::{CommandsConfig, DocsConfig, EndpointsConfig, EnvConfig};

use crate::drift::cli_spec::CliSpec;
use crate::drift::outcome::DriftCheck;
use crate::drift::{commands, endpoints, env, ids};
use crate::engine::read;
use crate::error::DocsError;
use crate::files::RepoFiles;
use crate::truth;
use crate::Document;

/// What the drift checks compare the documents with, read from the truth files.
pub(crate) struct Truth<'c> {
    commands: Option<(&'c CommandsConfig, Vec<truth::commands::TruthCommand>)>,
    env: Option<(&'c EnvConfig, BTreeSet<String>)>,
    endpoints: Option<(&'c EndpointsConfig, Vec<truth::routes::Route>)>,
    ids: Vec<ids::IdRule>,
}

/// Documents per drift-check task: small enough to keep both cores busy, large enough that
/// merging results costs nothing.
const DRIFT_CHUNK: usize = 64;

impl<'c> Truth<'c> {
    /// Read every truth file the config names (each glob must match a file).
    pub(crate) fn load(
        config: &'c DocsConfig,
        files: &RepoFiles,
        root: &Path,
        config_file: &Path,
    ) -> Result<Truth<'c>, DocsError> {
        let patterns = compile_ids(config, config_file)?;
        let commands = match &config.commands {
            Some(rules) => {
                let mut found = Vec::new();
                for path in files.select("docs.commands.truth", &rules.truth, &[])? {
                    let text = read(root, &path)?;
                    found.extend(truth::commands::commands_from_file(&path, &text)?);
                }
                Some((rules, found))
            }
            None => None,
        };
        let env = match &config.env {
            Some(rules) => {
                let mut names = BTreeSet::new();
                for path in files.select("docs.env.truth", &rules.truth, &[])? {
                    let text = read(root, &path)?;
                    names.extend(truth::sources::env_names_from_file(&path, &text)?);
                }
                Some((rules, names))
            }
            None => None,
        };
        let endpoints = match &config.endpoints {
            Some(rules) => {
                let mut routes = Vec::new();
                for path in files.select("docs.endpoints.truth", &rules.truth, &[])? {
                    let text = read(root, &path)?;
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
                let text = read(root, &path)?;
                truth.extend(ids::ids_from_text(&pattern, &text));
            }
            id_rules.push(ids::IdRule { pattern, truth });
        }
        Ok(Truth {
            commands,
            env,
            endpoints,
            ids: id_rules,
        })
    }

    /// Every enabled drift check over `docs`, run over chunks of documents in parallel:
    /// (check name, merged result) in report order.
    pub(crate) fn drift(
        &self,
        docs: &[Document],
        cli: Option<&CliSpec>,
    ) -> Vec<(&'static str, DriftCheck)> {
        let parts: Vec<Vec<(&'static str, DriftCheck)>> = docs
            .par_chunks(DRIFT_CHUNK)
            .map(|chunk| self.drift_chunk(chunk, cli))
            .collect();
        let mut merged: Vec<(&'static str, DriftCheck)> = Vec::new();
        for part in parts {
            for (name, result) in part {
                match merged.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, into)) => {
                        into.findings.extend(result.findings);
                        into.verified.extend(result.verified);
                    }
                    None => merged.push((name, result)),
                }
            }
        }
        merged
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
            };
            out.push(("commands", commands::check(docs, &rules)));
        }
        if let Some((rules, names)) = &self.env {
            let rules = env::EnvRules {
                truth: names,
                ignore: &rules.ignore,
            };
            out.push(("env", env::check(docs, &rules)));
        }
        if let Some((rules, routes)) = &self.endpoints {
            let rules = endpoints::EndpointRules {
                routes,
                ignore: &rules.ignore,
            };
            out.push(("endpoints", endpoints::check(docs, &rules)));
        }
        if !self.ids.is_empty() {
            out.push(("ids", ids::check(docs, &self.ids)));
        }
        out
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
