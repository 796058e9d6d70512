//! The `smoke:` section: base URL, polling, credentials, TLS and the list of checks.
//!
//! Variables captured by any check (`capture: { token: "/access_token" }`) are collected
//! before the checks are resolved, so that `${token}` in any check is kept for the smoke
//! runner instead of being looked up in the environment.

use super::resolver::Resolver;
use crate::env::is_name;
use crate::error::ConfigError;
use crate::location::Pos;
use crate::schema;
use crate::smoke::{SmokeAuth, SmokeConfig};
use crate::tree::{Kind, Node};
use shipgate_core::Secret;

/// `wait.timeout` when not given, in seconds.
const DEFAULT_WAIT_TIMEOUT_SECONDS: f64 = 300.0;
/// `wait.interval` when not given, in seconds.
const DEFAULT_WAIT_INTERVAL_SECONDS: f64 = 5.0;

impl Resolver<'_> {
    pub(super) fn smoke(
        &mut self,
        section: &Node,
        node: &Node,
    ) -> Result<SmokeConfig, ConfigError> {
        let entries = self.mapping(
            node,
            "smoke",
            "a mapping (`base_url:`, `wait:`, `auth:`, `checks:`, ...)",
        )?;
        let mut base_url = None;
        let mut checks_node = None;
        let mut config = SmokeConfig {
            base_url: String::new(),
            wait_timeout_seconds: DEFAULT_WAIT_TIMEOUT_SECONDS,
            wait_interval_seconds: DEFAULT_WAIT_INTERVAL_SECONDS,
            auth: SmokeAuth::None,
            tls_verify: true,
            tls: Default::default(),
            checks: Vec::new(),
        };
        for (key, value) in entries {
            let name = self.key_text(key, "`smoke`")?;
            match name.as_str() {
                "base_url" => base_url = Some(self.http_url(key, value, "smoke.base_url")?),
                "wait" => self.smoke_wait(value, &mut config)?,
                "auth" => config.auth = self.smoke_auth(key, value)?,
                "tls_verify" => config.tls_verify = self.boolean(key, value, "smoke.tls_verify")?,
                "tls" => config.tls = self.tls(value, "smoke.tls", "`smoke.tls`")?,
                "checks" => checks_node = Some((key, value)),
                other => return Err(self.unknown_key(key, other, "`smoke`", &schema::SMOKE)),
            }
        }
        config.base_url = base_url.ok_or_else(|| {
            self.missing(
                section.at,
                "smoke",
                "base_url",
                "the URL every check's path is resolved against, such as `\"${STAGING_URL}\"`",
            )
        })?;
        let Some((key, checks)) = checks_node else {
            return Err(self.missing(section.at, "smoke", "checks", "a list of checks"));
        };
        let items = self.list(
            checks,
            "smoke.checks",
            "a list of checks (`- name: ready`, `request: {...}`, `expect: {...}`)",
        )?;
        if items.is_empty() {
            return Err(self.invalid_at(key.at, "smoke.checks", "give at least one check"));
        }
        self.keep = self.captured_variables(items);
        let mut seen: Vec<(String, Pos)> = Vec::new();
        let mut captured: Vec<(String, Pos)> = Vec::new();
        let result = (|| {
            for (i, item) in items.iter().enumerate() {
                let (check, name_at) = self.smoke_check(item, i, &mut captured)?;
                self.unique(
                    &mut seen,
                    &check.name,
                    name_at,
                    &format!("smoke.checks[{i}].name"),
                )?;
                config.checks.push(check);
            }
            Ok(())
        })();
        self.keep.clear();
        result?;
        Ok(config)
    }

    fn smoke_wait(&mut self, node: &Node, config: &mut SmokeConfig) -> Result<(), ConfigError> {
        let entries = self.mapping(
            node,
            "smoke.wait",
            "a mapping (`timeout: 5m`, `interval: 5s`)",
        )?;
        for (key, value) in entries {
            let name = self.key_text(key, "`smoke.wait`")?;
            match name.as_str() {
                "timeout" => {
                    config.wait_timeout_seconds = self.duration(key, value, "smoke.wait.timeout")?
                }
                "interval" => {
                    config.wait_interval_seconds =
                        self.positive_duration(key, value, "smoke.wait.interval")?
                }
                other => {
                    return Err(self.unknown_key(key, other, "`smoke.wait`", &schema::SMOKE_WAIT))
                }
            }
        }
        Ok(())
    }

    fn smoke_auth(&mut self, section: &Node, node: &Node) -> Result<SmokeAuth, ConfigError> {
        let entries = self.mapping(
            node,
            "smoke.auth",
            "a mapping (`bearer_env: VAR`, or `basic_user_env: VAR` and `basic_password_env: VAR`)",
        )?;
        let mut bearer: Option<(Pos, String)> = None;
        let mut user: Option<(Pos, String)> = None;
        let mut password: Option<(Pos, String)> = None;
        for (key, value) in entries {
            let name = self.key_text(key, "`smoke.auth`")?;
            let path = format!("smoke.auth.{name}");
            let slot = match name.as_str() {
                "bearer_env" => &mut bearer,
                "basic_user_env" => &mut user,
                "basic_password_env" => &mut password,
                other => {
                    return Err(self.unknown_key(key, other, "`smoke.auth`", &schema::SMOKE_AUTH))
                }
            };
            *slot = Some((key.at, self.env_value(key, value, &path)?));
        }
        match (bearer, user, password) {
            (None, None, None) => Ok(SmokeAuth::None),
            (Some((_, token)), None, None) => Ok(SmokeAuth::Bearer {
                token: Secret::new(token),
            }),
            (None, Some((_, user)), Some((_, password))) => Ok(SmokeAuth::Basic {
                user: Secret::new(user),
                password: Secret::new(password),
            }),
            (Some((b, _)), u, p) if u.is_some() || p.is_some() => {
                // Name the key written second.
                let other = u.or(p).map_or(b, |(at, _)| at);
                Err(self.invalid_at(
                    b.max(other),
                    "smoke.auth",
                    "give either `bearer_env` or `basic_user_env` with `basic_password_env`, not both",
                ))
            }
            (None, Some(_), None) | (None, None, Some(_)) => Err(self.invalid_at(
                section.at,
                "smoke.auth",
                "basic authentication needs both `basic_user_env` and `basic_password_env`",
            )),
            _ => Err(self.invalid_at(section.at, "smoke.auth", "unsupported combination")),
        }
    }

    /// The variable names written under `capture:` in any check (checked properly when the
    /// check is resolved).
    fn captured_variables(&self, items: &[Node]) -> Vec<String> {
        let mut names = Vec::new();
        for item in items {
            let Kind::Map(entries) = &item.kind else {
                continue;
            };
            for (key, value) in entries {
                if key.scalar_text(self.source).as_deref() != Some("capture") {
                    continue;
                }
                let Kind::Map(captures) = &value.kind else {
                    continue;
                };
                for (var, _) in captures {
                    if let Some(name) = var.scalar_text(self.source) {
                        if is_name(&name) && !names.contains(&name) {
                            names.push(name);
                        }
                    }
                }
            }
        }
        names
    }
}
