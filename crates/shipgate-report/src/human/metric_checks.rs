use shipgate_core::{format_seconds, MetricsSection};

use super::style;
use super::table::{Align, Table};
use crate::sections::{measurement_text, parse_condition};
use crate::text::{one_line, verdict_label};

/// `Metric checks`: per metric its verdict, query and condition, then every measurement
/// in order with the values measured and what each means against the condition.
pub(crate) fn section(m: &MetricsSection, color: bool) -> Vec<String> {
    let mut lines = vec!["Metric checks".to_string()];
    if m.metrics.is_empty() {
        lines.push("  No metric checks were run.".to_string());
        return lines;
    }
    for metric in &m.metrics {
        let word = style::paint(&verdict_label(metric.verdict), Some(metric.verdict), color);
        lines.push(format!("  {}: {word}", one_line(&metric.name)));
        lines.push(format!("    query: {}", one_line(&metric.query)));
        lines.push(format!("    condition: {}", one_line(&metric.condition)));
        if metric.measurements.is_empty() {
            lines.push("    no measurement was taken".to_string());
            continue;
        }
        let condition = parse_condition(&metric.condition);
        let mut table = Table::new(&[
            ("#", Align::Right),
            ("At", Align::Right),
            ("Outcome", Align::Left),
            ("Values", Align::Left),
        ]);
        for (i, row) in metric.measurements.iter().enumerate() {
            table.row(vec![
                (i + 1).to_string().into(),
                format_seconds(row.at_seconds).into(),
                one_line(&row.outcome).into(),
                one_line(&measurement_text(row, condition.as_ref())).into(),
            ]);
        }
        lines.extend(table.lines("    "));
    }
    lines
}
