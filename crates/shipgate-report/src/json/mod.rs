//! The JSON format: the stable, versioned contract (`schema_version` 1).
//!
//! Built from explicit view structs so that a change to the core model never silently
//! changes the contract. Non-finite numbers are written as `null`.

mod coverage;
mod document;
mod gate;
mod number;
mod tests_section;

pub(crate) use document::render;
