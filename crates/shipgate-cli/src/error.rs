//! Every way a command can fail before a verdict, and the exit code each one maps to.

use shipgate_core::ExitCode;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad flags or arguments the command line itself checks: nothing was evaluated (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The engine could not evaluate (its exit code says why).
    #[error(transparent)]
    Engine(#[from] shipgate_engine::EngineError),
    /// The report could not be written (exit 3).
    #[error("{what}")]
    Output {
        what: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<shipgate_store::StoreError> for CliError {
    fn from(e: shipgate_store::StoreError) -> Self {
        CliError::Engine(e.into())
    }
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Usage(_) => ExitCode::Usage,
            CliError::Engine(e) => e.exit_code(),
            CliError::Output { .. } => ExitCode::Dependency,
        }
    }

    /// The message and every cause, as printed after `shipgate: error: `.
    pub fn chain(&self) -> String {
        shipgate_engine::chain(self)
    }
}
