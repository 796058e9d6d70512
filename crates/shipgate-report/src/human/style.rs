use shipgate_core::Verdict;

/// An ANSI style for a status word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Green,
    Yellow,
    Red,
    Magenta,
    Dim,
}

impl Style {
    /// The style of a verdict's status word.
    pub(crate) fn of(verdict: Verdict) -> Style {
        match verdict {
            Verdict::Pass => Style::Green,
            Verdict::Warn => Style::Yellow,
            Verdict::Fail | Verdict::Error => Style::Red,
            Verdict::Inconclusive => Style::Magenta,
            Verdict::NotEvaluated => Style::Dim,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Style::Green => "\x1b[32m",
            Style::Yellow => "\x1b[33m",
            Style::Red => "\x1b[31m",
            Style::Magenta => "\x1b[35m",
            Style::Dim => "\x1b[2m",
        }
    }

    /// `text` wrapped in this style's code and a reset.
    pub(crate) fn paint(self, text: &str) -> String {
        format!("{}{text}\x1b[0m", self.code())
    }
}

/// A verdict word, coloured when `color` is on.
pub(crate) fn status(verdict: Verdict, color: bool) -> (String, Option<Style>) {
    let word = crate::text::verdict_label(verdict);
    (word, color.then(|| Style::of(verdict)))
}

/// A word in the style of `verdict` when `color` is on (`None`: never styled).
pub(crate) fn paint(word: &str, verdict: Option<Verdict>, color: bool) -> String {
    match verdict {
        Some(v) if color => Style::of(v).paint(word),
        _ => word.to_string(),
    }
}
