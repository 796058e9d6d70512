use shipgate_core::Finding;

use super::escape::{code, prose, Place};
use crate::sections::{file_position, grouped, locations, sentence_joint};

/// `#### Findings` as a list: ``- `docs/guide.md:12:5` **broken-link**: message. Did you
/// mean `x`?``; a finding repeated in several places (the same kind, message and
/// suggestion) is one item naming its places (``- `a.md:3:5`, `b.md:7:1` and 24 more
/// **broken-link** (26 places): …``). Nothing when there are no findings.
pub(crate) fn section(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return String::new();
    }
    let mut lines = vec!["#### Findings".to_string(), String::new()];
    lines.extend(grouped(findings).iter().map(|g| item(g)));
    lines.join("\n")
}

fn item(group: &[&Finding]) -> String {
    let Some(f) = group.first() else {
        return String::new();
    };
    let message = f.message.trim_end();
    let (places, count) = match group.len() {
        1 => (code(&file_position(f), Place::Prose), String::new()),
        n => (
            locations(group, |p| code(p, Place::Prose)),
            format!(" ({n} places)"),
        ),
    };
    let mut out = format!(
        "- {places} **{}**{count}: {}",
        f.kind.key(),
        prose(message, Place::Cell)
    );
    if let Some(s) = &f.suggestion {
        out.push_str(sentence_joint(message));
        out.push_str(&format!("Did you mean {}?", code(s, Place::Prose)));
    }
    out
}
