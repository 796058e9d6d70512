//! The command lines a document shows: shell code block lines and inline code spans.

use crate::{CodeBlock, Document, Position};
use shipgate_workflow::shell::script_lines;

/// Code block languages whose lines are shell commands (besides blocks without one).
const SHELL_LANGUAGES: [&str; 11] = [
    "bash",
    "sh",
    "shell",
    "console",
    "zsh",
    "ksh",
    "shell-session",
    "sh-session",
    "shellsession",
    "terminal",
    "shell-script",
];

/// Where a candidate command line comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineSource {
    /// A line of a shell (or unlabelled) code block.
    CodeBlock,
    /// A whole inline code span.
    InlineCode,
}

/// One candidate command line of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeLine {
    /// The command, prompt removed, `\` continuations joined.
    pub text: String,
    /// Where the command starts in the document.
    pub at: Position,
    /// Code block line or inline code span.
    pub source: LineSource,
}

/// Candidate command lines, as text and position: see [`code_lines`].
pub fn command_lines(doc: &Document) -> Vec<(String, Position)> {
    code_lines(doc)
        .into_iter()
        .map(|l| (l.text, l.at))
        .collect()
}

/// Candidate command lines of a document, code blocks first, then inline code spans.
///
/// Code blocks count when their language is a shell one (`bash`, `sh`, `shell`,
/// `console`, `zsh`, `shell-session`, ...) or absent. In them, `\` continuations are
/// joined (the position is the first line's), comment lines are skipped, and a leading
/// `$ ` or `> ` prompt is removed; when a block uses prompts, its lines without one are
/// output and skipped. Every inline code span is one candidate line (prompt removed).
/// Columns point at the command's first character.
pub fn code_lines(doc: &Document) -> Vec<CodeLine> {
    let mut out = Vec::new();
    for block in &doc.code_blocks {
        if is_shell_block(block) {
            block_lines(block, &mut out);
        }
    }
    for span in &doc.inline_code {
        let text = span.text.trim();
        let (prompt, command) = match strip_prompt(text) {
            Some(rest) => (text.chars().count() - rest.chars().count(), rest.trim()),
            None => (0, text),
        };
        if command.is_empty() {
            continue;
        }
        let leading = span.text.chars().take_while(|c| c.is_whitespace()).count();
        out.push(CodeLine {
            text: command.to_string(),
            at: Position {
                line: span.at.line,
                column: add(span.at.column, leading + prompt),
            },
            source: LineSource::InlineCode,
        });
    }
    out
}

/// Whether a block's lines are shell commands.
pub(crate) fn is_shell_block(block: &CodeBlock) -> bool {
    match &block.language {
        None => true,
        Some(lang) => SHELL_LANGUAGES.contains(&lang.as_str()),
    }
}

/// The text after a `$ ` or `> ` prompt (or a bare `$`), when the line has one.
fn strip_prompt(line: &str) -> Option<&str> {
    let line = line.trim_start();
    if line == "$" {
        return Some("");
    }
    line.strip_prefix("$ ").or_else(|| line.strip_prefix("> "))
}

/// Adds a character count to a 1-based column without overflowing.
fn add(column: u32, chars: usize) -> u32 {
    column.saturating_add(u32::try_from(chars).unwrap_or(u32::MAX))
}

