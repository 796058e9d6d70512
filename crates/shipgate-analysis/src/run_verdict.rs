//! Combining finished metrics into a run verdict and report rows.
//!
//! Gate rows: id `MG-<name>` (metric gate), name = the metric's name, threshold = the
//! condition as written, measured = the **worst** finite value seen over every measurement
//! and series relative to the condition (the maximum for `<`/`<=`, the minimum for
//! `>`/`>=`, the first value violating `==`/`!=` or else the last value), so a failing
//! gate shows the number that failed it. The message lists every measured value in order,
//! grouped by series, and the evidence has the query and one line per measurement.

use shipgate_core::{Comparison, GateResult, Measured, Verdict};

use crate::format;
use crate::measurement::unit_of;
use crate::{InconclusiveReason, MeasurementResult, MetricOutcome, MetricStatus};

/// The verdict of a run over several metrics: all successful → pass; otherwise the worst
/// metric verdict by [`Verdict::severity`] (error > fail > inconclusive), matching how a
/// report combines gates: an error (exit 3) outranks a failure. No metrics at all is
/// inconclusive (nothing was verified).
pub fn run_verdict(outcomes: &[MetricOutcome]) -> Verdict {
    outcomes
        .iter()
        .map(MetricOutcome::verdict)
        .max_by_key(|v| v.severity())
        .unwrap_or(Verdict::Inconclusive)
}

/// One [`GateResult`] per metric, in the given order.
pub fn metric_gate_results(outcomes: &[MetricOutcome]) -> Vec<GateResult> {
    outcomes.iter().map(metric_gate_result).collect()
}

/// The [`GateResult`] of one metric (see the module docs for the choices).
pub fn metric_gate_result(outcome: &MetricOutcome) -> GateResult {
    let unit = unit_of(&outcome.condition);
    let measured = worst_value(outcome).map(|value| Measured { value, unit });
    let values = values_text(outcome);
    let message = format!("{}: {}", status_sentence(outcome), values);
    let mut evidence = vec![format!("query: {}", outcome.query)];
    evidence.extend(outcome.measurements.iter().map(|m| {
        let what = match &m.result {
            MeasurementResult::Error { message } => format!("error: {message}"),
            MeasurementResult::Inconclusive {
                reason: InconclusiveReason::Empty,
            } => "inconclusive: empty result".to_string(),
            other => format!("{}: {}", other.key(), series_list(&m.values)),
        };
        format!("t+{} {what}", format::duration(m.at_seconds))
    }));
    GateResult {
        id: format!("MG-{}", outcome.name),
        name: outcome.name.clone(),
        verdict: outcome.verdict(),
        threshold: Some(outcome.condition.source.clone()),
        measured,
        message,
        evidence,
    }
}

