//! Every way an evaluation can fail before a verdict, and the exit code each one maps to.
//!
//! Each variant keeps what it is about (path, pattern, URL, program) and its cause as a
//! `#[source]`; callers print the chain. [`EngineError::exit_code`] is the one mapping from
//! errors to exit codes.

use std::path::PathBuf;

use shipgate_core::ExitCode;

/// Why an evaluation could not produce a report.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// No config file was given or found, and the command needs one.
    #[error(
        "no shipgate.yaml found here or at the repository root (give one with --config){hint}"
    )]
    NoConfig {
        /// What the command would have read from it (may be empty).
        hint: &'static str,
    },
    /// The config has no section the command evaluates.
    #[error("{}: no `{section}:` section ({hint})", config.display())]
    NoSection {
        config: PathBuf,
        section: &'static str,
        hint: &'static str,
    },
    /// A rollout cannot start as asked; nothing was changed.
    #[error("{}: {problem}", config.display())]
    Rollout { config: PathBuf, problem: String },
    /// A program a rollout runs is not there; nothing was changed.
    #[error("{what}: `{program}` was not found (relative to {} or on PATH); nothing was changed", dir.display())]
    RolloutProgram {
        what: String,
        program: String,
        dir: PathBuf,
    },
    /// Prometheus, which the rollout's analysis reads, could not be reached before the
    /// rollout started; nothing was changed.
    #[error("the rollout's analysis reads Prometheus, which could not be reached before anything changed: {source}; nothing was changed")]
    RolloutPrometheus {
        #[source]
        source: Box<shipgate_http::prometheus::PromError>,
    },
    /// `shipgate check` found nothing to check.
    #[error("{}: no section to check (add `tests:`, `docs:`, `smoke:`, `metrics:` or `analysis:`)", config.display())]
    NothingToCheck { config: PathBuf },
    /// A section names no evidence to read.
    #[error("{what}")]
    NoEvidence { what: &'static str },
    /// The configuration could not be loaded.
    #[error(transparent)]
    Config(Box<shipgate_config::ConfigError>),
    /// A gate threshold given on the command line does not parse.
    #[error("--{flag}: `{text}`")]
    GateOverride {
        flag: String,
        text: String,
        #[source]
        source: shipgate_core::quality::SetGateError,
    },
    /// A URL in the config or on the command line does not parse.
    #[error("{origin}: `{text}` is not a URL")]
    InvalidUrl {
        origin: &'static str,
        text: String,
        #[source]
        source: url::ParseError,
    },
    /// A `label=value` selector does not parse.
    #[error("{flag}: {problem} (e.g. {flag} version=v2)")]
    Selector { flag: &'static str, problem: String },
    /// A report glob is not a valid pattern.
    #[error("invalid glob `{pattern}`")]
    InvalidGlob {
        pattern: String,
        #[source]
        source: glob::PatternError,
    },
    /// A report glob matched nothing usable.
    #[error("`{pattern}` matched no file (looked in {base}){also}")]
    NoMatch {
        pattern: String,
        base: String,
        /// What it matched that is not a regular file (empty when nothing).
        also: String,
    },
    /// A file or folder could not be read.
    #[error("{}: cannot {action}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// The current folder cannot be read.
    #[error("cannot read the current folder")]
    CurrentDir(#[source] std::io::Error),
    /// A JUnit report could not be read.
    #[error(transparent)]
    Junit(#[from] shipgate_ingest::JunitError),
    /// A coverage report could not be read.
    #[error(transparent)]
    Coverage(#[from] shipgate_ingest::CoverageError),
    /// The history store could not be read or written.
    #[error(transparent)]
    Store(#[from] shipgate_store::StoreError),
    /// `--base` is not something git can compare with.
    #[error("--base `{base}`: git {command} failed: {detail}")]
    GitRevision {
        base: String,
        command: String,
        detail: String,
    },
    /// git could not be started.
    #[error("cannot run git for --base {base}")]
    GitSpawn {
        base: String,
        #[source]
        source: std::io::Error,
    },
    /// The test command of `tests run` is unusable.
    #[error("{problem}")]
    SuiteCommand { problem: &'static str },
    /// The test command could not be started.
    #[error("cannot start `{program}`")]
    Spawn {
        program: String,
        #[source]
        source: std::io::Error,
    },
    /// The test command ended without writing its report.
    #[error("run {number}: `{program}` exited with {status} and wrote no JUnit report to {}", path.display())]
    NoReport {
        number: u32,
        program: String,
        status: String,
        path: PathBuf,
    },
    /// The smoke section could not run.
    #[error(transparent)]
    Smoke(Box<shipgate_http::smoke::SmokeError>),
    /// The Prometheus client could not be built.
    #[error(transparent)]
    Prometheus(Box<shipgate_http::prometheus::PromError>),
    /// A metric or canary spec is invalid.
    #[error("{section}")]
    Analysis {
        section: String,
        #[source]
        source: Box<shipgate_analysis::AnalysisError>,
    },
    /// A canary metric's queries are invalid.
    #[error("analysis metric `{metric}`")]
    CanaryQuery {
        metric: String,
        #[source]
        source: Box<shipgate_http::prometheus::CanaryError>,
    },
    /// The documentation check could not run.
    #[error(transparent)]
    Docs(Box<shipgate_docs::DocsError>),
    /// The async runtime refused work (a blocking task could not finish).
    #[error("internal task failed")]
    Task(#[source] tokio::task::JoinError),
}

/// Large causes are boxed so that every `Result` stays small.
macro_rules! boxed_from {
    ($($source:ty => $variant:ident),* $(,)?) => {
        $(impl From<$source> for EngineError {
            fn from(e: $source) -> Self {
                EngineError::$variant(Box::new(e))
            }
        })*
    };
}

boxed_from! {
    shipgate_config::ConfigError => Config,
    shipgate_http::smoke::SmokeError => Smoke,
    shipgate_http::prometheus::PromError => Prometheus,
    shipgate_docs::DocsError => Docs,
}

impl EngineError {
    /// The exit code this error ends a command with: 2 when nothing could be evaluated because
    /// of what the user wrote, 3 when a file, process, store or server could not be read.
    pub fn exit_code(&self) -> ExitCode {
        use EngineError as E;
        match self {
            E::NoConfig { .. }
            | E::NoSection { .. }
            | E::NothingToCheck { .. }
            | E::NoEvidence { .. }
            | E::Config(_)
            | E::GateOverride { .. }
            | E::InvalidUrl { .. }
            | E::Selector { .. }
            | E::InvalidGlob { .. }
            | E::GitRevision { .. }
            | E::SuiteCommand { .. }
            | E::Rollout { .. }
            | E::Analysis { .. }
            | E::CanaryQuery { .. } => ExitCode::Usage,
            E::Smoke(e) => match e.as_ref() {
                shipgate_http::smoke::SmokeError::Spec(_) => ExitCode::Usage,
                _ => ExitCode::Dependency,
            },
            E::Prometheus(e) => match e.kind() {
                // `tls.ca_file` is a file that could not be read, as for smoke checks
                shipgate_http::prometheus::PromErrorKind::CaFile => ExitCode::Dependency,
                _ => ExitCode::Usage,
            },
            E::Docs(e) if e.is_config_error() => ExitCode::Usage,
            // another rollout holds the service, or none is there to act on
            E::Store(
                shipgate_store::StoreError::RolloutActive { .. }
                | shipgate_store::StoreError::NoActiveRollout { .. },
            ) => ExitCode::Usage,
            E::RolloutProgram { .. } | E::RolloutPrometheus { .. } => ExitCode::Dependency,
            E::NoMatch { .. }
            | E::Io { .. }
            | E::CurrentDir(_)
            | E::Junit(_)
            | E::Coverage(_)
            | E::Store(_)
            | E::GitSpawn { .. }
            | E::Spawn { .. }
            | E::NoReport { .. }
            | E::Docs(_)
            | E::Task(_) => ExitCode::Dependency,
        }
    }
}

/// An error and every cause below it, `: `-separated; a cause whose text the message
/// already shows is not repeated.
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        let next = e.to_string();
        if !next.is_empty() && !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        cause = e.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_shows_each_cause_once() {
        let e = EngineError::Spawn {
            program: "pytest".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "No such file"),
        };
        assert_eq!(chain(&e), "cannot start `pytest`: No such file");
        assert_eq!(e.exit_code(), ExitCode::Dependency);
        let plain = EngineError::NoEvidence { what: "nothing" };
        assert_eq!(chain(&plain), "nothing");
        assert_eq!(plain.exit_code(), ExitCode::Usage);
    }
}
