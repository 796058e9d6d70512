//! The steps of a rollout: `rollout.steps` and every plan of `rollout.plans`. A step is a
//! mapping with exactly one key (`hook`, `weight`, `pause` or `approve`); a list of steps
//! holds at least one `weight` step, and its hooks have unique names.

use super::resolver::Resolver;
use crate::error::ConfigError;
use crate::location::Pos;
use crate::rollout::{HookConfig, RolloutStepConfig};
use crate::schema;
use crate::tree::Node;

/// `hook.timeout` when not given, in seconds.
const DEFAULT_HOOK_TIMEOUT_SECONDS: f64 = 300.0;

impl Resolver<'_> {
    /// The list of steps `value` written at `key`; `path` is its dotted name.
    pub(super) fn rollout_steps(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
    ) -> Result<Vec<RolloutStepConfig>, ConfigError> {
        let items = self.list(
            value,
            path,
            "a list of steps (`- weight: 10`, `- pause: 5m`, `- approve: { timeout: 30m }`, `- hook: { ... }`)",
        )?;
        if items.is_empty() {
            return Err(self.invalid_at(
                key.at,
                path,
                "give at least one step, among them a `weight` step",
            ));
        }
        let mut hooks: Vec<(String, Pos)> = Vec::new();
        let mut steps = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let base = format!("{path}[{i}]");
            let (step, name_at) = self.rollout_step(item, &base)?;
            if let (RolloutStepConfig::Hook(hook), Some(at)) = (&step, name_at) {
                self.unique(&mut hooks, &hook.name, at, &format!("{base}.hook.name"))?;
            }
            steps.push(step);
        }
        if !steps
            .iter()
            .any(|s| matches!(s, RolloutStepConfig::Weight(_)))
        {
            return Err(self.invalid_at(
                key.at,
                path,
                "the steps need at least one `weight` step (the canary is deployed at the first)",
            ));
        }
        Ok(steps)
    }

    /// `rollout.plans`: plan names to lists of steps, in file order.
    pub(super) fn rollout_plans(
        &mut self,
        node: &Node,
    ) -> Result<Vec<(String, Vec<RolloutStepConfig>)>, ConfigError> {
        let entries = self.mapping(
            node,
            "rollout.plans",
            "a mapping of plan names to lists of steps (`hotfix: [{ weight: 100 }]`)",
        )?;
        let mut plans = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let name = self.key_text(key, "`rollout.plans`")?;
            if let Some(bad) = name
                .chars()
                .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
                .or(name.is_empty().then_some(0))
            {
                return Err(self.invalid_at(
                    self.pos_in(key, &name, bad),
                    "rollout.plans",
                    &format!(
                        "`{name}` is not a plan name (ASCII letters, digits, `.`, `_` and `-`)"
                    ),
                ));
            }
            let steps = self.rollout_steps(key, value, &format!("rollout.plans.{name}"))?;
            plans.push((name, steps));
        }
        Ok(plans)
    }

    /// One step, and where its hook's name is written (for a hook).
    fn rollout_step(
        &mut self,
        item: &Node,
        base: &str,
    ) -> Result<(RolloutStepConfig, Option<Pos>), ConfigError> {
        let entries = self.mapping(
            item,
            base,
            "a step: a mapping with one key (`hook:`, `weight:`, `pause:` or `approve:`)",
        )?;
        let mut step: Option<(String, RolloutStepConfig, Option<Pos>)> = None;
        for (key, value) in entries {
            let name = self.key_text(key, "a rollout step")?;
            let at = format!("{base}.{name}");
            if !schema::ROLLOUT_STEP.contains(&name.as_str()) {
                return Err(self.unknown_key(key, &name, "a rollout step", &schema::ROLLOUT_STEP));
            }
            if let Some((first, _, _)) = &step {
                return Err(self.invalid(
                    key,
                    &at,
                    &format!(
                        "a step has exactly one key and this one already has `{first}`; write `{name}:` as a step of its own (`- {name}: ...`)"
                    ),
                ));
            }
            let (resolved, name_at) = match name.as_str() {
                "hook" => {
                    let (hook, name_at) = self.hook(key, value, &at)?;
                    (RolloutStepConfig::Hook(hook), Some(name_at))
                }
                "weight" => {
                    let w = self.count(key, value, &at, "a weight, 0 to 100")?;
                    match u8::try_from(w) {
                        Ok(w) if w <= 100 => (RolloutStepConfig::Weight(w), None),
                        _ => {
                            return Err(self.invalid(
                                value,
                                &at,
                                &format!("{w} is over 100; the weight is the canary's share of traffic, 0 to 100"),
                            ))
                        }
                    }
                }
                "pause" => (
                    RolloutStepConfig::Pause {
                        seconds: self.positive_duration(key, value, &at)?,
                    },
                    None,
                ),
                _ => (
                    RolloutStepConfig::Approve {
                        timeout_seconds: self.approve(key, value, &at)?,
                    },
                    None,
                ),
            };
            step = Some((name, resolved, name_at));
        }
        match step {
            Some((_, step, name_at)) => Ok((step, name_at)),
            None => Err(self.invalid(
                item,
                base,
                "a step needs one key: `hook`, `weight`, `pause` or `approve`",
            )),
        }
    }

    /// `hook: { name, run, undo, timeout }`, and where the name is written.
    fn hook(
        &mut self,
        section: &Node,
        node: &Node,
        base: &str,
    ) -> Result<(HookConfig, Pos), ConfigError> {
        let entries = self.mapping(
            node,
            base,
            "a mapping (`name:`, `run:`, `undo:`, `timeout:`)",
        )?;
        let mut name = None;
        let mut run = None;
        let mut undo = None;
        let mut timeout_seconds = DEFAULT_HOOK_TIMEOUT_SECONDS;
        for (key, value) in entries {
            let k = self.key_text(key, "a step's `hook`")?;
            let at = format!("{base}.{k}");
            match k.as_str() {
                "name" => {
                    let n = self.non_empty(key, value, &at, "a hook name", false)?;
                    name = Some((n.trim().to_string(), value.at));
                }
                "run" => run = Some(self.command(key, value, &at)?),
                "undo" => undo = Some(self.command(key, value, &at)?),
                "timeout" => timeout_seconds = self.positive_duration(key, value, &at)?,
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "a step's `hook`",
                        &schema::ROLLOUT_HOOK,
                    ))
                }
            }
        }
        let Some((name, name_at)) = name else {
            return Err(self.missing(section.at, base, "name", "a name, unique among the hooks"));
        };
        let Some(run) = run else {
            return Err(self.missing(
                section.at,
                base,
                "run",
                "the command, such as `[\"./backup.sh\"]`",
            ));
        };
        Ok((
            HookConfig {
                name,
                run,
                undo,
                timeout_seconds,
            },
            name_at,
        ))
    }

    /// `approve: { timeout }`; returns the timeout in seconds.
    fn approve(&mut self, section: &Node, node: &Node, base: &str) -> Result<f64, ConfigError> {
        let entries = self.mapping(node, base, "a mapping (`timeout: 30m`)")?;
        let mut timeout = None;
        for (key, value) in entries {
            let k = self.key_text(key, "a step's `approve`")?;
            match k.as_str() {
                "timeout" => {
                    timeout =
                        Some(self.positive_duration(key, value, &format!("{base}.timeout"))?)
                }
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "a step's `approve`",
                        &schema::ROLLOUT_APPROVE,
                    ))
                }
            }
        }
        timeout.ok_or_else(|| {
            self.missing(
                section.at,
                base,
                "timeout",
                "how long to wait for an approval, such as `30m`",
            )
        })
    }
}
