use serde::Serialize;

use crate::TestRecords;

/// The final outcome of one test in one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Passed,
    Failed,
    Errored,
    Skipped,
}

impl Outcome {
    /// The machine keyword used in JSON and in the store.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::Errored => "errored",
            Outcome::Skipped => "skipped",
        }
    }

    /// Precedence when one test case element carries several markers:
    /// error > failure > skipped > pass.
    pub fn precedence(self) -> u8 {
        match self {
            Outcome::Passed => 0,
            Outcome::Skipped => 1,
            Outcome::Failed => 2,
            Outcome::Errored => 3,
        }
    }

    /// Passed, failed or errored: the test ran.
    pub fn executed(self) -> bool {
        !matches!(self, Outcome::Skipped)
    }

    /// Failed or errored.
    pub fn is_failure(self) -> bool {
        matches!(self, Outcome::Failed | Outcome::Errored)
    }
}

/// One execution of a test suite: the JUnit reports of one run, folded per test id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestRun {
    /// A name for the run shown in reports (`run 1`, `shuffled run 2`, a glob...).
    pub label: String,
    /// Whether the run executed tests in a shuffled order.
    pub shuffled: bool,
    /// Distinct tests, in first-seen order.
    pub tests: TestRecords,
    /// The time the reports claim for the whole run, in seconds.
    pub reported_seconds: f64,
    /// Wall time measured by shipgate when it ran the suite itself.
    pub wall_seconds: Option<f64>,
    /// Test cases whose report gave a usable `time` (0 means the reports carry no per-test
    /// times, which is different from tests that took no time).
    pub timed_tests: u64,
    /// The report files this run was read from.
    pub sources: Vec<String>,
}

/// Outcome counts of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OutcomeCounts {
    pub unique: u64,
    pub passed: u64,
    pub failed: u64,
    pub errored: u64,
    pub skipped: u64,
    pub flaky: u64,
}

impl TestRun {
    /// Counts by final outcome; `passed` includes flaky tests (they passed in the end).
    pub fn counts(&self) -> OutcomeCounts {
        let mut c = OutcomeCounts {
            unique: self.tests.len() as u64,
            ..OutcomeCounts::default()
        };
        for t in self.tests.facts() {
            match t.outcome {
                Outcome::Passed => c.passed += 1,
                Outcome::Failed => c.failed += 1,
                Outcome::Errored => c.errored += 1,
                Outcome::Skipped => c.skipped += 1,
            }
            if t.flaky {
                c.flaky += 1;
            }
        }
        c
    }

    /// The suite time that gates use: measured wall time when known, else the reports' time.
    pub fn suite_seconds(&self) -> f64 {
        self.wall_seconds.unwrap_or(self.reported_seconds)
    }
}
