use serde::Serialize;

use crate::{
    CanarySection, CoverageTotals, DocsSection, GateResult, MetricsSection, OutcomeCounts,
    SmokeSection, TestRun, Verdict,
};

/// Per-run summary carried in reports (the JSON `tests.runs[]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestRunSummary {
    pub label: String,
    pub shuffled: bool,
    #[serde(flatten)]
    pub counts: OutcomeCounts,
    pub duration_seconds: f64,
    /// True when `duration_seconds` is wall time measured by shipgate.
    pub measured: bool,
}

impl TestRunSummary {
    pub fn of(run: &TestRun) -> Self {
        TestRunSummary {
            label: run.label.clone(),
            shuffled: run.shuffled,
            counts: run.counts(),
            duration_seconds: run.suite_seconds(),
            measured: run.wall_seconds.is_some(),
        }
    }
}

/// One of the slowest tests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlowTest {
    pub id: String,
    pub seconds: f64,
}

/// The test section of a report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TestsSection {
    pub runs: Vec<TestRunSummary>,
    /// Flaky test ids, sorted.
    pub flaky: Vec<String>,
    /// Order-dependent test ids, sorted.
    pub order_dependent: Vec<String>,
    /// The ten slowest tests across all runs, slowest first.
    pub slowest: Vec<SlowTest>,
}

/// Everything one command evaluated: the gates plus the evidence sections.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub verdict: Verdict,
    pub gates: Vec<GateResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tests: Option<TestsSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<CoverageTotals>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smoke: Option<SmokeSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<MetricsSection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary: Option<CanarySection>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<DocsSection>,
    /// What the reader must know although no gate failed on it, such as TLS certificate
    /// verification being off. Each once, in the order first met; absent from the JSON
    /// when empty. Warnings never change the verdict.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Report {
    pub const SCHEMA_VERSION: u32 = 1;

    /// A report over these gates, its verdict derived from them.
    pub fn new(gates: Vec<GateResult>) -> Self {
        let verdict = Self::overall(&gates);
        Report {
            schema_version: Self::SCHEMA_VERSION,
            verdict,
            gates,
            tests: None,
            coverage: None,
            smoke: None,
            metrics: None,
            canary: None,
            docs: None,
            warnings: Vec::new(),
        }
    }

    /// Add `warnings` after the ones already there, skipping any already present: merging
    /// the reports of several sections keeps each warning once, in the order first met.
    pub fn add_warnings(&mut self, warnings: impl IntoIterator<Item = String>) {
        for warning in warnings {
            if !self.warnings.contains(&warning) {
                self.warnings.push(warning);
            }
        }
    }

    /// The worst evaluated verdict; `Inconclusive` when no gate was evaluated at all
    /// (nothing measured is never a pass).
    pub fn overall(gates: &[GateResult]) -> Verdict {
        gates
            .iter()
            .map(|g| g.verdict)
            .filter(|v| *v != Verdict::NotEvaluated)
            .max_by_key(|v| v.severity())
            .unwrap_or(Verdict::Inconclusive)
    }

    /// Recompute the verdict after gates were added.
    pub fn refresh_verdict(&mut self) {
        self.verdict = Self::overall(&self.gates);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_merge_once_each_in_order_and_leave_the_verdict_alone() {
        let mut report = Report::new(Vec::new());
        let verdict = report.verdict;
        report.add_warnings(vec!["b".to_string(), "a".to_string()]);
        report.add_warnings(vec!["a".to_string(), "c".to_string(), "b".to_string()]);
        assert_eq!(report.warnings, ["b", "a", "c"]);
        assert_eq!(report.verdict, verdict);
    }

    #[test]
    fn warnings_are_in_the_json_only_when_there_are_some() {
        let mut report = Report::new(Vec::new());
        let json = serde_json::to_value(&report).unwrap_or_default();
        assert!(json.get("warnings").is_none(), "{json}");
        report.add_warnings(["tls off".to_string()]);
        let json = serde_json::to_value(&report).unwrap_or_default();
        assert_eq!(json["warnings"], serde_json::json!(["tls off"]));
    }
}
