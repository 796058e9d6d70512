//! Reporters: render a [`shipgate_core::Report`] for people and machines.
//!
//! One module per output format — [`Format::Human`] (an aligned table that reads well
//! without colour), [`Format::Json`] (the stable `schema_version` 1 contract),
//! [`Format::Junit`] (one test case per gate) and [`Format::Markdown`] (also used as the
//! GitHub Actions step summary) — plus GitHub workflow-command annotations.
//!
//! Every function returns a `String`; nothing here prints, reads the environment or touches
//! files. Deciding whether colour is wanted (`NO_COLOR`, a terminal) and where output goes
//! (stdout, `$GITHUB_STEP_SUMMARY`) is the caller's job.

mod format;
mod github;
mod human;
mod json;
mod junit;
mod markdown;
mod options;
mod render;
mod text;

pub use format::{Format, ParseFormatError};
pub use github::{github_annotations, step_summary};
pub use options::RenderOptions;
pub use render::render;
