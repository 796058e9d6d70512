//! The human format: an aligned table for terminals and CI logs.

mod canary;
mod coverage;
mod details;
mod docs;
mod document;
mod excerpt;
mod gates;
mod metric_checks;
mod smoke;
mod style;
mod table;
mod tests_section;
mod warnings;

pub(crate) use document::render;
