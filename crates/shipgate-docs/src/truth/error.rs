//! Why a truth file could not be used.

/// A truth file that could not be read or parsed.
#[derive(Debug, thiserror::Error)]
pub enum TruthError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file, as given.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A workflow (a `.yml`/`.yaml` truth file) that does not parse, with its file and
    /// line.
    #[error(transparent)]
    Yaml(#[from] shipgate_workflow::WorkflowError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_error_names_file() {
        let e = TruthError::Io {
            path: "scripts/deploy.sh".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
        };
        assert_eq!(e.to_string(), "scripts/deploy.sh: cannot read: gone");
    }
}
