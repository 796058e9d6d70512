//! Drift checks against truth sources: `unknown-command`, `unknown-env`, `unknown-endpoint`, `unknown-id`.

pub mod cli_spec;
pub mod code_lines;
pub mod commands;
pub mod endpoints;
pub mod env;
pub mod env_builtin;
#[cfg(test)]
mod fixture;
pub mod grammar;
mod http_paths;
pub mod ids;
mod nearest;
pub mod outcome;
mod path_match;
#[cfg(test)]
mod properties;
mod sections;
mod snippets;
mod wildcard;
