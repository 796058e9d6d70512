use shipgate_core::Report;

use crate::{markdown, RenderOptions};

/// The Markdown to append to `$GITHUB_STEP_SUMMARY`: the same as the Markdown format.
pub fn step_summary(report: &Report, opts: &RenderOptions) -> String {
    markdown::render(report, opts)
}
