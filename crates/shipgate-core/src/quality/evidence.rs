use std::collections::{BTreeMap, BTreeSet};

use crate::{CoverageReport, TestRun};

/// Lines changed since a git base, per repository-relative path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PatchEvidence {
    /// The base as given (`origin/main`).
    pub base: String,
    /// Path (repository-relative, `/`-separated) → changed line numbers in the new version.
    pub changed: BTreeMap<String, BTreeSet<u32>>,
}

/// The last coverage the store recorded on the same branch.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousCoverage {
    pub line_ratio: f64,
    pub branch: String,
    pub commit: Option<String>,
}

/// A test's flip rate from history, shown as TQ-04 evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct FlipRateNote {
    pub id: String,
    pub rate: f64,
    pub observations: u64,
}

/// Everything the test-quality gates look at. Any part may be missing: a gate whose
/// evidence is missing is reported as not evaluated, never as passed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TestEvidence {
    /// In-order runs first or mixed; each run says whether it was shuffled.
    pub runs: Vec<TestRun>,
    pub coverage: Option<CoverageReport>,
    pub patch: Option<PatchEvidence>,
    pub previous_coverage: Option<PreviousCoverage>,
    /// Highest flip rates from history (may be empty).
    pub flip_rates: Vec<FlipRateNote>,
}

impl TestEvidence {
    pub fn in_order_runs(&self) -> impl Iterator<Item = &TestRun> {
        self.runs.iter().filter(|r| !r.shuffled)
    }

    pub fn shuffled_runs(&self) -> impl Iterator<Item = &TestRun> {
        self.runs.iter().filter(|r| r.shuffled)
    }
}
