use shipgate_core::{format_seconds, MetricsSection};

use super::escape::{code, inline, Place};
use super::icon;
use crate::sections::{measurement_text, parse_condition};

/// `### Metric checks`: per metric its verdict, query and condition, then a table of every
/// measurement with the values measured and what each means against the condition.
pub(crate) fn section(m: &MetricsSection) -> String {
    let mut blocks = vec!["### Metric checks".to_string()];
    if m.metrics.is_empty() {
        blocks.push("_No metric checks were run._".to_string());
    }
    for metric in &m.metrics {
        let mut lines = vec![
            format!(
                "**{} {}**",
                icon::status(metric.verdict),
                code(&metric.name, Place::Prose)
            ),
            String::new(),
            format!("- query: {}", code(&metric.query, Place::Prose)),
            format!("- condition: {}", code(&metric.condition, Place::Prose)),
        ];
        if metric.measurements.is_empty() {
            lines.push("- no measurement was taken".to_string());
            blocks.push(lines.join("\n"));
            continue;
        }
        let condition = parse_condition(&metric.condition);
        lines.extend([
            String::new(),
            "| # | At | Outcome | Values |".to_string(),
            "| ---: | ---: | --- | --- |".to_string(),
        ]);
        for (i, row) in metric.measurements.iter().enumerate() {
            lines.push(format!(
                "| {} | {} | {} | {} |",
                i + 1,
                format_seconds(row.at_seconds),
                inline(&row.outcome, Place::Cell),
                inline(&measurement_text(row, condition.as_ref()), Place::Cell),
            ));
        }
        blocks.push(lines.join("\n"));
    }
    blocks.join("\n\n")
}
