use shipgate_core::{format_seconds, SlowTest, TestRunSummary};

use super::escape::{code, inline, Place};
use crate::text::{capped, more_line, run_duration, run_order, SLOWEST_CAP};

/// One table row per run.
pub(crate) fn runs(runs: &[TestRunSummary]) -> String {
    if runs.is_empty() {
        return String::new();
    }
    let mut lines = vec![
        "### Runs".to_string(),
        String::new(),
        "| Run | Order | Unique | Passed | Failed | Errored | Skipped | Flaky | Duration |"
            .to_string(),
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |".to_string(),
    ];
    for run in runs {
        let c = &run.counts;
        lines.push(format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            inline(&run.label, Place::Cell),
            run_order(run),
            c.unique,
            c.passed,
            c.failed,
            c.errored,
            c.skipped,
            c.flaky,
            run_duration(run),
        ));
    }
    lines.join("\n")
}

/// A titled list of test ids, at most twenty; nothing when the list is empty.
pub(crate) fn ids(title: &str, ids: &[String]) -> String {
    if ids.is_empty() {
        return String::new();
    }
    let mut lines = vec![format!("### {title} ({})", ids.len()), String::new()];
    let (shown, left_out) = capped(ids);
    lines.extend(
        shown
            .iter()
            .map(|id| format!("- {}", code(id, Place::Prose))),
    );
    if left_out > 0 {
        lines.push(format!("- {}", more_line(left_out)));
    }
    lines.join("\n")
}

/// The slowest ten tests.
pub(crate) fn slowest(slowest: &[SlowTest]) -> String {
    if slowest.is_empty() {
        return String::new();
    }
    let mut lines = vec![
        "### Slowest tests".to_string(),
        String::new(),
        "| Duration | Test |".to_string(),
        "| ---: | --- |".to_string(),
    ];
    for t in slowest.iter().take(SLOWEST_CAP) {
        lines.push(format!(
            "| {} | {} |",
            format_seconds(t.seconds),
            code(&t.id, Place::Cell)
        ));
    }
    lines.join("\n")
}
