//! How model enums are spelled in the database (the same words as the JSON report).

use shipgate_core::{Outcome, Unit, Verdict};

/// The stored spelling of a test outcome (the JSON keyword).
pub(crate) fn outcome_to_str(outcome: Outcome) -> &'static str {
    outcome.key()
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

/// The stored spelling of a verdict (the JSON keyword).
pub(crate) fn verdict_to_str(verdict: Verdict) -> &'static str {
    verdict.key()
}

/// The stored spelling of a measurement unit (the JSON keyword).
pub(crate) fn unit_to_str(unit: Unit) -> &'static str {
    unit.key()
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
