use shipgate_core::CanarySection;

use super::escape::{code, inline, prose, Place};
use super::icon;
use crate::sections::{allowed, critical, effect, median_n, p_value, score_line};

/// `### Canary analysis`: the score with the outcome, warnings, one table row per metric,
/// and each metric's reason as a list.
pub(crate) fn section(c: &CanarySection) -> String {
    let mut blocks = vec![
        "### Canary analysis".to_string(),
        format!("**{}**: {}", score_line(c), icon::outcome(&c.outcome)),
    ];
    if !c.warnings.is_empty() {
        blocks.push(
            c.warnings
                .iter()
                .map(|w| format!("- ⚠️ warning: {}", prose(w, Place::Cell)))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    if c.metrics.is_empty() {
        blocks.push("_No metrics were compared._".to_string());
        return blocks.join("\n\n");
    }
    let mut table = vec![
        "| Metric | Class | p-value | Effect | Allowed | Canary median (n) | Baseline median (n) | Critical |"
            .to_string(),
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |".to_string(),
    ];
    for m in &c.metrics {
        table.push(format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            code(&m.name, Place::Cell),
            icon::status_word(m.verdict, &m.classification),
            inline(&p_value(m.p_value), Place::Cell),
            inline(&effect(m), Place::Cell),
            inline(&allowed(m), Place::Cell),
            inline(&median_n(&m.canary), Place::Cell),
            inline(&median_n(&m.baseline), Place::Cell),
            critical(m),
        ));
    }
    blocks.push(table.join("\n"));
    blocks.push(
        c.metrics
            .iter()
            .map(|m| {
                format!(
                    "- {}: {}",
                    code(&m.name, Place::Prose),
                    prose(&m.reason, Place::Cell)
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    blocks.join("\n\n")
}
