//! The report's warnings: one `warning: …` line each, painted like a warn verdict.

use shipgate_core::Verdict;

use super::style;
use crate::text::one_line;

/// `warning: TLS certificate verification is off …`, one line per warning; empty when
/// there are none.
pub(crate) fn section(warnings: &[String], color: bool) -> Vec<String> {
    let word = style::paint("warning", Some(Verdict::Warn), color);
    warnings
        .iter()
        .map(|w| format!("{word}: {}", one_line(w)))
        .collect()
}
