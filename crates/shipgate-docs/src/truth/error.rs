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
    /// The file is not valid YAML (or not a mapping where a workflow needs one).
    #[error("{path}{}: malformed YAML: {message}", line_suffix(*.line))]
    Yaml {
        /// The file, as given.
        path: String,
        /// 1-based line of the problem, when known.
        line: Option<u32>,
        /// What the parser said.
        message: String,
    },
}

impl From<shipgate_workflow::WorkflowError> for TruthError {
    /// A workflow that does not parse is a truth file that does not parse, at the same line.
    fn from(e: shipgate_workflow::WorkflowError) -> Self {
        match e {
            shipgate_workflow::WorkflowError::Yaml {
                path,
                line,
                message,
            } => TruthError::Yaml {
                path,
                line,
                message,
            },
        }
    }
}

/// `:LINE` when the line is known, nothing otherwise.
fn line_suffix(line: Option<u32>) -> String {
    line.map(|l| format!(":{l}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_error_names_file_and_line_when_known() {
        let e = TruthError::Yaml {
            path: ".github/workflows/ci.yml".into(),
            line: Some(7),
            message: "bad indentation".into(),
        };
        assert_eq!(
            e.to_string(),
            ".github/workflows/ci.yml:7: malformed YAML: bad indentation"
        );
        let e = TruthError::Yaml {
            path: "a.yml".into(),
            line: None,
            message: "x".into(),
        };
        assert_eq!(e.to_string(), "a.yml: malformed YAML: x");
    }

    #[test]
    fn io_error_names_file() {
        let e = TruthError::Io {
            path: "scripts/deploy.sh".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
        };
        assert_eq!(e.to_string(), "scripts/deploy.sh: cannot read: gone");
    }
}
