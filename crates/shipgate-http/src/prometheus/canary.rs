//! Fetching one side's samples (canary or baseline) for the canary judge.

use std::time::{Duration, SystemTime};

use serde::Serialize;
use thiserror::Error;

use super::{build_selector, PromError, PrometheusClient};

/// Why one side's samples could not be fetched.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CanaryError {
    /// The query template has no `{{selector}}`: canary and baseline would be the same
    /// query.
    #[error("the query `{template}` has no `{{{{selector}}}}` placeholder: without it the canary and the baseline run the same query (write e.g. `http_requests_total{{ {{{{selector}}}} }}`)")]
    MissingPlaceholder {
        /// The template.
        template: String,
    },
    /// A `k=v` pair whose name is not a Prometheus label name.
    #[error("`{name}` is not a Prometheus label name (letters, digits and `_`, not starting with a digit)")]
    InvalidLabelName {
        /// The name.
        name: String,
    },
    /// The same label twice in one selector.
    #[error("the label `{name}` is given twice in one selector")]
    RepeatedLabel {
        /// The name.
        name: String,
    },
    /// No `k=v` pairs.
    #[error("a selector needs at least one `label=value` pair (e.g. version=v2)")]
    EmptySelector,
    /// `step` is zero, or `window` shorter than `step`.
    #[error("invalid range: {reason}")]
    InvalidRange {
        /// What is wrong.
        reason: String,
    },
    /// The query returned more than one series.
    #[error("the query `{query}` returned {count} series ({}); the query must return one series per side: aggregate with sum(...) or similar", labels.join(", "))]
    SeveralSeries {
        /// The rendered query.
        query: String,
        /// How many series.
        count: usize,
        /// Their labels.
        labels: Vec<String>,
    },
    /// Prometheus did not answer usefully (see [`PromError`]).
    #[error(transparent)]
    Prometheus(#[from] PromError),
}

/// One side's samples over the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideSamples {
    /// The query sent (template with the selector substituted), for evidence.
    pub query: String,
    /// The series' values in time order, `NaN`/`±Inf` included (the judge drops and
    /// counts them); empty when the query matched nothing (the judge calls that nodata).
    pub values: Vec<f64>,
    /// The labels of the series read, when there was one.
    pub series: Option<String>,
    /// [`shipgate_analysis::query_overlap_warning`] for this query and step: set when a
    /// range in the query is longer than the step (overlapping, dependent samples).
    pub overlap_warning: Option<String>,
}

/// `template` with every `{{selector}}` (spaces inside the braces allowed) replaced by the
/// matchers built from `selector` (see [`build_selector`]).
pub fn render_query(template: &str, selector: &[(String, String)]) -> Result<String, CanaryError> {
    let matchers = build_selector(selector)?;
    let mut out = String::with_capacity(template.len() + matchers.len());
    let mut rest = template;
    let mut found = false;
    while let Some(start) = rest.find("{{") {
        let after = rest.get(start + 2..).unwrap_or_default();
        let Some(end) = after.find("}}") else { break };
        let inner = after.get(..end).unwrap_or_default();
        out.push_str(rest.get(..start).unwrap_or_default());
        if inner.trim() == "selector" {
            out.push_str(&matchers);
            found = true;
        } else {
            out.push_str(rest.get(start..start + 2 + end + 2).unwrap_or_default());
        }
        rest = after.get(end + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    if !found {
        return Err(CanaryError::MissingPlaceholder {
            template: template.to_string(),
        });
    }
    Ok(out)
}

/// One side's samples: `template` rendered with `selector`, queried over the `window`
/// ending now, every `step`. See [`fetch_samples_ending`].
pub async fn fetch_samples(
    client: &PrometheusClient,
    template: &str,
    selector: &[(String, String)],
    window: Duration,
    step: Duration,
) -> Result<SideSamples, CanaryError> {
    fetch_samples_ending(client, template, selector, window, step, SystemTime::now()).await
}

/// One side's samples over `[end - window, end]`.
///
/// No series is an empty sample list (nodata for the judge, never a pass); one series
/// gives its values; several series are an error ([`CanaryError::SeveralSeries`]): the
/// judge compares one number per step and side, so the query must aggregate.
pub async fn fetch_samples_ending(
    client: &PrometheusClient,
    template: &str,
    selector: &[(String, String)],
    window: Duration,
    step: Duration,
    end: SystemTime,
) -> Result<SideSamples, CanaryError> {
    if step.is_zero() {
        return Err(CanaryError::InvalidRange {
            reason: "the step must be longer than zero".to_string(),
        });
    }
    if window < step {
        return Err(CanaryError::InvalidRange {
            reason: "the window must be at least one step long".to_string(),
        });
    }
    let query = render_query(template, selector)?;
    let overlap_warning = shipgate_analysis::query_overlap_warning(&query, step.as_secs_f64());
    let start = end.checked_sub(window).unwrap_or(SystemTime::UNIX_EPOCH);
    let mut series = client.query_range(&query, start, end, step).await?;
    if series.len() > 1 {
        return Err(CanaryError::SeveralSeries {
            query,
            count: series.len(),
            labels: series.iter().map(|s| s.labels.clone()).collect(),
        });
    }
    let only = series.pop();
    Ok(SideSamples {
        query,
        values: only.as_ref().map(|s| s.values()).unwrap_or_default(),
        series: only.map(|s| s.labels),
        overlap_warning,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn renders_every_placeholder() {
        let t = r#"sum(rate(x{code=~"5..", {{selector}} }[30s])) / sum(rate(x{ {{ selector }} }[30s]))"#;
        let q = render_query(t, &sel(&[("version", "v2")])).unwrap_or_default();
        assert_eq!(
            q,
            r#"sum(rate(x{code=~"5..", version="v2" }[30s])) / sum(rate(x{ version="v2" }[30s]))"#
        );
    }

    #[test]
    fn other_braces_are_kept() {
        let q =
            render_query("x{ {{selector}} } + y{{other}}", &sel(&[("a", "1")])).unwrap_or_default();
        assert_eq!(q, r#"x{ a="1" } + y{{other}}"#);
    }

    #[test]
    fn a_template_without_placeholder_is_an_error() {
        assert!(matches!(
            render_query("sum(x)", &sel(&[("a", "1")])),
            Err(CanaryError::MissingPlaceholder { .. })
        ));
        assert!(matches!(
            render_query("x{ {{selector}} }", &sel(&[("1a", "1")])),
            Err(CanaryError::InvalidLabelName { .. })
        ));
    }

    #[tokio::test]
    async fn ranges_are_checked_before_querying() {
        let client = PrometheusClient::new(
            url::Url::parse("http://127.0.0.1:1/").unwrap_or_else(|e| unreachable!("{e}")),
            None,
            Duration::from_secs(1),
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        let r = fetch_samples(
            &client,
            "x{ {{selector}} }",
            &sel(&[("a", "1")]),
            Duration::from_secs(60),
            Duration::ZERO,
        )
        .await;
        assert!(matches!(r, Err(CanaryError::InvalidRange { .. })));
        let r = fetch_samples(
            &client,
            "x{ {{selector}} }",
            &sel(&[("a", "1")]),
            Duration::from_secs(10),
            Duration::from_secs(30),
        )
        .await;
        assert!(matches!(r, Err(CanaryError::InvalidRange { .. })));
    }
}
