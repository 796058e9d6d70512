//! Truth sources: what workflows really run, which variables and routes the code knows.

pub mod commands;
pub mod error;
pub mod routes;
pub mod sources;
pub mod workflow;

pub use error::TruthError;
