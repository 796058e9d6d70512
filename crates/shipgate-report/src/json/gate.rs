use serde::Serialize;
use shipgate_core::GateResult;

use super::number::finite;

/// `gates[]` in the JSON contract.
#[derive(Debug, Serialize)]
pub(crate) struct GateView<'a> {
    id: &'a str,
    name: &'a str,
    verdict: &'static str,
    threshold: Option<&'a str>,
    /// Display form of the measured value (`97.50%`); `null` when nothing was measured.
    actual: Option<String>,
    /// The measured value itself; `null` when nothing was measured or it is not finite.
    value: Option<f64>,
    unit: Option<&'static str>,
    message: &'a str,
    evidence: &'a [String],
}

impl<'a> GateView<'a> {
    pub(crate) fn of(gate: &'a GateResult) -> Self {
        GateView {
            id: &gate.id,
            name: &gate.name,
            verdict: gate.verdict.key(),
            threshold: gate.threshold.as_deref(),
            actual: gate.measured.map(|m| m.display()),
            value: gate.measured.and_then(|m| finite(m.value)),
            unit: gate.measured.map(|m| m.unit.key()),
            message: &gate.message,
            evidence: &gate.evidence,
        }
    }
}
