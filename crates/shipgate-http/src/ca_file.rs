//! Extra CA certificates read from a PEM file (`tls.ca_file`), trusted in addition to the
//! system's roots.

use std::path::{Path, PathBuf};

use thiserror::Error;

/// A CA file that cannot be used. Nothing was sent.
#[derive(Debug, Error)]
pub enum CaFileError {
    /// The file could not be read.
    #[error("cannot read the CA file {}: {source}", path.display())]
    Read {
        /// The file as configured.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file holds no PEM certificate, or a certificate that does not parse.
    #[error("the CA file {} holds no usable PEM certificate ({reason})", path.display())]
    NoCertificate {
        /// The file as configured.
        path: PathBuf,
        /// What the PEM reader said.
        reason: String,
    },
}

/// Every certificate in the PEM file at `path` (at least one).
pub(crate) fn read_ca_file(path: &Path) -> Result<Vec<reqwest::Certificate>, CaFileError> {
    let pem = std::fs::read(path).map_err(|source| CaFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let none = |reason: String| CaFileError::NoCertificate {
        path: path.to_path_buf(),
        reason,
    };
    let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| none(e.to_string()))?;
    if certs.is_empty() {
        return Err(none("no `-----BEGIN CERTIFICATE-----` block".to_string()));
    }
    Ok(certs)
}
