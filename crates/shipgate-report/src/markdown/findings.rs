use shipgate_core::Finding;

use super::escape::{code, prose, Place};
use crate::sections::{file_position, sentence_joint};

/// `#### Findings` as a list: ``- `docs/guide.md:12:5` **broken-link**: message. Did you
/// mean `x`?``; nothing when there are none.
pub(crate) fn section(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return String::new();
    }
    let mut lines = vec!["#### Findings".to_string(), String::new()];
    lines.extend(findings.iter().map(item));
    lines.join("\n")
}

fn item(f: &Finding) -> String {
    let message = f.message.trim_end();
    let mut out = format!(
        "- {} **{}**: {}",
        code(&file_position(f), Place::Prose),
        f.kind.key(),
        prose(message, Place::Cell)
    );
    if let Some(s) = &f.suggestion {
        out.push_str(sentence_joint(message));
        out.push_str(&format!("Did you mean {}?", code(s, Place::Prose)));
    }
    out
}
