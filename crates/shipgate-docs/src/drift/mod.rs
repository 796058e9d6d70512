//! Drift checks against truth sources: `unknown-command`, `unknown-env`, `unknown-endpoint`,
//! `unknown-id`, `diagram-drift`.

pub mod cli_spec;
pub mod code_lines;
pub mod commands;
pub mod diagrams;
pub mod endpoints;
pub mod env;
pub mod env_builtin;
#[cfg(test)]
mod fixture;
pub mod grammar;
mod http_paths;
pub mod ids;
pub mod job_graph;
pub mod outcome;
mod path_match;
#[cfg(test)]
mod properties;
mod sections;
pub(crate) use sections::has_word;
mod snippets;
mod wildcard;
