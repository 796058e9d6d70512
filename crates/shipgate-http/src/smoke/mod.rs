//! The smoke-check runner.
//!
//! Build a [`SmokeSpec`], call [`run_smoke`], read the [`SmokeOutcome`] (and turn it into
//! report rows with [`SmokeOutcome::gate_results`]). See [`run_smoke`] for the semantics.

mod check_result;
mod error;
mod expect;
mod outcome;
mod plan;
mod request;
mod runner;
mod scheduler;
mod spec;
mod template;

pub use check_result::CheckResult;
pub use error::{SmokeError, SmokeSpecError};
pub use outcome::{SmokeFinish, SmokeOutcome};
pub use plan::SmokePlan;
pub use runner::{run_smoke, run_smoke_with_clock};
pub use scheduler::{Decision, Scheduler};
pub use spec::{CheckSpec, ExpectSpec, RequestSpec, SmokeAuth, SmokeSpec, WaitSpec};
