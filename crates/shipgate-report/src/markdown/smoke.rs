use shipgate_core::{format_seconds, SmokeSection};

use super::escape::{code, inline, Place};
use super::icon;
use crate::sections::{last_status, latency};

/// `### Smoke checks`: the base URL and time taken, then one table row per check.
pub(crate) fn section(s: &SmokeSection) -> String {
    let mut lines = vec![
        "### Smoke checks".to_string(),
        String::new(),
        format!(
            "Against {} in {}.",
            code(&s.base_url, Place::Prose),
            format_seconds(s.elapsed_seconds)
        ),
    ];
    if s.checks.is_empty() {
        lines.push(String::new());
        lines.push("_No smoke checks were run._".to_string());
        return lines.join("\n");
    }
    lines.extend([
        String::new(),
        "| Check | Status | Attempts | Last status | Latency | Detail |".to_string(),
        "| --- | --- | ---: | ---: | ---: | --- |".to_string(),
    ]);
    for c in &s.checks {
        lines.push(format!(
            "| {} | {} | {} | {} | {} | {} |",
            inline(&c.name, Place::Cell),
            icon::status(c.verdict),
            c.attempts,
            last_status(c),
            latency(c),
            inline(&c.detail, Place::Cell),
        ));
    }
    lines.join("\n")
}
