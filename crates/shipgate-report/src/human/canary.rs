use shipgate_core::CanarySection;

use super::details::push_block;
use super::style;
use super::table::{Align, Cell, Table};
use crate::sections::{allowed, critical, effect, median_n, outcome_verdict, p_value, score_line};
use crate::text::one_line;

/// `Canary analysis`: the score line with the outcome, any warnings, the per-metric table
/// and each metric's reason.
pub(crate) fn section(c: &CanarySection, color: bool) -> Vec<String> {
    let outcome = c.outcome.to_uppercase();
    let outcome = style::paint(&one_line(&outcome), outcome_verdict(&c.outcome), color);
    let mut lines = vec![
        "Canary analysis".to_string(),
        format!("  {}: {outcome}", score_line(c)),
    ];
    for w in &c.warnings {
        push_block(&mut lines, w, "  warning: ", "    ");
    }
    if c.metrics.is_empty() {
        lines.push("  No metrics were compared.".to_string());
        return lines;
    }
    lines.push(String::new());
    let mut table = Table::new(&[
        ("Metric", Align::Left),
        ("Class", Align::Left),
        ("p-value", Align::Right),
        ("Effect", Align::Right),
        ("Allowed", Align::Right),
        ("Canary median (n)", Align::Right),
        ("Baseline median (n)", Align::Right),
        ("Critical", Align::Left),
    ]);
    for m in &c.metrics {
        let class = one_line(&m.classification);
        let paint = color.then(|| style::Style::of(m.verdict));
        table.row(vec![
            one_line(&m.name).into(),
            Cell::styled(class, paint),
            p_value(m.p_value).into(),
            effect(m).into(),
            allowed(m).into(),
            median_n(&m.canary).into(),
            median_n(&m.baseline).into(),
            critical(m).into(),
        ]);
    }
    lines.extend(table.lines("  "));
    lines.push(String::new());
    for m in &c.metrics {
        let head = format!("  {}: ", one_line(&m.name));
        push_block(&mut lines, &m.reason, &head, "    ");
    }
    lines
}
