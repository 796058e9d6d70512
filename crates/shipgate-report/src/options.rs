/// How a report is rendered, beyond its [`Format`](crate::Format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// Colour the status words of the human table with ANSI codes. The caller decides
    /// (a terminal, `NO_COLOR` unset); other formats ignore it.
    pub color: bool,
    /// What was evaluated, e.g. `shipgate tests`; heads the human, JUnit and Markdown output.
    pub title: String,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            title: "shipgate".to_string(),
        }
    }
}
