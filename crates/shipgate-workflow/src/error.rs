//! Why a workflow file could not be read.

/// A workflow file that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The file is not valid YAML.
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

/// `:LINE` when the line is known, nothing otherwise.
fn line_suffix(line: Option<u32>) -> String {
    line.map(|l| format!(":{l}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_file_and_line_when_known() {
        let e = WorkflowError::Yaml {
            path: ".github/workflows/ci.yml".into(),
            line: Some(7),
            message: "bad indentation".into(),
        };
        assert_eq!(
            e.to_string(),
            ".github/workflows/ci.yml:7: malformed YAML: bad indentation"
        );
        let e = WorkflowError::Yaml {
            path: "a.yml".into(),
            line: None,
            message: "x".into(),
        };
        assert_eq!(e.to_string(), "a.yml: malformed YAML: x");
    }
}
