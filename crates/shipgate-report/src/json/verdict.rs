use shipgate_core::{Unit, Verdict};

/// The contract's verdict keyword (`not_evaluated` rather than the display `not evaluated`).
pub(crate) fn verdict_key(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "pass",
        Verdict::Warn => "warn",
        Verdict::Fail => "fail",
        Verdict::Inconclusive => "inconclusive",
        Verdict::Error => "error",
        Verdict::NotEvaluated => "not_evaluated",
    }
}

/// The contract's unit keyword.
pub(crate) fn unit_key(unit: Unit) -> &'static str {
    match unit {
        Unit::Ratio => "ratio",
        Unit::Number => "number",
        Unit::Seconds => "seconds",
    }
}
