use crate::Verdict;

/// The process exit codes every shipgate command uses. This is the only place they are defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// 0: every evaluated gate passed (warnings allowed).
    Pass = 0,
    /// 1: a gate failed, or was inconclusive where that is not allowed.
    GateFailed = 1,
    /// 2: usage or configuration error; nothing was evaluated or changed.
    Usage = 2,
    /// 3: a dependency (file, server, store, process) could not be reached or read.
    Dependency = 3,
    /// 129: SIGHUP stopped the run (the report of what was evaluated was printed).
    Hangup = 129,
    /// 130: SIGINT (Ctrl-C) stopped the run (the report of what was evaluated was printed).
    Interrupted = 130,
    /// 143: SIGTERM stopped the run (a cancelled CI job; the report was printed).
    Terminated = 143,
}

impl ExitCode {
    /// The exit code for an overall report verdict.
    pub fn for_verdict(verdict: Verdict) -> ExitCode {
        match verdict {
            Verdict::Pass | Verdict::Warn => ExitCode::Pass,
            Verdict::Fail | Verdict::Inconclusive | Verdict::NotEvaluated => ExitCode::GateFailed,
            Verdict::Error => ExitCode::Dependency,
        }
    }

    pub fn code(self) -> u8 {
        self as u8
    }
}
