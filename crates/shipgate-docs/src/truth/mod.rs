//! Truth sources: what workflows really run, which variables and routes the code knows.

pub mod error;
pub mod workflow;

pub use error::TruthError;
