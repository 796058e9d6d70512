use serde::Serialize;

use crate::{format_seconds, Unit, Verdict};

/// A measured value together with the unit it is expressed in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Measured {
    pub value: f64,
    pub unit: Unit,
}

impl Measured {
    pub fn ratio(value: f64) -> Self {
        Measured {
            value,
            unit: Unit::Ratio,
        }
    }
    pub fn count(value: u64) -> Self {
        Measured {
            value: value as f64,
            unit: Unit::Number,
        }
    }
    pub fn seconds(value: f64) -> Self {
        Measured {
            value,
            unit: Unit::Seconds,
        }
    }

    /// Human form: `97.50%`, `12`, `1m 02s`.
    pub fn display(&self) -> String {
        if self.value.is_nan() {
            return "NaN".to_string();
        }
        match self.unit {
            Unit::Ratio => format!("{:.2}%", self.value * 100.0),
            Unit::Seconds => format_seconds(self.value),
            Unit::Number => {
                if self.value.fract() == 0.0 && self.value.abs() < 1e15 {
                    format!("{}", self.value as i64)
                } else {
                    format!("{}", self.value)
                }
            }
        }
    }
}

/// The result of evaluating one gate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateResult {
    /// Stable id such as `TQ-02`. Several gates may share an id (TQ-03 has two).
    pub id: String,
    /// The gate's name, which is also its key in the config (`pass_rate`).
    pub name: String,
    pub verdict: Verdict,
    /// The condition as written (`>= 98%`); `None` when the gate was not evaluated.
    pub threshold: Option<String>,
    /// The measured value; `None` when nothing could be measured.
    pub measured: Option<Measured>,
    /// One sentence explaining the verdict.
    pub message: String,
    /// Where the number came from: files, test ids, how to enable the gate.
    pub evidence: Vec<String>,
}

impl GateResult {
    /// Display form of the measured value, `-` when there is none.
    pub fn actual_display(&self) -> String {
        self.measured
            .map(|m| m.display())
            .unwrap_or_else(|| "-".to_string())
    }

    /// A gate whose evidence was not given.
    pub fn not_evaluated(id: &str, name: &str, message: impl Into<String>) -> Self {
        GateResult {
            id: id.to_string(),
            name: name.to_string(),
            verdict: Verdict::NotEvaluated,
            threshold: None,
            measured: None,
            message: message.into(),
            evidence: Vec::new(),
        }
    }
}
