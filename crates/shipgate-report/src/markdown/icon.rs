use shipgate_core::Verdict;

use super::escape::{inline, Place};
use crate::sections::outcome_verdict;
use crate::text::verdict_label;

/// `✅ PASS`, `❌ FAIL`, …: a verdict as shown in headings and the status column.
pub(crate) fn status(verdict: Verdict) -> String {
    format!("{} {}", symbol(verdict), verdict_label(verdict))
}

/// A canary analysis outcome the same way: `⚠️ MARGINAL`; an unknown outcome as plain
/// escaped text.
pub(crate) fn outcome(outcome: &str) -> String {
    let word = inline(&outcome.to_uppercase(), Place::Cell);
    match outcome_verdict(outcome) {
        Some(v) => format!("{} {word}", symbol(v)),
        None => word,
    }
}

fn symbol(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "✅",
        Verdict::Warn => "⚠️",
        Verdict::Fail => "❌",
        Verdict::Inconclusive => "❓",
        Verdict::Error => "🛑",
        Verdict::NotEvaluated => "⏭️",
    }
}

/// A word (such as a canary classification) behind the icon of `verdict`: `❌ high`.
pub(crate) fn status_word(verdict: Verdict, word: &str) -> String {
    format!("{} {}", symbol(verdict), inline(word, Place::Cell))
}
