//! The JUnit format: one `<testcase>` per gate, so that any CI system's test view shows
//! which gates held.

mod case;
mod document;
mod escape;
mod section_detail;

pub(crate) use document::render;
