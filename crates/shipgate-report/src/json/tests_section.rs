use serde::Serialize;
use shipgate_core::{SlowTest, TestRunSummary, TestsSection};

use super::number::finite;

/// `tests` in the JSON contract.
#[derive(Debug, Serialize)]
pub(crate) struct TestsView<'a> {
    runs: Vec<RunView<'a>>,
    flaky: &'a [String],
    order_dependent: &'a [String],
    slowest: Vec<SlowView<'a>>,
}

/// `tests.runs[]`; `passed` includes flaky tests, `unique` counts distinct test ids.
#[derive(Debug, Serialize)]
struct RunView<'a> {
    label: &'a str,
    shuffled: bool,
    unique: u64,
    passed: u64,
    failed: u64,
    errored: u64,
    skipped: u64,
    flaky: u64,
    duration_seconds: Option<f64>,
    /// True when `duration_seconds` is wall time measured by shipgate.
    measured: bool,
}

/// `tests.slowest[]`.
#[derive(Debug, Serialize)]
struct SlowView<'a> {
    id: &'a str,
    seconds: Option<f64>,
}

impl<'a> TestsView<'a> {
    pub(crate) fn of(tests: &'a TestsSection) -> Self {
        TestsView {
            runs: tests.runs.iter().map(RunView::of).collect(),
            flaky: &tests.flaky,
            order_dependent: &tests.order_dependent,
            slowest: tests.slowest.iter().map(SlowView::of).collect(),
        }
    }
}

impl<'a> RunView<'a> {
    fn of(run: &'a TestRunSummary) -> Self {
        let c = &run.counts;
        RunView {
            label: &run.label,
            shuffled: run.shuffled,
            unique: c.unique,
            passed: c.passed,
            failed: c.failed,
            errored: c.errored,
            skipped: c.skipped,
            flaky: c.flaky,
            duration_seconds: finite(run.duration_seconds),
            measured: run.measured,
        }
    }
}

impl<'a> SlowView<'a> {
    fn of(test: &'a SlowTest) -> Self {
        SlowView {
            id: &test.id,
            seconds: finite(test.seconds),
        }
    }
}
