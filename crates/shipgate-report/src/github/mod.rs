//! GitHub Actions: workflow-command annotations and the step summary.

mod annotations;
mod escape;
mod summary;

pub use annotations::github_annotations;
pub use summary::step_summary;
