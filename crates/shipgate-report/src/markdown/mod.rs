//! The Markdown format (GitHub-flavoured), also appended to `$GITHUB_STEP_SUMMARY`.

mod canary;
mod coverage;
mod details;
mod docs;
mod document;
mod escape;
mod findings;
mod gates;
mod icon;
mod metric_checks;
mod smoke;
mod tests_section;
mod warnings;

pub(crate) use document::render;
