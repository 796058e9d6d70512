use shipgate_core::{format_seconds, SlowTest, TestRunSummary};

use super::table::{Align, Table};
use crate::text::{capped, more_line, printable, run_duration, run_order, SLOWEST_CAP};

/// One row per run: label, order, counts and duration.
pub(crate) fn runs(runs: &[TestRunSummary]) -> Vec<String> {
    if runs.is_empty() {
        return Vec::new();
    }
    let mut table = Table::new(&[
        ("Run", Align::Left),
        ("Order", Align::Left),
        ("Unique", Align::Right),
        ("Passed", Align::Right),
        ("Failed", Align::Right),
        ("Errored", Align::Right),
        ("Skipped", Align::Right),
        ("Flaky", Align::Right),
        ("Duration", Align::Right),
    ]);
    for run in runs {
        let c = &run.counts;
        table.row(vec![
            printable(&run.label).into(),
            run_order(run).into(),
            c.unique.to_string().into(),
            c.passed.to_string().into(),
            c.failed.to_string().into(),
            c.errored.to_string().into(),
            c.skipped.to_string().into(),
            c.flaky.to_string().into(),
            run_duration(run).into(),
        ]);
    }
    let mut lines = vec!["Runs".to_string()];
    lines.extend(table.lines("  "));
    lines
}

/// A titled list of test ids, at most twenty of them; nothing when the list is empty.
pub(crate) fn ids(title: &str, ids: &[String]) -> Vec<String> {
    if ids.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!("{title} ({})", ids.len())];
    let (shown, left_out) = capped(ids);
    lines.extend(
        shown
            .iter()
            .map(|id| format!("  {}", printable(id).replace('\n', " "))),
    );
    if left_out > 0 {
        lines.push(format!("  {}", more_line(left_out)));
    }
    lines
}

/// The slowest ten tests, durations right-aligned.
pub(crate) fn slowest(slowest: &[SlowTest]) -> Vec<String> {
    if slowest.is_empty() {
        return Vec::new();
    }
    let mut table = Table::new(&[("Duration", Align::Right), ("Test", Align::Left)]);
    for t in slowest.iter().take(SLOWEST_CAP) {
        table.row(vec![
            format_seconds(t.seconds).into(),
            printable(&t.id).replace('\n', " ").into(),
        ]);
    }
    let mut lines = vec!["Slowest tests".to_string()];
    lines.extend(table.lines("  "));
    lines
}
