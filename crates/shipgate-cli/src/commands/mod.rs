//! One file per subcommand: each turns its flags into an engine request and returns the
//! report with its title; `lib.rs` prints it.

pub mod analyze;
pub mod check;
pub mod docs;
pub mod history;
pub mod metrics;
pub mod rollout;
pub mod smoke;
pub mod tests;
pub mod tests_run;
