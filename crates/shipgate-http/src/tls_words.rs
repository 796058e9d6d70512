//! TLS failures in words. rustls shows certificate errors in their debug form
//! (`invalid peer certificate: UnknownIssuer`); this says what they mean.

use rustls::{CertificateError, Error as TlsError};

/// What went wrong, for a rustls error found in a connection error's chain.
pub(crate) fn describe(error: &TlsError) -> String {
    match error {
        TlsError::InvalidCertificate(cert) => format!(
            "the server's TLS certificate was rejected: {}",
            certificate(cert)
        ),
        TlsError::NoCertificatesPresented => "the server sent no TLS certificate".to_string(),
        TlsError::AlertReceived(alert) => format!(
            "the server ended the TLS handshake (alert: {})",
            words_of_debug(&format!("{alert:?}"))
        ),
        TlsError::PeerIncompatible(_) => {
            "the server offers no TLS version or cipher this client accepts".to_string()
        }
        TlsError::PeerMisbehaved(_) | TlsError::InvalidMessage(_) => {
            "the server broke the TLS protocol (is it speaking TLS on this port?)".to_string()
        }
        other => format!("TLS failed: {other}"),
    }
}

fn certificate(error: &CertificateError) -> String {
    use CertificateError as C;
    match error {
        C::UnknownIssuer => "certificate signed by an unknown authority (trust its CA with `tls.ca_file`, or SSL_CERT_FILE)".to_string(),
        C::Expired | C::ExpiredContext { .. } => "the certificate has expired".to_string(),
        C::NotValidYet | C::NotValidYetContext { .. } => {
            "the certificate is not valid yet (check the clocks)".to_string()
        }
        C::NotValidForName | C::NotValidForNameContext { .. } => {
            "the certificate is not valid for this host name".to_string()
        }
        C::Revoked => "the certificate has been revoked".to_string(),
        C::BadSignature => "the certificate's signature does not verify".to_string(),
        C::BadEncoding => "the certificate cannot be decoded".to_string(),
        C::InvalidPurpose | C::InvalidPurposeContext { .. } => {
            "the certificate is not meant for a TLS server".to_string()
        }
        C::UnhandledCriticalExtension => {
            "the certificate has a critical extension this client does not know".to_string()
        }
        other => words_of_debug(&format!("{other:?}")),
    }
}

/// `UnsupportedSignatureAlgorithm` → `unsupported signature algorithm`: the variant name
/// (before any fields) in lower-case words, for errors without a sentence of their own.
fn words_of_debug(debug: &str) -> String {
    let name = debug.split([' ', '(', '{']).next().unwrap_or(debug);
    let mut out = String::new();
    for c in name.chars() {
        if c.is_uppercase() && !out.is_empty() {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_errors_read_as_words() {
        let unknown = describe(&TlsError::InvalidCertificate(
            CertificateError::UnknownIssuer,
        ));
        assert!(
            unknown.contains("certificate signed by an unknown authority"),
            "{unknown}"
        );
        assert!(!unknown.contains("UnknownIssuer"), "{unknown}");
        let expired = describe(&TlsError::InvalidCertificate(CertificateError::Expired));
        assert!(
            expired.ends_with("the certificate has expired"),
            "{expired}"
        );
        let name = describe(&TlsError::InvalidCertificate(
            CertificateError::NotValidForName,
        ));
        assert!(name.contains("not valid for this host name"), "{name}");
        let revocation = describe(&TlsError::InvalidCertificate(
            CertificateError::UnknownRevocationStatus,
        ));
        assert!(
            revocation.ends_with("unknown revocation status"),
            "{revocation}"
        );
    }

    #[test]
    fn debug_names_become_words() {
        assert_eq!(words_of_debug("HandshakeFailure"), "handshake failure");
        assert_eq!(words_of_debug("Other(OtherError(x))"), "other");
    }
}
