//! Errors of JUnit ingestion; every variant names the file it is about.

use crate::Location;
use thiserror::Error;

/// A JUnit report could not be read or is not a usable JUnit document.
///
/// `path` is the file path (for [`super::RunBuilder::add_file`]) or the display name given
/// to [`super::RunBuilder::add_reader`].
#[derive(Debug, Error)]
pub enum JunitError {
    /// The file could not be opened (missing, a directory, no permission...).
    #[error("{path}: cannot open JUnit report: {source}")]
    Open {
        path: String,
        source: std::io::Error,
    },

    /// Reading the stream failed part way.
    #[error("{path}: cannot read JUnit report: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },

    /// The XML itself is malformed, as reported by the XML reader.
    #[error("{path}:{location}: malformed XML: {source}")]
    Xml {
        path: String,
        location: Location,
        source: quick_xml::Error,
    },

    /// The XML is malformed in a way this parser detects itself (mismatched or missing end
    /// tag, end of file inside an element, a second root element...).
    #[error("{path}:{location}: malformed XML: {reason}")]
    Malformed {
        path: String,
        location: Location,
        reason: String,
    },

    /// The document has no root element (empty file, only whitespace or comments).
    #[error("{path}: not a JUnit report: the document has no root element")]
    NoRoot { path: String },

    /// The root element is neither `testsuites` nor `testsuite`.
    #[error("{path}:{location}: not a JUnit report: root element is <{found}>, expected <testsuites> or <testsuite>")]
    WrongRoot {
        path: String,
        location: Location,
        found: String,
    },

    /// The document type declaration declares entities; they are never expanded (this is
    /// how billion-laughs and external-entity documents are refused).
    #[error("{path}:{location}: refusing a DOCTYPE that declares entities (entities are never expanded)")]
    EntityDeclaration { path: String, location: Location },
}

impl JunitError {
    /// The file path or display name the error is about.
    pub fn path(&self) -> &str {
        match self {
            JunitError::Open { path, .. }
            | JunitError::Read { path, .. }
            | JunitError::Xml { path, .. }
            | JunitError::Malformed { path, .. }
            | JunitError::NoRoot { path }
            | JunitError::WrongRoot { path, .. }
            | JunitError::EntityDeclaration { path, .. } => path,
        }
    }
}
