//! Classification of one measurement (one query result) against a metric's condition.

use serde::Serialize;
use shipgate_core::{Condition, Measured, Quantity, Unit};

use crate::{Sample, SeriesValue};

/// Why a measurement is inconclusive.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InconclusiveReason {
    /// The query returned an empty vector: a wrong metric name, no traffic, a label that
    /// matches nothing. Never read as zero.
    Empty,
    /// At least one series was NaN or ±Inf (typically 0/0 from a ratio without traffic).
    NonFinite {
        /// The series whose value was not finite.
        series: Vec<SeriesValue>,
    },
}

/// What one measurement says about the condition.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum MeasurementResult {
    /// Every series satisfied the condition.
    Successful,
    /// At least one series failed the condition.
    Failed {
        /// The series that failed, with their values.
        failing: Vec<SeriesValue>,
    },
    /// Nothing usable was measured (see [`InconclusiveReason`]).
    Inconclusive {
        /// Why.
        reason: InconclusiveReason,
    },
    /// The query could not be answered.
    Error {
        /// The client's description of the problem.
        message: String,
    },
}

impl MeasurementResult {
    /// The machine keyword: `successful`, `failed`, `inconclusive`, `error`.
    pub fn key(&self) -> &'static str {
        match self {
            MeasurementResult::Successful => "successful",
            MeasurementResult::Failed { .. } => "failed",
            MeasurementResult::Inconclusive { .. } => "inconclusive",
            MeasurementResult::Error { .. } => "error",
        }
    }
}

/// One measurement as recorded: when, what was read, and what it means.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    /// Seconds since the metric's run started (the caller's clock).
    pub at_seconds: f64,
    /// Every series read (empty for an error or an empty result).
    pub values: Vec<SeriesValue>,
    /// The classification.
    pub result: MeasurementResult,
}

/// The unit a condition's values are compared in, for [`Measured`].
pub(crate) fn unit_of(condition: &Condition) -> Unit {
    match condition.quantity {
        Quantity::Percent(_) | Quantity::Relative(_) => Unit::Ratio,
        Quantity::Duration(_) => Unit::Seconds,
        Quantity::Number(_) => Unit::Number,
    }
}

/// Classify one sample against `condition`.
///
/// Order of the rules (fail-closed): an [`Sample::Error`] is an error; an empty vector is
/// inconclusive; any NaN or ±Inf series makes the whole measurement inconclusive (even if
/// another series fails, because the value that matters may be the unknown one); otherwise
/// the measurement fails if any series fails the condition, and succeeds only if every
/// series satisfies it.
pub fn classify(condition: &Condition, sample: &Sample) -> MeasurementResult {
    let values = match sample {
        Sample::Error(message) => {
            return MeasurementResult::Error {
                message: message.clone(),
            }
        }
        Sample::Values(values) => values,
    };
    if values.is_empty() {
        return MeasurementResult::Inconclusive {
            reason: InconclusiveReason::Empty,
        };
    }
    let non_finite: Vec<SeriesValue> = values
        .iter()
        .filter(|s| !s.value.is_finite())
        .cloned()
        .collect();
    if !non_finite.is_empty() {
        return MeasurementResult::Inconclusive {
            reason: InconclusiveReason::NonFinite { series: non_finite },
        };
    }
    let unit = unit_of(condition);
    let failing: Vec<SeriesValue> = values
        .iter()
        .filter(|s| {
            !condition.holds(Measured {
                value: s.value,
                unit,
            })
        })
        .cloned()
        .collect();
    if failing.is_empty() {
        MeasurementResult::Successful
    } else {
        MeasurementResult::Failed { failing }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(s: &str) -> Condition {
        Condition::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn single_value_pass_and_fail() {
        let c = cond("< 0.001");
        assert_eq!(
            classify(&c, &Sample::value(0.0005)),
            MeasurementResult::Successful
        );
        assert!(matches!(
            classify(&c, &Sample::value(0.001)),
            MeasurementResult::Failed { .. }
        ));
    }

    #[test]
    fn empty_nan_and_inf_are_inconclusive() {
        let c = cond("< 0.001");
        assert_eq!(
            classify(&c, &Sample::Values(vec![])),
            MeasurementResult::Inconclusive {
                reason: InconclusiveReason::Empty
            }
        );
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(matches!(
                classify(&c, &Sample::value(v)),
                MeasurementResult::Inconclusive {
                    reason: InconclusiveReason::NonFinite { .. }
                }
            ));
        }
    }

    #[test]
    fn one_failing_series_among_several_is_named() {
        let c = cond("< 0.001");
        let s = Sample::series([
            (r#"{version="v1"}"#, 0.0002),
            (r#"{version="v2"}"#, 0.0031),
            (r#"{version="v3"}"#, 0.0),
        ]);
        assert_eq!(
            classify(&c, &s),
            MeasurementResult::Failed {
                failing: vec![SeriesValue::new(r#"{version="v2"}"#, 0.0031)]
            }
        );
    }

    #[test]
    fn nan_in_one_series_beats_a_failure_elsewhere() {
        let c = cond("< 0.001");
        let s = Sample::series([("a", 0.5), ("b", f64::NAN)]);
        assert!(matches!(
            classify(&c, &s),
            MeasurementResult::Inconclusive { .. }
        ));
    }

    #[test]
    fn errors_stay_errors() {
        let c = cond("< 0.001");
        assert_eq!(
            classify(&c, &Sample::error("connection refused")),
            MeasurementResult::Error {
                message: "connection refused".into()
            }
        );
    }

    #[test]
    fn percent_and_duration_conditions() {
        assert_eq!(
            classify(&cond(">= 99%"), &Sample::value(0.995)),
            MeasurementResult::Successful
        );
        assert_eq!(
            classify(&cond("< 300ms"), &Sample::value(0.25)),
            MeasurementResult::Successful
        );
    }
}
