//! Readers shared by the checks that read GitHub Actions workflows: [`shell`] splits the
//! scripts of `run:` steps into commands and words, [`workflow`] reads a workflow file
//! (its `run:` lines, environment names, jobs and triggers).

pub mod error;
pub mod jobs;
mod node;
pub mod shell;
pub mod workflow;

pub use error::WorkflowError;
