//! Documents and truth files read as text, through the repository boundary.

use crate::boundary::Refused;
use crate::error::DocsError;
use crate::files::RepoFiles;

/// Why a document or truth file was not read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// It resolves outside the repository (a finding, not an error).
    Outside,
    /// It could not be read, or it is not UTF-8 text.
    Failed(DocsError),
}

/// The repository file `path` as text.
pub(crate) fn read(files: &RepoFiles, path: &str) -> Result<String, ReadError> {
    let bytes = files.read(path).map_err(|e| match e {
        Refused::Outside => ReadError::Outside,
        Refused::Io(source) => ReadError::Failed(DocsError::Read {
            path: path.to_owned(),
            source,
        }),
    })?;
    String::from_utf8(bytes).map_err(|_| {
        ReadError::Failed(DocsError::Read {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"),
        })
    })
}
