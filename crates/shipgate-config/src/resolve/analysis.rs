//! The `analysis:` section: canary and baseline selectors, the judge's settings and the
//! metrics compared.

use super::resolver::Resolver;
use crate::analysis::{AnalysisConfig, AnalysisMetricConfig, Direction};
use crate::error::ConfigError;
use crate::location::Pos;
use crate::schema;
use crate::tree::Node;

/// The placeholder a query must hold for the label matchers.
const SELECTOR: &str = "{{selector}}";

impl Resolver<'_> {
    pub(super) fn analysis(
        &mut self,
        section: &Node,
        node: &Node,
    ) -> Result<AnalysisConfig, ConfigError> {
        let entries = self.mapping(
            node,
            "analysis",
            "a mapping (`canary:`, `baseline:`, `window:`, `metrics:`, ...)",
        )?;
        let mut config = AnalysisConfig {
            canary: Vec::new(),
            baseline: Vec::new(),
            window_seconds: 0.0,
            step_seconds: 30.0,
            min_samples: 20,
            pass_score: 95.0,
            marginal_score: 75.0,
            allow_marginal: false,
            alpha: 0.01,
            metrics: Vec::new(),
        };
        let mut window = None;
        let mut step_at = None;
        let mut marginal_at = None;
        let mut metrics = None;
        for (key, value) in entries {
            let name = self.key_text(key, "`analysis`")?;
            let at = format!("analysis.{name}");
            match name.as_str() {
                "canary" => config.canary = self.label_matchers(value, &at)?,
                "baseline" => config.baseline = self.label_matchers(value, &at)?,
                "window" => window = Some(self.positive_duration(key, value, &at)?),
                "step" => {
                    config.step_seconds = self.positive_duration(key, value, &at)?;
                    step_at = Some(value.at);
                }
                "min_samples" => {
                    config.min_samples = self.count(key, value, &at, "a number of samples")?;
                    if config.min_samples == 0 {
                        return Err(self.invalid(value, &at, "must be at least 1"));
                    }
                }
                "pass_score" => config.pass_score = self.score(key, value, &at)?,
                "marginal_score" => {
                    config.marginal_score = self.score(key, value, &at)?;
                    marginal_at = Some(value.at);
                }
                "allow_marginal" => config.allow_marginal = self.boolean(key, value, &at)?,
                "alpha" => {
                    config.alpha =
                        self.number(key, value, &at, "a significance level such as `0.01`")?;
                    if !(config.alpha > 0.0 && config.alpha <= 0.5) {
                        return Err(self.invalid(
                            value,
                            &at,
                            "the significance level must be more than 0 and at most 0.5",
                        ));
                    }
                }
                "metrics" => metrics = Some((key, value)),
                other => return Err(self.unknown_key(key, other, "`analysis`", &schema::ANALYSIS)),
            }
        }
        let Some(window) = window else {
            return Err(self.missing(
                section.at,
                "analysis",
                "window",
                "the range queried, ending now, such as `10m`",
            ));
        };
        config.window_seconds = window;
        if config.step_seconds > window {
            let at = step_at.unwrap_or(section.at);
            return Err(self.invalid_at(at, "analysis.step", "the step is longer than the window"));
        }
        if config.marginal_score > config.pass_score {
            let at = marginal_at.unwrap_or(section.at);
            return Err(self.invalid_at(
                at,
                "analysis.marginal_score",
                &format!("must be at most `pass_score` ({})", config.pass_score),
            ));
        }
        let Some((key, value)) = metrics else {
            return Err(self.missing(
                section.at,
                "analysis",
                "metrics",
                "a list of metrics to compare",
            ));
        };
        let items = self.list(
            value,
            "analysis.metrics",
            "a list of metrics (`- name: error_ratio`, `query: ...`, `direction: increase`)",
        )?;
        if items.is_empty() {
            return Err(self.invalid_at(key.at, "analysis.metrics", "give at least one metric"));
        }
        let mut seen: Vec<(String, Pos)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let (metric, name_at) = self.analysis_metric(item, i)?;
            self.unique(
                &mut seen,
                &metric.name,
                name_at,
                &format!("analysis.metrics[{i}].name"),
            )?;
            config.metrics.push(metric);
        }
        Ok(config)
    }

    /// A score between 0 and 100.
    fn score(&mut self, key: &Node, value: &Node, path: &str) -> Result<f64, ConfigError> {
        let s = self.number(key, value, path, "a score between 0 and 100")?;
        if !(0.0..=100.0).contains(&s) {
            return Err(self.invalid(value, path, "a score is between 0 and 100"));
        }
        Ok(s)
    }

    /// `{ label: value, ... }` in file order; label names as Prometheus spells them.
    fn label_matchers(
        &mut self,
        node: &Node,
        path: &str,
    ) -> Result<Vec<(String, String)>, ConfigError> {
        let entries = self.mapping(
            node,
            path,
            "a mapping of label names to values (`{ version: v2 }`)",
        )?;
        let mut out = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let label = self.key_text(key, "the label matchers")?;
            if let Some(bad) = label_name_problem(&label) {
                return Err(self.invalid_at(
                    self.pos_in(key, &label, bad),
                    path,
                    &format!("`{label}` is not a Prometheus label name (letters, digits and `_`, not starting with a digit)"),
                ));
            }
            let at = format!("{path}.{label}");
            let v = self.text(key, value, &at, "a label value", false)?;
            out.push((label, v.expanded.text));
        }
        Ok(out)
    }

    fn analysis_metric(
        &mut self,
        item: &Node,
        index: usize,
    ) -> Result<(AnalysisMetricConfig, Pos), ConfigError> {
        let base = format!("analysis.metrics[{index}]");
        let entries = self.mapping(
            item,
            &base,
            "a metric: a mapping (`name:`, `query:`, `direction:`, `allowed_change:`, `critical:`)",
        )?;
        let mut name = None;
        let mut query = None;
        let mut direction = None;
        let mut allowed_change = None;
        let mut critical = false;
        for (key, value) in entries {
            let k = self.key_text(key, "`analysis.metrics[]`")?;
            let at = format!("{base}.{k}");
            match k.as_str() {
                "name" => {
                    name = Some((
                        self.non_empty(key, value, &at, "a metric name", false)?,
                        value.at,
                    ))
                }
                "query" => {
                    let q = self.non_empty(
                        key,
                        value,
                        &at,
                        "a PromQL query with `{{selector}}`",
                        false,
                    )?;
                    if !q.contains(SELECTOR) {
                        return Err(self.invalid(
                            value,
                            &at,
                            "the query has no `{{selector}}`, where the canary's or the baseline's label matchers go (`http_requests_total{ {{selector}} }`)",
                        ));
                    }
                    query = Some(q);
                }
                "direction" => {
                    let d =
                        self.text(key, value, &at, "`increase`, `decrease` or `either`", false)?;
                    direction = Some(match d.expanded.text.trim().to_ascii_lowercase().as_str() {
                        "increase" => Direction::Increase,
                        "decrease" => Direction::Decrease,
                        "either" => Direction::Either,
                        _ => {
                            return Err(self.invalid(
                                value,
                                &at,
                                &format!(
                                    "`{}` is not one of {} (which change is bad)",
                                    d.decoded,
                                    Direction::KEYWORDS.join(", ")
                                ),
                            ))
                        }
                    });
                }
                "allowed_change" => allowed_change = Some(self.fraction(key, value, &at)?),
                "critical" => critical = self.boolean(key, value, &at)?,
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`analysis.metrics[]`",
                        &schema::ANALYSIS_METRIC,
                    ))
                }
            }
        }
        let Some((name, name_at)) = name else {
            return Err(self.missing(item.at, &base, "name", "a unique name for the metric"));
        };
        let Some(query) = query else {
            return Err(self.missing(
                item.at,
                &base,
                "query",
                "a PromQL query with `{{selector}}`",
            ));
        };
        let Some(direction) = direction else {
            return Err(self.missing(
                item.at,
                &base,
                "direction",
                "`increase`, `decrease` or `either`: which change is bad",
            ));
        };
        let Some(allowed_change) = allowed_change else {
            return Err(self.missing(
                item.at,
                &base,
                "allowed_change",
                "the relative change tolerated, such as `10%`",
            ));
        };
        Ok((
            AnalysisMetricConfig {
                name,
                query,
                direction,
                allowed_change,
                critical,
            },
            name_at,
        ))
    }
}

/// The character offset of the first character that makes `name` no Prometheus label name
/// (`[a-zA-Z_][a-zA-Z0-9_]*`).
fn label_name_problem(name: &str) -> Option<usize> {
    if name.is_empty() {
        return Some(0);
    }
    name.chars().enumerate().find_map(|(i, c)| {
        let ok = c.is_ascii_alphabetic() || c == '_' || (i > 0 && c.is_ascii_digit());
        (!ok).then_some(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_names() {
        assert_eq!(label_name_problem("version"), None);
        assert_eq!(label_name_problem("_a1"), None);
        assert_eq!(label_name_problem("1a"), Some(0));
        assert_eq!(label_name_problem("app.kubernetes"), Some(3));
        assert_eq!(label_name_problem(""), Some(0));
    }
}
