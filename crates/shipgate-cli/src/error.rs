//! Every way a command can fail before a verdict, and the exit code each one maps to.

use shipgate_core::ExitCode;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad flags or arguments: nothing was evaluated (exit 2).
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Config(#[from] shipgate_config::ConfigError),
    #[error(transparent)]
    Junit(#[from] shipgate_ingest::JunitError),
    #[error(transparent)]
    Coverage(#[from] shipgate_ingest::CoverageError),
    #[error(transparent)]
    Store(#[from] shipgate_store::StoreError),
    /// A file, process or service could not be read or reached (exit 3).
    #[error("{0}")]
    Dependency(String),
    /// Any of the above with secret values masked, keeping its exit code.
    #[error("{message}")]
    Redacted { message: String, code: ExitCode },
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Usage(_) | CliError::Config(_) => ExitCode::Usage,
            CliError::Junit(_)
            | CliError::Coverage(_)
            | CliError::Store(_)
            | CliError::Dependency(_) => ExitCode::Dependency,
            CliError::Redacted { code, .. } => *code,
        }
    }
}

impl CliError {
    /// The same error with every secret value replaced by `***`.
    pub fn redacted(self, secrets: &[String]) -> CliError {
        let text = self.to_string();
        let masked = crate::output::redact(&text, secrets);
        if masked == text {
            return self;
        }
        CliError::Redacted {
            message: masked,
            code: self.exit_code(),
        }
    }
}