fn plural(n: u32, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn status_sentence(o: &MetricOutcome) -> String {
    let cond = &o.condition.source;
    let conclusive = o.successful + o.failed + o.inconclusive;
    match o.status {
        MetricStatus::Successful if o.failed == 0 && o.inconclusive == 0 => {
            format!(
                "all {} satisfied `{cond}`",
                plural(conclusive, "measurement")
            )
        }
        MetricStatus::Successful => format!(
            "{} of {} satisfied `{cond}` ({} failed, {} inconclusive: within the limits {} and {})",
            o.successful,
            plural(conclusive, "measurement"),
            o.failed,
            o.inconclusive,
            o.failure_limit,
            o.inconclusive_limit
        ),
        MetricStatus::Failed => format!(
            "{} failed `{cond}`, more than the {} tolerated",
            plural(o.failed, "measurement"),
            o.failure_limit
        ),
        MetricStatus::Inconclusive => format!(
            "{} inconclusive (empty result, NaN or Inf), more than the {} tolerated",
            plural(o.inconclusive, "measurement"),
            o.inconclusive_limit
        ),
        MetricStatus::Error => {
            let last = o.measurements.iter().rev().find_map(|m| match &m.result {
                MeasurementResult::Error { message } => Some(message.as_str()),
                _ => None,
            });
            format!(
                "{} consecutive query errors, more than the {} tolerated (last: {})",
                o.consecutive_error_limit + 1,
                o.consecutive_error_limit,
                last.unwrap_or("unknown")
            )
        }
    }
}

fn series_list(values: &[crate::SeriesValue]) -> String {
    values
        .iter()
        .map(|s| {
            if s.is_unlabelled() {
                format::value(s.value)
            } else {
                format!("{}={}", s.labels, format::value(s.value))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every measured value in order. With one series (or none named): `0.0012, empty, 0.0031`
/// (errors shown as `error`). With several: `0.0002, 0.0003 (series {version="v1"});
/// 0.0031, 0.0009 (series {version="v2"})`, followed by a count of empty results and errors.
fn values_text(o: &MetricOutcome) -> String {
    let mut labels: Vec<&str> = Vec::new();
    for m in &o.measurements {
        for s in &m.values {
            if !labels.contains(&s.labels.as_str()) {
                labels.push(s.labels.as_str());
            }
        }
    }
    let is_empty = |m: &&crate::Measurement| {
        matches!(
            m.result,
            MeasurementResult::Inconclusive {
                reason: InconclusiveReason::Empty
            }
        )
    };
    let is_error = |m: &&crate::Measurement| matches!(m.result, MeasurementResult::Error { .. });
    let named = |l: &str| {
        let t = l.trim();
        !(t.is_empty() || t == "{}")
    };
    if labels.len() <= 1 {
        let tokens: Vec<String> = o
            .measurements
            .iter()
            .map(|m| {
                if is_error(&m) {
                    "error".to_string()
                } else if is_empty(&m) {
                    "empty".to_string()
                } else {
                    m.values
                        .iter()
                        .map(|s| format::value(s.value))
                        .collect::<Vec<_>>()
                        .join(" ")
                }
            })
            .collect();
        let mut text = if tokens.is_empty() {
            "no measurements".to_string()
        } else {
            tokens.join(", ")
        };
        if let Some(l) = labels.first().filter(|l| named(l)) {
            text.push_str(&format!(" (series {l})"));
        }
        return text;
    }
    let mut groups: Vec<String> = labels
        .iter()
        .map(|l| {
            let vals: Vec<String> = o
                .measurements
                .iter()
                .flat_map(|m| m.values.iter().filter(|s| s.labels == *l))
                .map(|s| format::value(s.value))
                .collect();
            if named(l) {
                format!("{} (series {l})", vals.join(", "))
            } else {
                format!("{} (unlabelled series)", vals.join(", "))
            }
        })
        .collect();
    let empties = o.measurements.iter().filter(is_empty).count();
    let errors = o.measurements.iter().filter(is_error).count();
    let mut text = groups.join("; ");
    groups.clear();
    if empties > 0 {
        groups.push(format!("{empties} empty"));
    }
    if errors > 0 {
        groups.push(format!("{errors} error"));
    }
    if !groups.is_empty() {
        text.push_str(&format!("; measurements: {}", groups.join(", ")));
    }
    text
}

/// The worst finite value relative to the condition (see the module docs).
fn worst_value(o: &MetricOutcome) -> Option<f64> {
    let values: Vec<f64> = o
        .measurements
        .iter()
        .flat_map(|m| m.values.iter().map(|s| s.value))
        .filter(|v| v.is_finite())
        .collect();
    match o.condition.comparison {
        Comparison::Lt | Comparison::Le => values.iter().copied().reduce(f64::max),
        Comparison::Gt | Comparison::Ge => values.iter().copied().reduce(f64::min),
        Comparison::Eq | Comparison::Ne => {
            let first_failing = o.measurements.iter().find_map(|m| match &m.result {
                MeasurementResult::Failed { failing } => failing.first().map(|s| s.value),
                _ => None,
            });
            first_failing.or_else(|| values.last().copied())
        }
    }
}
