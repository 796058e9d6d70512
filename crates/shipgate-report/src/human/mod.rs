//! The human format: an aligned table for terminals and CI logs.

mod coverage;
mod details;
mod document;
mod gates;
mod style;
mod table;
mod tests;

pub(crate) use document::render;
