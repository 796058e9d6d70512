//! The error type of coverage ingestion.

use thiserror::Error;

use crate::Location;

/// The supported formats, as listed in [`CoverageError::UnknownFormat`].
pub(crate) const SUPPORTED_FORMATS: &str = "Cobertura XML (root element <coverage>), \
JaCoCo XML (root element <report>), LCOV (records starting with TN: or SF:) \
or coverage.py JSON (`coverage json`: an object with \"meta\" and \"files\")";

/// Why a coverage report could not be read. Every variant names the report file; XML
/// errors add `line:column`, LCOV and JSON errors add the line.
#[derive(Debug, Error)]
pub enum CoverageError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read coverage report: {source}")]
    Io {
        /// The report file.
        path: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },

    /// The file has no content (only whitespace or a byte-order mark).
    #[error("{path}: coverage report is empty")]
    Empty {
        /// The report file.
        path: String,
    },

    /// The content is none of the supported formats.
    #[error("{path}: unknown coverage format; supported: {formats}", formats = SUPPORTED_FORMATS)]
    UnknownFormat {
        /// The report file.
        path: String,
    },

    /// The XML is not well-formed (or ends before its root element closes).
    #[error("{path}:{location}: malformed XML: {message}")]
    Xml {
        /// The report file.
        path: String,
        /// Where the problem is.
        location: Location,
        /// What is wrong.
        message: String,
    },

    /// A document type declaration with an internal subset (entity declarations) was refused;
    /// entities are never expanded.
    #[error(
        "{path}:{location}: document type declaration with an internal subset refused \
         (entity declarations are never expanded; coverage tools do not write them)"
    )]
    DtdRefused {
        /// The report file.
        path: String,
        /// Where the declaration starts.
        location: Location,
    },

    /// Well-formed XML with a value the format does not allow (a non-numeric line number, a
    /// class without a file name, ...).
    #[error("{path}:{location}: {message}")]
    InvalidXml {
        /// The report file.
        path: String,
        /// Where the offending element starts.
        location: Location,
        /// What is wrong.
        message: String,
    },

    /// An LCOV record is malformed or truncated.
    #[error("{path}:{line}: {message}")]
    Lcov {
        /// The report file.
        path: String,
        /// 1-based line of the offending record.
        line: u64,
        /// What is wrong.
        message: String,
    },

    /// coverage.py JSON that is not valid JSON or has a value of the wrong type.
    #[error("{path}:{line}: invalid coverage.py JSON: {message}")]
    Json {
        /// The report file.
        path: String,
        /// 1-based line where the JSON parser stopped.
        line: u64,
        /// What is wrong.
        message: String,
    },
}
