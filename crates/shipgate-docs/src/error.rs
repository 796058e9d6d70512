//! Why a documentation check could not run (as opposed to what it found).

/// An error that stops `shipgate docs check` before any finding is reported.
#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    /// The repository could not be listed.
    #[error("cannot list the files under {root}: {reason}")]
    Walk { root: String, reason: String },
    /// A glob of the config is not a valid pattern.
    #[error("{what}: `{pattern}` is not a valid glob: {reason}")]
    Pattern {
        what: String,
        pattern: String,
        reason: String,
    },
    /// A glob of the config matches no file (fail-closed: nothing checked is never a pass).
    #[error("{what}: `{pattern}` matches no file")]
    NoMatch { what: String, pattern: String },
    /// A document or truth file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// An `ids` pattern is not a valid regular expression (config file position given).
    #[error(
        "{file}:{line}:{column}: docs.ids: `{pattern}` is not a valid regular expression: {reason}"
    )]
    IdPattern {
        file: String,
        line: u64,
        column: u64,
        pattern: String,
        reason: String,
    },
    /// A truth file could not be parsed.
    #[error(transparent)]
    Truth(#[from] crate::truth::TruthError),
    /// git could not answer (commit checks).
    #[error(transparent)]
    Repo(#[from] crate::repo::RepoError),
}

impl DocsError {
    /// Whether the error is in the config (exit 2) rather than in what it points at (exit 3).
    pub fn is_config_error(&self) -> bool {
        matches!(
            self,
            DocsError::Pattern { .. } | DocsError::IdPattern { .. }
        )
    }
}
