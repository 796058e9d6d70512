//! Wording shared by the text formats (human, Markdown, annotations), so that every format
//! names gates, verdicts and numbers the same way.

use shipgate_core::{format_seconds, GateResult, TestRunSummary, Verdict};

/// Long lists (test ids, evidence) are cut after this many items in text formats.
pub(crate) const LIST_CAP: usize = 20;

/// How many of the slowest tests are shown.
pub(crate) const SLOWEST_CAP: usize = 10;

/// `TQ-02 pass_rate`.
pub(crate) fn gate_label(gate: &GateResult) -> String {
    match (gate.id.is_empty(), gate.name.is_empty()) {
        (true, _) => gate.name.clone(),
        (false, true) => gate.id.clone(),
        (false, false) => format!("{} {}", gate.id, gate.name),
    }
}

/// `PASS`, `NOT EVALUATED`: the verdict as shown in tables and the final line.
pub(crate) fn verdict_label(verdict: Verdict) -> String {
    verdict.as_str().to_uppercase()
}

/// The threshold as written, `-` when the gate has none.
pub(crate) fn threshold_display(gate: &GateResult) -> String {
    gate.threshold.clone().unwrap_or_else(|| "-".to_string())
}

/// Whether a gate's message and evidence are worth showing below the table.
pub(crate) fn needs_details(gate: &GateResult) -> bool {
    gate.verdict != Verdict::Pass
}

/// The first [`LIST_CAP`] items and how many were left out.
pub(crate) fn capped<T>(items: &[T]) -> (&[T], usize) {
    let shown = items.len().min(LIST_CAP);
    (&items[..shown], items.len() - shown)
}

/// `… and 3 more`.
pub(crate) fn more_line(left_out: usize) -> String {
    format!("… and {left_out} more")
}

/// `81.20%`, or `-` when there is nothing to divide by (or the value is not a number).
pub(crate) fn percent(ratio: Option<f64>) -> String {
    match ratio {
        Some(r) if r.is_finite() => format!("{:.2}%", r * 100.0),
        _ => "-".to_string(),
    }
}

/// Why a report that did not pass has no failing gate to show for it: nothing was evaluated.
pub(crate) fn nothing_evaluated(verdict: Verdict) -> String {
    format!(
        "overall verdict {verdict}: no gate was evaluated, and nothing measured is never a pass"
    )
}

/// `in order` or `shuffled`.
pub(crate) fn run_order(run: &TestRunSummary) -> &'static str {
    if run.shuffled {
        "shuffled"
    } else {
        "in order"
    }
}

/// A run's duration; `(wall)` marks time measured by shipgate rather than read from reports.
pub(crate) fn run_duration(run: &TestRunSummary) -> String {
    let time = format_seconds(run.duration_seconds);
    if run.measured {
        format!("{time} (wall)")
    } else {
        time
    }
}

/// `text` with control characters (other than newline and tab; CRLF becomes a newline) made visible as escapes, so
/// that test output quoted in evidence cannot move the cursor or recolour a terminal.
pub(crate) fn printable(text: &str) -> String {
    if !text.chars().any(is_hidden_control) {
        return text.to_string();
    }
    let text = text.replace("\r\n", "\n");
    text.chars()
        .map(|c| {
            if is_hidden_control(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// [`printable`] text on one line, for table cells: newlines and tabs become spaces.
pub(crate) fn one_line(text: &str) -> String {
    printable(text).replace(['\n', '\t'], " ")
}

fn is_hidden_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_long_lists() {
        let items: Vec<u32> = (0..25).collect();
        let (shown, rest) = capped(&items);
        assert_eq!((shown.len(), rest), (20, 5));
        let (shown, rest) = capped(&items[..3]);
        assert_eq!((shown.len(), rest), (3, 0));
        assert_eq!(more_line(5), "… and 5 more");
    }

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(printable("a\x1b[31mb\nc\td"), "a\\u{1b}[31mb\nc\td");
        assert_eq!(printable("plain"), "plain");
    }

    #[test]
    fn percent_never_shows_nan() {
        assert_eq!(percent(Some(0.8125)), "81.25%");
        assert_eq!(percent(Some(f64::NAN)), "-");
        assert_eq!(percent(None), "-");
    }
}
