//! One file per subcommand.

pub mod check;
pub mod history;
pub mod tests;
pub mod tests_run;
