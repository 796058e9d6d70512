//! Truth sources: what workflows really run, which variables and routes the code knows.

pub mod commands;
pub mod env_truth;
pub mod error;
pub mod routes;
pub mod sources;

pub(crate) use env_truth::upper_case_words;
pub use env_truth::{EnvTruth, Known};
pub use error::TruthError;
