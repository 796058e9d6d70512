//! Why a rollout action failed. Every variant names the command or file it concerns.

use std::path::PathBuf;
use std::time::Duration;

/// A command of the rollout that could not be run or did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("the {what} command is empty")]
    Empty { what: String },
    #[error("{what}: cannot start `{program}`: {source}")]
    Spawn {
        what: String,
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{what}: `{command}` exited with {status}{}", tail_text(.tail))]
    Failed {
        what: String,
        command: String,
        status: String,
        /// The end of what it wrote (stdout and stderr), for the report.
        tail: String,
    },
    #[error("{what}: `{command}` did not finish within {}; it was stopped", crate::words::human_duration(*.timeout))]
    Timeout {
        what: String,
        command: String,
        timeout: Duration,
    },
    #[error("{what}: `{command}` could not be waited for: {source}")]
    Wait {
        what: String,
        command: String,
        #[source]
        source: std::io::Error,
    },
}

fn tail_text(tail: &str) -> String {
    if tail.trim().is_empty() {
        String::new()
    } else {
        format!(": {}", tail.trim())
    }
}

/// The traffic router could not be set.
#[derive(Debug, thiserror::Error)]
pub enum TrafficError {
    #[error("{}: cannot {action}: {source}", path.display())]
    File {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// nginx refused the new upstream file; the previous one is back in place.
    #[error("nginx refused the new upstream file (the previous one was restored): {source}")]
    Refused {
        #[source]
        source: CommandError,
    },
    /// nginx refused the new upstream file and the previous one could not be put back.
    #[error("nginx refused the new upstream file, and restoring the previous one failed ({restore}): {source}")]
    RefusedNotRestored {
        #[source]
        source: CommandError,
        restore: String,
    },
    #[error("nginx did not reload: {source}")]
    Reload {
        #[source]
        source: CommandError,
    },
}
