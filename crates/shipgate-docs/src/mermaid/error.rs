//! What a mermaid block that does not parse reports: where, and why.

use thiserror::Error;

/// A mermaid block that mermaid would refuse, with the position of the offending token.
///
/// `line` and `column` are 1-based and relative to the block's text (line 1 is the first
/// line after the opening fence); columns count characters, not bytes.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line}, column {column}: {message}")]
pub struct MermaidError {
    /// 1-based line within the block's text.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What is wrong, in one sentence (with a suggested fix where there is an obvious one).
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_position_then_message() {
        let e = MermaidError {
            line: 3,
            column: 7,
            message: "edge has no target node".to_string(),
        };
        assert_eq!(e.to_string(), "line 3, column 7: edge has no target node");
    }
}
