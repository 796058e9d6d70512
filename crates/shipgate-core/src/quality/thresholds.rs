use crate::{Condition, ConditionError, Unit};

/// One configurable gate: its config key, id, unit and default condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GateSpec {
    /// Key under `tests.gates` in `shipgate.yaml`, and the gate's name in reports.
    pub name: &'static str,
    pub id: &'static str,
    pub unit: Unit,
    /// `None`: the gate is evaluated only when configured.
    pub default: Option<&'static str>,
}

impl GateSpec {
    /// Every test-quality gate, in report order.
    pub const ALL: [GateSpec; 9] = [
        GateSpec {
            name: "order_dependent",
            id: "TQ-01",
            unit: Unit::Number,
            default: Some("== 0"),
        },
        GateSpec {
            name: "pass_rate",
            id: "TQ-02",
            unit: Unit::Ratio,
            default: Some(">= 98%"),
        },
        GateSpec {
            name: "suite_duration",
            id: "TQ-03",
            unit: Unit::Seconds,
            default: Some("< 60m"),
        },
        GateSpec {
            name: "test_duration",
            id: "TQ-03",
            unit: Unit::Seconds,
            default: Some("< 30s"),
        },
        GateSpec {
            name: "flaky",
            id: "TQ-04",
            unit: Unit::Number,
            default: Some("== 0"),
        },
        GateSpec {
            name: "line_coverage",
            id: "TQ-05",
            unit: Unit::Ratio,
            default: Some(">= 25%"),
        },
        GateSpec {
            name: "branch_coverage",
            id: "TQ-05",
            unit: Unit::Ratio,
            default: None,
        },
        GateSpec {
            name: "patch_coverage",
            id: "TQ-05",
            unit: Unit::Ratio,
            default: Some(">= 80%"),
        },
        GateSpec {
            name: "coverage_drop",
            id: "TQ-05",
            unit: Unit::Ratio,
            default: Some("<= 1%"),
        },
    ];

    pub fn by_name(name: &str) -> Option<GateSpec> {
        Self::ALL.iter().copied().find(|g| g.name == name)
    }
}

/// The conditions in force for each test-quality gate (defaults, then config, then flags).
#[derive(Debug, Clone, PartialEq)]
pub struct TestGates {
    pub order_dependent: Condition,
    pub pass_rate: Condition,
    pub suite_duration: Condition,
    pub test_duration: Condition,
    pub flaky: Condition,
    pub line_coverage: Condition,
    /// Evaluated only when configured.
    pub branch_coverage: Option<Condition>,
    /// Evaluated when a git base is given (`--base REF`).
    pub patch_coverage: Condition,
    /// Evaluated when the store has a previous coverage value for the branch.
    pub coverage_drop: Condition,
}

impl Default for TestGates {
    fn default() -> Self {
        let d = |s: &str| Condition::parse(s).unwrap_or_else(|_| unreachable_default(s));
        TestGates {
            order_dependent: d("== 0"),
            pass_rate: d(">= 98%"),
            suite_duration: d("< 60m"),
            test_duration: d("< 30s"),
            flaky: d("== 0"),
            line_coverage: d(">= 25%"),
            branch_coverage: None,
            patch_coverage: d(">= 80%"),
            coverage_drop: d("<= 1%"),
        }
    }
}

// The defaults above are literals covered by a unit test; this keeps the library free of
// `expect` while still producing a value should that test ever be deleted.
fn unreachable_default(s: &str) -> Condition {
    Condition {
        comparison: crate::Comparison::Eq,
        quantity: crate::Quantity::Number(f64::NAN),
        source: format!("invalid default {s}"),
    }
}

impl TestGates {
    /// Set the gate `name` from condition text, checking it fits the gate's unit.
    /// Errors carry the offset into `text`.
    pub fn set(&mut self, name: &str, text: &str) -> Result<(), SetGateError> {
        let spec =
            GateSpec::by_name(name).ok_or_else(|| SetGateError::UnknownGate(name.to_string()))?;
        let cond = Condition::parse(text).map_err(SetGateError::Condition)?;
        cond.check_unit(spec.unit)
            .map_err(SetGateError::Condition)?;
        match name {
            "order_dependent" => self.order_dependent = cond,
            "pass_rate" => self.pass_rate = cond,
            "suite_duration" => self.suite_duration = cond,
            "test_duration" => self.test_duration = cond,
            "flaky" => self.flaky = cond,
            "line_coverage" => self.line_coverage = cond,
            "branch_coverage" => self.branch_coverage = Some(cond),
            "patch_coverage" => self.patch_coverage = cond,
            _ => self.coverage_drop = cond,
        }
        Ok(())
    }
}

/// Why a gate could not be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetGateError {
    #[error("unknown gate `{0}` (known: order_dependent, pass_rate, suite_duration, test_duration, flaky, line_coverage, branch_coverage, patch_coverage, coverage_drop)")]
    UnknownGate(String),
    #[error("{0}")]
    Condition(ConditionError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_fit_their_units() {
        for spec in GateSpec::ALL {
            if let Some(d) = spec.default {
                let c = Condition::parse(d).unwrap();
                c.check_unit(spec.unit).unwrap();
            }
        }
        let g = TestGates::default();
        assert_eq!(g.pass_rate.threshold(), 0.98);
        assert!(g.branch_coverage.is_none());
    }

    #[test]
    fn set_checks_units() {
        let mut g = TestGates::default();
        g.set("pass_rate", ">= 99%").unwrap();
        assert_eq!(g.pass_rate.threshold(), 0.99);
        assert!(g.set("suite_duration", "< 30").is_err());
        assert!(matches!(
            g.set("speed", "< 1"),
            Err(SetGateError::UnknownGate(_))
        ));
        g.set("branch_coverage", ">= 50%").unwrap();
        assert!(g.branch_coverage.is_some());
    }
}
