//! The `rollout:` section: the service, its target and traffic router, the analysis run
//! while the canary takes traffic, the plans of steps and the notifications.
//!
//! What `rollout.analysis` uses from other sections (the smoke checks, metric checks by
//! name, the canary judge) may be written before or after it: it is recorded in
//! [`RolloutRefs`] and checked by [`Resolver::rollout_refs`] once the document is read.

use super::resolver::Resolver;
use crate::config::Config;
use crate::error::ConfigError;
use crate::location::Pos;
use crate::rollout::{
    ExecTarget, NginxTraffic, NotifyConfig, NotifyOn, RolloutAnalysisConfig, RolloutConfig,
    RolloutTarget, TrafficConfig,
};
use crate::schema;
use crate::tree::{Kind, Node};

/// `target.exec.timeout` when not given, in seconds.
const DEFAULT_EXEC_TIMEOUT_SECONDS: f64 = 120.0;

/// Where `rollout.analysis` refers to other sections.
pub(super) struct RolloutRefs {
    /// The `smoke:` key under `rollout.analysis`.
    smoke: Option<Pos>,
    /// The metric check names (expanded, and as written) and where they are written.
    metrics: Vec<(String, String, Pos)>,
    /// The `judge:` key, when the judge is on.
    judge: Option<Pos>,
}

