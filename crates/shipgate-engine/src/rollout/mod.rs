//! `shipgate rollout`: the parts that touch the world around the state machine of
//! `shipgate-rollout` — commands of the user's (hooks, the exec target), the nginx router.

pub mod analysis;
pub mod command;
pub mod driver;
pub mod error;
pub mod exec_world;
pub mod incident;
pub mod judge;
pub mod nginx;
pub mod placeholders;
pub mod report;
pub mod session;
pub mod world;
