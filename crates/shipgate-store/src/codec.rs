//! How model enums are spelled in the database (the same words as the JSON report).

use shipgate_core::{Outcome, Unit, Verdict};

/// The stored spelling of a test outcome.
pub(crate) fn outcome_to_str(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::Errored => "errored",
        Outcome::Skipped => "skipped",
    }
}

/// Parse a stored test outcome; `None` for a word this version does not know.
pub(crate) fn outcome_from_str(text: &str) -> Option<Outcome> {
    match text {
        "passed" => Some(Outcome::Passed),
        "failed" => Some(Outcome::Failed),
        "errored" => Some(Outcome::Errored),
        "skipped" => Some(Outcome::Skipped),
        _ => None,
    }
}

/// The stored spelling of a verdict.
pub(crate) fn verdict_to_str(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "pass",
        Verdict::Warn => "warn",
        Verdict::Fail => "fail",
        Verdict::Inconclusive => "inconclusive",
        Verdict::Error => "error",
        Verdict::NotEvaluated => "not_evaluated",
    }
}

/// The stored spelling of a measurement unit.
pub(crate) fn unit_to_str(unit: Unit) -> &'static str {
    match unit {
        Unit::Ratio => "ratio",
        Unit::Number => "number",
        Unit::Seconds => "seconds",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_round_trip() {
        for o in [
            Outcome::Passed,
            Outcome::Failed,
            Outcome::Errored,
            Outcome::Skipped,
        ] {
            assert_eq!(outcome_from_str(outcome_to_str(o)), Some(o));
        }
        assert_eq!(outcome_from_str("Passed"), None);
    }
}
