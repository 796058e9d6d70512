//! The `metrics:` section: PromQL checks against absolute conditions.

use super::resolver::Resolver;
use crate::error::ConfigError;
use crate::location::Pos;
use crate::metrics::{MetricCheckConfig, MetricsConfig};
use crate::schema;
use crate::tree::Node;

/// Defaults of a metric check (Argo Rollouts' `consecutiveErrorLimit` is 4).
const DEFAULT_COUNT: u64 = 1;
const DEFAULT_INTERVAL_SECONDS: f64 = 30.0;
const DEFAULT_CONSECUTIVE_ERROR_LIMIT: u64 = 4;

impl Resolver<'_> {
    pub(super) fn metrics(
        &mut self,
        section: &Node,
        node: &Node,
    ) -> Result<MetricsConfig, ConfigError> {
        let entries = self.mapping(node, "metrics", "a mapping (`checks:`)")?;
        let mut checks = None;
        for (key, value) in entries {
            let name = self.key_text(key, "`metrics`")?;
            match name.as_str() {
                "checks" => checks = Some((key, value)),
                other => return Err(self.unknown_key(key, other, "`metrics`", &schema::METRICS)),
            }
        }
        let Some((key, value)) = checks else {
            return Err(self.missing(section.at, "metrics", "checks", "a list of metric checks"));
        };
        let items = self.list(
            value,
            "metrics.checks",
            "a list of checks (`- name: error_ratio`, `query: ...`, `condition: \"< 0.001\"`)",
        )?;
        if items.is_empty() {
            return Err(self.invalid_at(key.at, "metrics.checks", "give at least one check"));
        }
        let mut seen: Vec<(String, Pos)> = Vec::new();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let (check, name_at) = self.metric_check(item, i)?;
            self.unique(
                &mut seen,
                &check.name,
                name_at,
                &format!("metrics.checks[{i}].name"),
            )?;
            out.push(check);
        }
        Ok(MetricsConfig { checks: out })
    }

    fn metric_check(
        &mut self,
        item: &Node,
        index: usize,
    ) -> Result<(MetricCheckConfig, Pos), ConfigError> {
        let base = format!("metrics.checks[{index}]");
        let entries = self.mapping(
            item,
            &base,
            "a check: a mapping (`name:`, `query:`, `condition:`, ...)",
        )?;
        let mut name = None;
        let mut query = None;
        let mut condition = None;
        let mut count = DEFAULT_COUNT;
        let mut interval_seconds = DEFAULT_INTERVAL_SECONDS;
        let mut failure_limit = 0;
        let mut inconclusive_limit = 0;
        let mut consecutive_error_limit = DEFAULT_CONSECUTIVE_ERROR_LIMIT;
        for (key, value) in entries {
            let k = self.key_text(key, "`metrics.checks[]`")?;
            let at = format!("{base}.{k}");
            match k.as_str() {
                "name" => {
                    name = Some((
                        self.non_empty(key, value, &at, "a check name", false)?,
                        value.at,
                    ))
                }
                "query" => {
                    query = Some(self.non_empty(key, value, &at, "a PromQL query", false)?)
                }
                "condition" => condition = Some((key, value)),
                "count" => {
                    count = self.count(key, value, &at, "a number of measurements")?;
                    if count == 0 {
                        return Err(self.invalid(value, &at, "take at least 1 measurement"));
                    }
                }
                "interval" => interval_seconds = self.positive_duration(key, value, &at)?,
                "failure_limit" => failure_limit = self.count(key, value, &at, "a whole number")?,
                "inconclusive_limit" => {
                    inconclusive_limit = self.count(key, value, &at, "a whole number")?
                }
                "consecutive_error_limit" => {
                    consecutive_error_limit = self.count(key, value, &at, "a whole number")?
                }
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`metrics.checks[]`",
                        &schema::METRIC_CHECK,
                    ))
                }
            }
        }
        let Some((name, name_at)) = name else {
            return Err(self.missing(item.at, &base, "name", "a unique name for the check"));
        };
        let Some(query) = query else {
            return Err(self.missing(item.at, &base, "query", "the PromQL query to measure"));
        };
        let Some((key, value)) = condition else {
            return Err(self.missing(item.at, &base, "condition", "such as `\"< 0.001\"`"));
        };
        let path = format!("{base}.condition");
        let expected = "a condition such as `< 0.001` or `>= 99%`";
        let cond = self.text(key, value, &path, expected, false)?;
        let condition = self.absolute_condition(value, &cond, &name)?;
        Ok((
            MetricCheckConfig {
                name,
                query,
                condition,
                count,
                interval_seconds,
                failure_limit,
                inconclusive_limit,
                consecutive_error_limit,
            },
            name_at,
        ))
    }
}
