use shipgate_core::{DocsSection, Finding, Report};

use super::excerpt::{self, GUTTER};
use super::style::Style;
use crate::sections::{column, kind_warns, position, totals};
use crate::text::one_line;

/// The documentation findings, one block per file: the file on its own line, then per
/// finding `  12:5  broken-link  message`, the offending line with a caret under the
/// column, and `= did you mean …` when there is a suggestion; last, the totals line
/// (`3 findings in 2 of 14 documents`).
pub(crate) fn sections(report: &Report, docs: &DocsSection, color: bool) -> Vec<Vec<String>> {
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut findings = docs.findings.iter().peekable();
    while let Some(first) = findings.next() {
        let mut group = vec![first];
        while let Some(next) = findings.next_if(|f| f.file == first.file) {
            group.push(next);
        }
        blocks.push(file_block(report, &group, color));
    }
    blocks.push(vec![totals(docs)]);
    blocks
}

fn file_block(report: &Report, group: &[&Finding], color: bool) -> Vec<String> {
    let Some(first) = group.first() else {
        return Vec::new();
    };
    let positions: Vec<String> = group.iter().map(|f| position(f)).collect();
    let position_width = positions
        .iter()
        .map(|p| p.chars().count())
        .max()
        .unwrap_or(0);
    let kind_width = group.iter().map(|f| f.kind.key().len()).max().unwrap_or(0);
    let mut lines = vec![one_line(&first.file)];
    for (f, pos) in group.iter().zip(&positions) {
        let style = color.then(|| {
            if kind_warns(report, f.kind) {
                Style::Yellow
            } else {
                Style::Red
            }
        });
        let paint = |text: &str| style.map_or_else(|| text.to_string(), |s| s.paint(text));
        let kind = f.kind.key();
        let pad = " ".repeat(kind_width - kind.len());
        lines.push(format!(
            "  {pos:<position_width$}  {}{pad}  {}",
            paint(kind),
            one_line(&f.message)
        ));
        if let Some(text) = &f.excerpt {
            lines.extend(excerpt::lines(text, column(f), paint));
        }
        if let Some(s) = &f.suggestion {
            lines.push(format!("{GUTTER}= did you mean `{}`?", one_line(s)));
        }
    }
    lines
}
