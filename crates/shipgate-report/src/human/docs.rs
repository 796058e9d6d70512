use shipgate_core::{DocsSection, Finding, Report};

use super::excerpt::{self, GUTTER};
use super::style::Style;
use crate::sections::{column, grouped, kind_warns, locations, position, totals};
use crate::text::one_line;

/// The documentation findings, one block per file: the file on its own line, then per
/// finding `  12:5  broken-link  message`, the offending line with a caret under the
/// column, and `= did you mean …` when there is a suggestion. A finding repeated in
/// several places (the same kind, message and suggestion) is shown once after the files,
/// with its locations (`at docs/a.md:3:5, docs/b.md:7:1 and 24 more`). Last, the totals
/// line (`3 findings in 2 of 14 documents`), which counts every location.
pub(crate) fn sections(report: &Report, docs: &DocsSection, color: bool) -> Vec<Vec<String>> {
    let groups = grouped(&docs.findings);
    let (single, repeated): (Vec<_>, Vec<_>) = groups.into_iter().partition(|g| g.len() == 1);
    let single: Vec<&Finding> = single.into_iter().flatten().collect();
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut findings = single.iter().copied().peekable();
    while let Some(first) = findings.next() {
        let mut group = vec![first];
        while let Some(next) = findings.next_if(|f| f.file == first.file) {
            group.push(next);
        }
        blocks.push(file_block(report, &group, color));
    }
    blocks.extend(repeated.iter().map(|g| repeated_block(report, g, color)));
    blocks.push(vec![totals(docs)]);
    blocks
}

/// The style of a finding's kind: yellow when its gate only warns, else red.
fn paint(report: &Report, f: &Finding, color: bool) -> impl Fn(&str) -> String {
    let style = color.then(|| {
        if kind_warns(report, f.kind) {
            Style::Yellow
        } else {
            Style::Red
        }
    });
    move |text: &str| style.map_or_else(|| text.to_string(), |s| s.paint(text))
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
        let paint = paint(report, f, color);
        let kind = f.kind.key();
        let pad = " ".repeat(kind_width - kind.len());
        lines.push(format!(
            "  {pos:<position_width$}  {}{pad}  {}",
            paint(kind),
            one_line(&f.message)
        ));
        if let Some(text) = &f.excerpt {
            lines.extend(excerpt::lines(text, column(f), &paint));
        }
        lines.extend(suggestion(f));
    }
    lines
}

/// A finding repeated in several places: `broken-link  message` on its first line, its
/// locations on the next (`  at docs/a.md:3:5, docs/b.md:7:1 and 24 more`), then the
/// suggestion. No excerpt: the lines differ from place to place.
fn repeated_block(report: &Report, group: &[&Finding], color: bool) -> Vec<String> {
    let Some(first) = group.first() else {
        return Vec::new();
    };
    let paint = paint(report, first, color);
    let mut lines = vec![
        format!(
            "{}  {} ({} places)",
            paint(first.kind.key()),
            one_line(&first.message),
            group.len()
        ),
        format!("  at {}", locations(group, one_line)),
    ];
    lines.extend(suggestion(first));
    lines
}

fn suggestion(f: &Finding) -> Option<String> {
    f.suggestion
        .as_ref()
        .map(|s| format!("{GUTTER}= did you mean `{}`?", one_line(s)))
}
