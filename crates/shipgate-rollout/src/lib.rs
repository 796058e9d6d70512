//! The rollout state machine: a plan of steps (`hook`, `weight`, `pause`, `approve`), events
//! in, one action out at a time. Pure: no I/O, no clock (events carry the time), so every
//! path is tested without sleeping and the state can be written to the store after every
//! transition and resumed from there.
//!
//! Files:
//! - [`plan`]: the steps, validated.
//! - [`action`]: what the driver is asked to do next.
//! - [`event`]: what happened.
//! - [`state`]: where a rollout is; serialisable, so that it survives the process.
//! - [`machine`]: [`Rollout`], the transitions.
//! - [`round`]: what a round of the background analysis measured, for the reports.

pub mod action;
pub mod event;
pub mod machine;
pub mod plan;
pub mod round;
pub mod state;

pub use action::Action;
pub use event::Event;
pub use machine::{Ignored, Rollout};
pub use plan::{Plan, PlanError, Step};
pub use round::{AnalysisRound, CheckRound, JudgeMetricRound, JudgeRound};
pub use state::{Failure, Outcome, Phase, RollbackStage, State};
