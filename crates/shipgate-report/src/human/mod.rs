//! The human format: an aligned table for terminals and CI logs.

mod coverage;
mod details;
mod document;
mod gates;
mod style;
mod table;
mod tests_section;

pub(crate) use document::render;
