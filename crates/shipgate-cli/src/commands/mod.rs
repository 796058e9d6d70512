//! One file per subcommand.

pub mod analyze;
pub mod check;
pub mod docs;
pub mod history;
pub mod metrics;
pub mod smoke;
pub mod tests;
pub mod tests_run;