/// The command lines of one shell block.
fn block_lines(block: &CodeBlock, out: &mut Vec<CodeLine>) {
    let physical: Vec<&str> = block.text.split('\n').collect();
    let prompted = physical.iter().any(|l| strip_prompt(l).is_some());
    // Remove prompts (keeping the character count for columns) and blank out output
    // lines, so that line indexes stay those of the block.
    let mut prompt_len = vec![0usize; physical.len()];
    let mut cleaned: Vec<String> = Vec::with_capacity(physical.len());
    let mut continuing = false;
    for (i, line) in physical.iter().enumerate() {
        let text = if continuing {
            (*line).to_string()
        } else if let Some(rest) = strip_prompt(line) {
            let indent = line.chars().take_while(|c| c.is_whitespace()).count();
            let removed = line.chars().count() - rest.chars().count();
            let rest_indent = rest.chars().take_while(|c| c.is_whitespace()).count();
            if let Some(len) = prompt_len.get_mut(i) {
                *len = removed.saturating_sub(indent) + rest_indent;
            }
            format!("{}{}", " ".repeat(indent), rest.trim_start())
        } else if prompted {
            String::new()
        } else {
            (*line).to_string()
        };
        let trimmed = text.trim_end();
        continuing = !trimmed.trim_start().starts_with('#')
            && trimmed.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1;
        cleaned.push(text);
    }
    for line in script_lines(&cleaned.join("\n")) {
        let index = u32::try_from(line.index).unwrap_or(u32::MAX);
        let prompt = prompt_len.get(line.index).copied().unwrap_or(0);
        out.push(CodeLine {
            text: line.text,
            at: Position {
                line: block.at.line.saturating_add(index),
                column: add(block.at.column, line.indent + prompt),
            },
            source: LineSource::CodeBlock,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InlineCode;
    use proptest::prelude::*;

    fn block(language: Option<&str>, text: &str, line: u32) -> CodeBlock {
        CodeBlock {
            language: language.map(str::to_string),
            text: text.to_string(),
            at: Position { line, column: 1 },
        }
    }

    fn doc(blocks: Vec<CodeBlock>, inline: Vec<InlineCode>) -> Document {
        Document {
            path: "docs/deploy.md".into(),
            code_blocks: blocks,
            inline_code: inline,
            ..Document::default()
        }
    }

    fn pos(line: u32, column: u32) -> Position {
        Position { line, column }
    }

    #[test]
    fn bash_block_lines_with_continuations_and_comments() {
        let d = doc(
            vec![block(
                Some("bash"),
                "# roll out\nkubectl apply \\\n  -f k8s/\n\n  kubectl rollout status deployment/web",
                10,
            )],
            vec![],
        );
        assert_eq!(
            command_lines(&d),
            vec![
                ("kubectl apply -f k8s/".to_string(), pos(11, 1)),
                (
                    "kubectl rollout status deployment/web".to_string(),
                    pos(14, 3)
                ),
            ]
        );
    }

    #[test]
    fn console_prompts_removed_and_output_skipped() {
        let d = doc(
            vec![block(
                Some("console"),
                "$ kubectl get pods \\\n    -n prod\nNAME   READY\nweb-1  1/1\n$ make test",
                3,
            )],
            vec![],
        );
        assert_eq!(
            command_lines(&d),
            vec![
                ("kubectl get pods -n prod".to_string(), pos(3, 3)),
                ("make test".to_string(), pos(7, 3)),
            ]
        );
    }

    #[test]
    fn non_shell_blocks_are_ignored_unlabelled_ones_are_not() {
        let d = doc(
            vec![
                block(Some("yaml"), "kubectl: get", 1),
                block(Some("powershell"), "kubectl get pods", 5),
                block(None, "make build", 9),
            ],
            vec![],
        );
        assert_eq!(
            command_lines(&d),
            vec![("make build".to_string(), pos(9, 1))]
        );
    }

    #[test]
    fn inline_code_is_one_line_at_its_position() {
        let d = doc(
            vec![],
            vec![
                InlineCode {
                    text: "$ kubectl get pods -n prod".into(),
                    at: pos(4, 12),
                },
                InlineCode {
                    text: "  ".into(),
                    at: pos(5, 1),
                },
            ],
        );
        let lines = code_lines(&d);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "kubectl get pods -n prod");
        assert_eq!(lines[0].at, pos(4, 14));
        assert_eq!(lines[0].source, LineSource::InlineCode);
    }

    #[test]
    fn indented_block_columns_follow_the_block() {
        let mut b = block(Some("sh"), "make test", 2);
        b.at.column = 4;
        let d = doc(vec![b], vec![]);
        assert_eq!(
            command_lines(&d),
            vec![("make test".to_string(), pos(2, 4))]
        );
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,200}", inline in "\\PC{0,40}", lang in "(bash|console|)") {
            let language = if lang.is_empty() { None } else { Some(lang.as_str()) };
            let d = doc(
                vec![block(language, &text, u32::MAX - 3)],
                vec![InlineCode { text: inline, at: pos(u32::MAX, u32::MAX) }],
            );
            let lines = command_lines(&d);
            prop_assert_eq!(&lines, &command_lines(&d));
            let physical = text.split('\n').count() as u32;
            for (command, at) in &lines {
                prop_assert!(!command.is_empty());
                prop_assert!(at.line >= 1 && at.column >= 1);
                // a block's lines are where the block is (saturating at the end of the range)
                if at.line != u32::MAX {
                    prop_assert!(at.line >= u32::MAX - 3 && at.line <= (u32::MAX - 3).saturating_add(physical));
                }
            }
        }
    }
}
