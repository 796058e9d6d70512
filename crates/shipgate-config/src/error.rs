//! Why a config could not be loaded. Every variant that concerns the file's content names
//! `path:line:column`, with `path` exactly as given to the loader.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::location::Pos;

/// A config that could not be read, parsed or validated.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{}: cannot read the config file: {source}", file.display())]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The path is a FIFO, a device, a socket or a directory: refused before reading,
    /// since reading a FIFO with no writer would never end.
    #[error("{}: is {kind}, not a regular file; give the path of a config file", file.display())]
    NotAFile {
        file: PathBuf,
        /// `a FIFO (named pipe)`, `a device`, `a socket`, `a directory`.
        kind: &'static str,
    },

    /// Not valid YAML, or over the parser's limits (nesting depth, alias expansion).
    #[error("{}: {message}", prefix(file, *at))]
    Syntax {
        file: PathBuf,
        at: Option<Pos>,
        message: String,
    },

    /// A key the schema does not know.
    #[error(
        "{}:{line}:{column}: unknown key `{key}` in {section}; expected one of: {}{}",
        file.display(),
        expected.join(", "),
        suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default()
    )]
    UnknownKey {
        file: PathBuf,
        line: u64,
        column: u64,
        key: String,
        /// Where the key is: "the top level", "`tests`", "`tests.gates`".
        section: &'static str,
        expected: Vec<&'static str>,
        /// A known key close to the one written.
        suggestion: Option<&'static str>,
    },

    /// A value of the wrong YAML type (`junit: 5`, `gates: [1]`).
    #[error("{}:{line}:{column}: `{key}` must be {expected}, found {found}", file.display())]
    WrongType {
        file: PathBuf,
        line: u64,
        column: u64,
        /// Dotted path of the value, e.g. `tests.junit`.
        key: String,
        expected: &'static str,
        found: &'static str,
    },

    /// A value of the right type that is not acceptable (an empty path, ...).
    #[error("{}:{line}:{column}: `{key}`: {message}", file.display())]
    Invalid {
        file: PathBuf,
        line: u64,
        column: u64,
        key: String,
        message: String,
    },

    /// A gate condition that does not parse or does not fit the gate's unit; the column
    /// points at the offending character inside the condition.
    #[error("{}:{line}:{column}: gate `{gate}`: {message}", file.display())]
    Condition {
        file: PathBuf,
        line: u64,
        column: u64,
        gate: String,
        message: String,
    },

    /// `${VAR}` names a variable that is not set.
    #[error("{}:{line}:{column}: environment variable `{var}` is not set", file.display())]
    MissingEnv {
        file: PathBuf,
        line: u64,
        column: u64,
        var: String,
    },

    /// A malformed `${...}` reference.
    #[error("{}:{line}:{column}: {message}", file.display())]
    BadEnvReference {
        file: PathBuf,
        line: u64,
        column: u64,
        message: String,
    },

    /// A section that exists in shipgate's design but not in this version.
    #[error("{}:{line}:{column}: section `{section}` is not supported by this version of shipgate", file.display())]
    NotYetSupported {
        file: PathBuf,
        line: u64,
        column: u64,
        section: String,
    },
}

fn prefix(file: &Path, at: Option<Pos>) -> String {
    match at {
        Some(p) => format!("{}:{}:{}", file.display(), p.line, p.column),
        None => file.display().to_string(),
    }
}

impl ConfigError {
    /// The file the error is about.
    pub fn file(&self) -> &Path {
        match self {
            ConfigError::Io { file, .. }
            | ConfigError::NotAFile { file, .. }
            | ConfigError::Syntax { file, .. }
            | ConfigError::UnknownKey { file, .. }
            | ConfigError::WrongType { file, .. }
            | ConfigError::Invalid { file, .. }
            | ConfigError::Condition { file, .. }
            | ConfigError::MissingEnv { file, .. }
            | ConfigError::BadEnvReference { file, .. }
            | ConfigError::NotYetSupported { file, .. } => file,
        }
    }

    /// Line and column of the problem, when known.
    pub fn position(&self) -> Option<Pos> {
        match self {
            ConfigError::Io { .. } | ConfigError::NotAFile { .. } => None,
            ConfigError::Syntax { at, .. } => *at,
            ConfigError::UnknownKey { line, column, .. }
            | ConfigError::WrongType { line, column, .. }
            | ConfigError::Invalid { line, column, .. }
            | ConfigError::Condition { line, column, .. }
            | ConfigError::MissingEnv { line, column, .. }
            | ConfigError::BadEnvReference { line, column, .. }
            | ConfigError::NotYetSupported { line, column, .. } => Some(Pos::new(*line, *column)),
        }
    }
}