impl Resolver<'_> {
    pub(super) fn rollout(
        &mut self,
        section: &Node,
        node: &Node,
    ) -> Result<(RolloutConfig, RolloutRefs), ConfigError> {
        let entries = self.mapping(
            node,
            "rollout",
            "a mapping (`service:`, `target:`, `traffic:`, `steps:`, ...)",
        )?;
        let mut service = None;
        let mut target = None;
        let mut traffic = None;
        let mut analysis = RolloutAnalysisConfig::default();
        let mut refs = RolloutRefs {
            smoke: None,
            metrics: Vec::new(),
            judge: None,
        };
        let mut steps = None;
        let mut plans = Vec::new();
        let mut notify = Vec::new();
        for (key, value) in entries {
            let name = self.key_text(key, "`rollout`")?;
            let at = format!("rollout.{name}");
            match name.as_str() {
                "service" => {
                    service = Some(self.rollout_name(
                        key,
                        value,
                        &at,
                        "a service name such as `web`",
                        true,
                    )?)
                }
                "target" => target = Some(self.rollout_target(key, value)?),
                "traffic" => traffic = Some(self.rollout_traffic(key, value)?),
                "analysis" => analysis = self.rollout_analysis(value, &mut refs)?,
                "steps" => steps = Some(self.rollout_steps(key, value, &at)?),
                "plans" => plans = self.rollout_plans(value)?,
                "notify" => notify = self.rollout_notify(value)?,
                other => return Err(self.unknown_key(key, other, "`rollout`", &schema::ROLLOUT)),
            }
        }
        let Some(service) = service else {
            return Err(self.missing(
                section.at,
                "rollout",
                "service",
                "the name of the service rolled out, such as `web`",
            ));
        };
        let Some(target) = target else {
            return Err(self.missing(
                section.at,
                "rollout",
                "target",
                "how a version is deployed: `target: { exec: { deploy: [...], promote: [...], rollback: [...] } }`",
            ));
        };
        let Some(traffic) = traffic else {
            return Err(self.missing(
                section.at,
                "rollout",
                "traffic",
                "how traffic moves to the canary: `traffic: { nginx: { ... } }`",
            ));
        };
        let Some(steps) = steps else {
            return Err(self.missing(
                section.at,
                "rollout",
                "steps",
                "the steps of the rollout, such as `[{ weight: 10 }, { pause: 5m }, { weight: 100 }]`",
            ));
        };
        Ok((
            RolloutConfig {
                service,
                target,
                traffic,
                analysis,
                steps,
                plans,
                notify,
            },
            refs,
        ))
    }

    /// Check what `rollout.analysis` refers to against the other sections of `config`.
    pub(super) fn rollout_refs(
        &self,
        refs: &RolloutRefs,
        config: &Config,
    ) -> Result<(), ConfigError> {
        if let (Some(at), None) = (refs.smoke, &config.smoke) {
            return Err(self.invalid_at(
                at,
                "rollout.analysis.smoke",
                "needs a top-level `smoke:` section, whose checks are run against this base URL",
            ));
        }
        if let (Some(at), None) = (refs.judge, &config.analysis) {
            return Err(self.invalid_at(
                at,
                "rollout.analysis.judge",
                "`judge: true` needs a top-level `analysis:` section (the canary judge's selectors and metrics)",
            ));
        }
        let known: Vec<&str> = config
            .metrics
            .iter()
            .flat_map(|m| m.checks.iter().map(|c| c.name.as_str()))
            .collect();
        for (i, (name, written, at)) in refs.metrics.iter().enumerate() {
            if known.contains(&name.as_str()) {
                continue;
            }
            let path = format!("rollout.analysis.metrics[{i}]");
            let message = if config.metrics.is_none() {
                format!(
                    "`{written}` names a metric check, but there is no top-level `metrics:` section"
                )
            } else {
                let hint = match schema::suggest(name, &known) {
                    Some(s) => format!(" (did you mean `{s}`?)"),
                    None => format!("; its checks are: {}", known.join(", ")),
                };
                format!("`{written}` is not a check of the top-level `metrics:` section{hint}")
            };
            return Err(self.invalid_at(*at, &path, &message));
        }
        Ok(())
    }

    fn rollout_target(
        &mut self,
        section: &Node,
        node: &Node,
    ) -> Result<RolloutTarget, ConfigError> {
        let entries = self.mapping(
            node,
            "rollout.target",
            "a mapping with one kind of target (`exec: { ... }`)",
        )?;
        let mut target = None;
        for (key, value) in entries {
            let name = self.key_text(key, "`rollout.target`")?;
            self.not_yet_supported(key, &format!("rollout.target.{name}"))?;
            match name.as_str() {
                "exec" => target = Some(RolloutTarget::Exec(self.exec_target(key, value)?)),
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`rollout.target`",
                        &schema::ROLLOUT_TARGET,
                    ))
                }
            }
        }
        target.ok_or_else(|| {
            self.missing(
                section.at,
                "rollout.target",
                "exec",
                "the commands that deploy, promote and roll back a version",
            )
        })
    }

    /// An error when the dotted `path` is in [`schema::NOT_YET_SUPPORTED`].
    fn not_yet_supported(&self, key: &Node, path: &str) -> Result<(), ConfigError> {
        if schema::NOT_YET_SUPPORTED.contains(&path) {
            return Err(ConfigError::NotYetSupported {
                file: self.file.to_path_buf(),
                line: key.at.line,
                column: key.at.column,
                section: path.to_string(),
            });
        }
        Ok(())
    }

    fn exec_target(&mut self, section: &Node, node: &Node) -> Result<ExecTarget, ConfigError> {
        let base = "rollout.target.exec";
        let entries = self.mapping(
            node,
            base,
            "a mapping (`deploy:`, `promote:`, `rollback:`, `timeout:`)",
        )?;
        let mut deploy = None;
        let mut promote = None;
        let mut rollback = None;
        let mut timeout_seconds = DEFAULT_EXEC_TIMEOUT_SECONDS;
        for (key, value) in entries {
            let name = self.key_text(key, "`rollout.target.exec`")?;
            let at = format!("{base}.{name}");
            match name.as_str() {
                "deploy" => deploy = Some(self.command(key, value, &at)?),
                "promote" => promote = Some(self.command(key, value, &at)?),
                "rollback" => rollback = Some(self.command(key, value, &at)?),
                "timeout" => timeout_seconds = self.positive_duration(key, value, &at)?,
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`rollout.target.exec`",
                        &schema::ROLLOUT_EXEC,
                    ))
                }
            }
        }
        let Some(deploy) = deploy else {
            return Err(self.missing(
                section.at,
                base,
                "deploy",
                "the command that starts the canary, such as `[\"./deploy.sh\", \"start\", \"{{version}}\"]`",
            ));
        };
        let Some(promote) = promote else {
            return Err(self.missing(
                section.at,
                base,
                "promote",
                "the command that makes the canary stable",
            ));
        };
        let Some(rollback) = rollback else {
            return Err(self.missing(
                section.at,
                base,
                "rollback",
                "the command that stops the canary",
            ));
        };
        Ok(ExecTarget {
            deploy,
            promote,
            rollback,
            timeout_seconds,
        })
    }

    fn rollout_traffic(
        &mut self,
        section: &Node,
        node: &Node,
    ) -> Result<TrafficConfig, ConfigError> {
        let entries = self.mapping(
            node,
            "rollout.traffic",
            "a mapping with one kind of traffic router (`nginx: { ... }`)",
        )?;
        let mut traffic = None;
        for (key, value) in entries {
            let name = self.key_text(key, "`rollout.traffic`")?;
            self.not_yet_supported(key, &format!("rollout.traffic.{name}"))?;
            match name.as_str() {
                "nginx" => traffic = Some(TrafficConfig::Nginx(self.nginx_traffic(key, value)?)),
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`rollout.traffic`",
                        &schema::ROLLOUT_TRAFFIC,
                    ))
                }
            }
        }
        traffic.ok_or_else(|| {
            self.missing(
                section.at,
                "rollout.traffic",
                "nginx",
                "the nginx upstream whose weights move traffic to the canary",
            )
        })
    }

    fn nginx_traffic(&mut self, section: &Node, node: &Node) -> Result<NginxTraffic, ConfigError> {
        let base = "rollout.traffic.nginx";
        let entries = self.mapping(
            node,
            base,
            "a mapping (`upstream_file:`, `upstream:`, `stable:`, `canary:`, `test:`, `reload:`)",
        )?;
        let mut upstream_file = None;
        let mut upstream = None;
        let mut stable = None;
        let mut canary = None;
        let mut test = None;
        let mut reload = None;
        for (key, value) in entries {
            let name = self.key_text(key, "`rollout.traffic.nginx`")?;
            let at = format!("{base}.{name}");
            match name.as_str() {
                "upstream_file" => {
                    let text =
                        self.non_empty(key, value, &at, "the path of the upstream file", false)?;
                    upstream_file = Some(self.relative_to_config(text.trim()));
                }
                "upstream" => {
                    upstream = Some(self.rollout_name(
                        key,
                        value,
                        &at,
                        "the name of the upstream block",
                        false,
                    )?)
                }
                "stable" => stable = Some(self.servers(key, value, &at)?),
                "canary" => canary = Some(self.servers(key, value, &at)?),
                "test" => test = Some(self.command(key, value, &at)?),
                "reload" => reload = Some(self.command(key, value, &at)?),
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`rollout.traffic.nginx`",
                        &schema::ROLLOUT_NGINX,
                    ))
                }
            }
        }
        let missing = |key: &str, hint: &str| self.missing(section.at, base, key, hint);
        let upstream_file = upstream_file.ok_or_else(|| {
            missing(
                "upstream_file",
                "the file holding the upstream block, such as `deploy/upstream.conf`",
            )
        })?;
        let upstream =
            upstream.ok_or_else(|| missing("upstream", "the name of the upstream block"))?;
        let stable = stable.ok_or_else(|| {
            missing(
                "stable",
                "the stable servers, such as `[\"127.0.0.1:8081\"]`",
            )
        })?;
        let canary = canary.ok_or_else(|| {
            missing(
                "canary",
                "the canary servers, such as `[\"127.0.0.1:8082\"]`",
            )
        })?;
        let test = test.ok_or_else(|| {
            missing(
                "test",
                "the command that checks the configuration, such as `[\"nginx\", \"-t\"]`",
            )
        })?;
        let reload = reload.ok_or_else(|| {
            missing(
                "reload",
                "the command that reloads nginx, such as `[\"nginx\", \"-s\", \"reload\"]`",
            )
        })?;
        for (i, c) in canary.iter().enumerate() {
            if let Some(first) = stable.iter().find(|s| s.server == c.server) {
                return Err(self.invalid_at(
                    c.at,
                    &format!("{base}.canary[{i}]"),
                    &format!(
                        "`{}` is also a stable server (line {}); the canary's servers must not be stable ones",
                        c.written, first.at.line
                    ),
                ));
            }
        }
        Ok(NginxTraffic {
            upstream_file,
            upstream,
            stable: stable.into_iter().map(|s| s.server).collect(),
            canary: canary.into_iter().map(|s| s.server).collect(),
            test,
            reload,
        })
    }

    fn rollout_analysis(
        &mut self,
        node: &Node,
        refs: &mut RolloutRefs,
    ) -> Result<RolloutAnalysisConfig, ConfigError> {
        let entries = self.mapping(
            node,
            "rollout.analysis",
            "a mapping (`interval:`, `initial_delay:`, `smoke:`, `metrics:`, `judge:`)",
        )?;
        let mut config = RolloutAnalysisConfig::default();
        for (key, value) in entries {
            let name = self.key_text(key, "`rollout.analysis`")?;
            let at = format!("rollout.analysis.{name}");
            match name.as_str() {
                "interval" => config.interval_seconds = self.positive_duration(key, value, &at)?,
                "initial_delay" => config.initial_delay_seconds = self.duration(key, value, &at)?,
                "smoke" => {
                    config.smoke_base_url = Some(self.rollout_smoke(key, value)?);
                    refs.smoke = Some(key.at);
                }
                "metrics" => {
                    let items = self.list(
                        value,
                        &at,
                        "a list of names of checks of the `metrics:` section",
                    )?;
                    let mut seen: Vec<(String, Pos)> = Vec::new();
                    config.metrics.clear();
                    refs.metrics.clear();
                    for (i, item) in items.iter().enumerate() {
                        let path = format!("{at}[{i}]");
                        let metric = match item.kind {
                            Kind::Seq(_) | Kind::Map(_) | Kind::Other => {
                                return Err(self.wrong_type(item, &path, "a metric check name"))
                            }
                            _ => self.text(key, item, &path, "a metric check name", false)?,
                        };
                        let name = metric.expanded.text.trim().to_string();
                        if name.is_empty() {
                            return Err(self.invalid(item, &path, "the value is empty"));
                        }
                        self.unique(&mut seen, &name, item.at, &path)?;
                        refs.metrics.push((name.clone(), metric.decoded, item.at));
                        let metric = name;
                        config.metrics.push(metric);
                    }
                }
                "judge" => {
                    config.judge = self.boolean(key, value, &at)?;
                    refs.judge = config.judge.then_some(key.at);
                }
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`rollout.analysis`",
                        &schema::ROLLOUT_ANALYSIS,
                    ))
                }
            }
        }
        Ok(config)
    }

    /// `rollout.analysis.smoke: { base_url: URL }`; returns the URL.
    fn rollout_smoke(&mut self, section: &Node, node: &Node) -> Result<String, ConfigError> {
        let base = "rollout.analysis.smoke";
        let entries = self.mapping(node, base, "a mapping (`base_url: \"http://canary:8080\"`)")?;
        let mut base_url = None;
        for (key, value) in entries {
            let name = self.key_text(key, "`rollout.analysis.smoke`")?;
            match name.as_str() {
                "base_url" => {
                    let path = format!("{base}.base_url");
                    let v =
                        self.text(key, value, &path, "a URL such as `http://host:port`", false)?;
                    self.placeholders(value, &v, &path)?;
                    base_url = Some(self.http_url(key, value, &path)?);
                }
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`rollout.analysis.smoke`",
                        &schema::ROLLOUT_SMOKE,
                    ))
                }
            }
        }
        base_url.ok_or_else(|| {
            self.missing(
                section.at,
                base,
                "base_url",
                "the canary's URL, which the smoke checks are run against",
            )
        })
    }

    fn rollout_notify(&mut self, node: &Node) -> Result<Vec<NotifyConfig>, ConfigError> {
        let items = self.list(
            node,
            "rollout.notify",
            "a list of notifications (`- { on: [promoted], run: [\"./notify.sh\"] }`)",
        )?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let base = format!("rollout.notify[{i}]");
            let entries = self.mapping(item, &base, "a mapping (`on:`, `run:`)")?;
            let mut on = None;
            let mut run = None;
            for (key, value) in entries {
                let name = self.key_text(key, "`rollout.notify[]`")?;
                let at = format!("{base}.{name}");
                match name.as_str() {
                    "on" => on = Some(self.notify_on(key, value, &at)?),
                    "run" => run = Some(self.command(key, value, &at)?),
                    other => {
                        return Err(self.unknown_key(
                            key,
                            other,
                            "`rollout.notify[]`",
                            &schema::ROLLOUT_NOTIFY,
                        ))
                    }
                }
            }
            let Some(on) = on else {
                return Err(self.missing(
                    item.at,
                    &base,
                    "on",
                    &format!(
                        "the outcomes to notify, among {}",
                        NotifyOn::KEYWORDS.join(", ")
                    ),
                ));
            };
            let Some(run) = run else {
                return Err(self.missing(item.at, &base, "run", "the command to run"));
            };
            out.push(NotifyConfig { on, run });
        }
        Ok(out)
    }

    /// `on: promoted` or `on: [promoted, rolled_back]`.
    fn notify_on(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
    ) -> Result<Vec<NotifyOn>, ConfigError> {
        let expected = "a list of outcomes such as `[promoted, rolled_back]`";
        let items: Vec<&Node> = match &value.kind {
            Kind::Seq(items) => items.iter().collect(),
            Kind::Str(_) => vec![value],
            Kind::Null => return Err(self.null_value(key, path, expected)),
            _ => return Err(self.wrong_type(value, path, expected)),
        };
        if items.is_empty() {
            return Err(self.invalid(value, path, "give at least one outcome"));
        }
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if !matches!(item.kind, Kind::Str(_)) {
                return Err(self.wrong_type(
                    item,
                    path,
                    "an outcome: promoted, rolled_back or stopped",
                ));
            }
            let v = self.text(key, item, path, expected, false)?;
            let word = v.expanded.text.trim();
            let Some(outcome) = NotifyOn::from_key(word) else {
                let hint = schema::suggest(word, &NotifyOn::KEYWORDS)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(self.invalid(
                    item,
                    path,
                    &format!(
                        "`{}` is not one of {}{hint}",
                        v.decoded,
                        NotifyOn::KEYWORDS.join(", ")
                    ),
                ));
            };
            if !out.contains(&outcome) {
                out.push(outcome);
            }
        }
        Ok(out)
    }
}
