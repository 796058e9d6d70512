use serde::Serialize;

/// The outcome of a gate or of a whole report.
///
/// Fail-closed: missing data, an empty result or NaN is never [`Verdict::Pass`].
/// [`Verdict::NotEvaluated`] marks a gate whose evidence was not given; it is reported but
/// never counts as a pass, and an overall report is never `NotEvaluated`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
    Inconclusive,
    Error,
    NotEvaluated,
}

impl Verdict {
    /// How bad a verdict is when several are combined; higher is worse.
    /// `NotEvaluated` ranks lowest: it neither passes nor fails a report on its own.
    pub fn severity(self) -> u8 {
        match self {
            Verdict::NotEvaluated => 0,
            Verdict::Pass => 1,
            Verdict::Warn => 2,
            Verdict::Inconclusive => 3,
            Verdict::Fail => 4,
            Verdict::Error => 5,
        }
    }

    /// The word used in tables and annotations.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
            Verdict::Inconclusive => "inconclusive",
            Verdict::Error => "error",
            Verdict::NotEvaluated => "not evaluated",
        }
    }

    /// The machine keyword used in JSON and in the store (`not_evaluated`).
    pub fn key(self) -> &'static str {
        match self {
            Verdict::NotEvaluated => "not_evaluated",
            other => other.as_str(),
        }
    }

    /// Whether this verdict lets a release through.
    pub fn is_passing(self) -> bool {
        matches!(self, Verdict::Pass | Verdict::Warn)
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
