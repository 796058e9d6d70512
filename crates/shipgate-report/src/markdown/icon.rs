use shipgate_core::Verdict;

use crate::text::verdict_label;

/// `✅ PASS`, `❌ FAIL`, …: a verdict as shown in headings and the status column.
pub(crate) fn status(verdict: Verdict) -> String {
    let icon = match verdict {
        Verdict::Pass => "✅",
        Verdict::Warn => "⚠️",
        Verdict::Fail => "❌",
        Verdict::Inconclusive => "❓",
        Verdict::Error => "🛑",
        Verdict::NotEvaluated => "⏭️",
    };
    format!("{icon} {}", verdict_label(verdict))
}
