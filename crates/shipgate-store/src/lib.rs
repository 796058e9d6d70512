//! shipgate's history store: recorded invocations with their test runs, test outcomes,
//! coverage totals and gate results, in a SQLite database (WAL mode, versioned migrations).
//!
//! [`Store::record`] writes one invocation in one transaction; [`Store::last_coverage`],
//! [`Store::coverage_trend`] and [`Store::flip_rates`] read the history back. The store has
//! no clock: callers pass the time of each record.
//!
//! Rollouts (see `rollouts`): one active rollout per service, every transition recorded
//! in a transaction of its own, requests from other processes, the deployments history.

mod codec;
mod error;
pub mod fliprate;
mod migrations;
mod queries;
mod record;
mod rollouts;
mod store;

pub use error::StoreError;
pub use fliprate::{flip_rate, FlipCounter, FlipRate, Observation};
pub use migrations::SCHEMA_VERSION;
pub use queries::CoveragePoint;
pub use record::RunRecord;
pub use rollouts::{NewRollout, RolloutRequest, StoredRollout, Transition};
pub use store::Store;
