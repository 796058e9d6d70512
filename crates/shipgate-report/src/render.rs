use shipgate_core::Report;

use crate::{human, json, junit, markdown, sarif, Format, RenderOptions};

/// Render `report` in `format`. The result ends with a newline.
pub fn render(report: &Report, format: Format, opts: &RenderOptions) -> String {
    match format {
        Format::Human => human::render(report, opts),
        Format::Json => json::render(report),
        Format::Junit => junit::render(report, opts),
        Format::Markdown => markdown::render(report, opts),
        Format::Sarif => sarif::render(report),
    }
}
