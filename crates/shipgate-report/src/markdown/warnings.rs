//! The report's warnings, each a quoted line right under the heading.

use super::escape::{self, Place};

/// `> **Warning:** …`, one paragraph per warning; empty when there are none.
pub(crate) fn section(warnings: &[String]) -> String {
    warnings
        .iter()
        .map(|w| format!("> **Warning:** {}", escape::prose(w, Place::Prose)))
        .collect::<Vec<_>>()
        .join("\n>\n")
}
