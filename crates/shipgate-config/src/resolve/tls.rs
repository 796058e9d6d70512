//! `tls: { ca_file: PATH }` under `smoke:` and `prometheus:`.

use std::path::{Path, PathBuf};

use super::resolver::Resolver;
use crate::error::ConfigError;
use crate::schema;
use crate::tls::TlsConfig;
use crate::tree::Node;

impl Resolver<'_> {
    /// The `tls:` mapping of `section` (`smoke` or `prometheus`); `path` is its dotted
    /// name (`smoke.tls`) and `known_in` its name in unknown-key errors (`` `smoke.tls` ``).
    pub(super) fn tls(
        &mut self,
        node: &Node,
        path: &str,
        known_in: &'static str,
    ) -> Result<TlsConfig, ConfigError> {
        let entries = self.mapping(node, path, "a mapping (`ca_file: certs/ca.pem`)")?;
        let mut config = TlsConfig::default();
        for (key, value) in entries {
            let name = self.key_text(key, known_in)?;
            match name.as_str() {
                "ca_file" => {
                    let key_path = format!("{path}.ca_file");
                    let text =
                        self.non_empty(key, value, &key_path, "the path of a PEM file", false)?;
                    config.ca_file = Some(self.relative_to_config(text.trim()));
                }
                other => return Err(self.unknown_key(key, other, known_in, &schema::TLS)),
            }
        }
        Ok(config)
    }

    /// `path` resolved against the config file's folder (kept as is when absolute).
    pub(super) fn relative_to_config(&self, path: &str) -> PathBuf {
        let dir = match self.file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        dir.join(path)
    }
}
