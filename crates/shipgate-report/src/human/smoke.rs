use shipgate_core::{format_seconds, SmokeSection};

use super::style;
use super::table::{Align, Cell, Table};
use crate::sections::{last_status, latency};
use crate::text::one_line;

/// `Smoke checks against URL in 12.40s`, then the
/// `Check | Status | Attempts | Last status | Latency | Detail` table.
pub(crate) fn section(s: &SmokeSection, color: bool) -> Vec<String> {
    let mut lines = vec![format!(
        "Smoke checks against {} in {}",
        one_line(&s.base_url),
        format_seconds(s.elapsed_seconds)
    )];
    if s.checks.is_empty() {
        lines.push("  No smoke checks were run.".to_string());
        return lines;
    }
    let mut table = Table::new(&[
        ("Check", Align::Left),
        ("Status", Align::Left),
        ("Attempts", Align::Right),
        ("Last status", Align::Right),
        ("Latency", Align::Right),
        ("Detail", Align::Left),
    ]);
    for c in &s.checks {
        let (word, paint) = style::status(c.verdict, color);
        table.row(vec![
            one_line(&c.name).into(),
            Cell::styled(word, paint),
            c.attempts.to_string().into(),
            last_status(c).into(),
            latency(c).into(),
            one_line(&c.detail).into(),
        ]);
    }
    lines.extend(table.lines("  "));
    lines
}
