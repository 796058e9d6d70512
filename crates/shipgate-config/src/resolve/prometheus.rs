//! The `prometheus:` section.

use super::resolver::Resolver;
use crate::error::ConfigError;
use crate::prometheus::PrometheusConfig;
use crate::schema;
use crate::tree::Node;

/// Query timeout when `timeout:` is not given, in seconds.
const DEFAULT_TIMEOUT_SECONDS: f64 = 10.0;

impl Resolver<'_> {
    pub(super) fn prometheus(
        &mut self,
        section: &Node,
        node: &Node,
    ) -> Result<PrometheusConfig, ConfigError> {
        let entries = self.mapping(
            node,
            "prometheus",
            "a mapping (`url:`, `bearer_env:`, `timeout:`, `tls:`)",
        )?;
        let mut url = None;
        let mut config = PrometheusConfig {
            url: String::new(),
            bearer_token: None,
            timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
            tls: Default::default(),
        };
        for (key, value) in entries {
            let name = self.key_text(key, "`prometheus`")?;
            match name.as_str() {
                "url" => url = Some(self.http_url(key, value, "prometheus.url")?),
                "bearer_env" => {
                    config.bearer_token = Some(shipgate_core::Secret::new(self.env_value(
                        key,
                        value,
                        "prometheus.bearer_env",
                    )?))
                }
                "timeout" => {
                    config.timeout_seconds =
                        self.positive_duration(key, value, "prometheus.timeout")?
                }
                "tls" => config.tls = self.tls(value, "prometheus.tls", "`prometheus.tls`")?,
                other => {
                    return Err(self.unknown_key(key, other, "`prometheus`", &schema::PROMETHEUS))
                }
            }
        }
        config.url = url.ok_or_else(|| {
            self.missing(
                section.at,
                "prometheus",
                "url",
                "the server's base URL, such as `http://prometheus:9090`",
            )
        })?;
        Ok(config)
    }

    /// A required `http://` or `https://` URL.
    pub(super) fn http_url(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
    ) -> Result<String, ConfigError> {
        let v = self.text(key, value, path, "a URL such as `http://host:port`", false)?;
        let url = v.expanded.text.trim().to_string();
        let lower = url.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("http://")
            .or_else(|| lower.strip_prefix("https://"));
        match rest {
            Some(host) if !host.is_empty() && !host.starts_with('/') => Ok(url),
            _ => Err(self.invalid(
                value,
                path,
                &format!(
                    "`{}` is not an http:// or https:// URL with a host",
                    v.decoded
                ),
            )),
        }
    }
}
