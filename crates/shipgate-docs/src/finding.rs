//! What a documentation check reports: a [`Finding`] of one [`FindingKind`].

use std::fmt;

/// The kinds of findings; their keys (`broken-link`, ...) are a contract of the JSON and
/// SARIF output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    /// A relative link or image whose target file does not exist.
    BrokenLink,
    /// A `#fragment` with no matching heading or id in the target document.
    MissingAnchor,
    /// A command of a listed tool that no truth file runs.
    UnknownCommand,
    /// An environment variable named in the docs that no truth file knows.
    UnknownEnv,
    /// An HTTP path that matches no route in the truth sources.
    UnknownEndpoint,
    /// A match of an `ids` pattern absent from its truth files.
    UnknownId,
    /// A commit hash that is not an object in the repository's git history.
    UnknownCommit,
    /// A repository path in inline code that does not exist.
    MissingPath,
    /// A mermaid block that does not parse.
    MermaidSyntax,
    /// A `require` rule not met.
    Requirement,
}

impl FindingKind {
    /// Every kind, in report order.
    pub const ALL: [FindingKind; 10] = [
        FindingKind::BrokenLink,
        FindingKind::MissingAnchor,
        FindingKind::UnknownCommand,
        FindingKind::UnknownEnv,
        FindingKind::UnknownEndpoint,
        FindingKind::UnknownId,
        FindingKind::UnknownCommit,
        FindingKind::MissingPath,
        FindingKind::MermaidSyntax,
        FindingKind::Requirement,
    ];

    /// The kind's key in reports: `broken-link`, `missing-anchor`, ...
    pub fn key(self) -> &'static str {
        match self {
            FindingKind::BrokenLink => "broken-link",
            FindingKind::MissingAnchor => "missing-anchor",
            FindingKind::UnknownCommand => "unknown-command",
            FindingKind::UnknownEnv => "unknown-env",
            FindingKind::UnknownEndpoint => "unknown-endpoint",
            FindingKind::UnknownId => "unknown-id",
            FindingKind::UnknownCommit => "unknown-commit",
            FindingKind::MissingPath => "missing-path",
            FindingKind::MermaidSyntax => "mermaid-syntax",
            FindingKind::Requirement => "requirement",
        }
    }

    /// One sentence on what the kind means (SARIF rule descriptions, help text).
    pub fn description(self) -> &'static str {
        match self {
            FindingKind::BrokenLink => "A relative link or image points at a file that does not exist.",
            FindingKind::MissingAnchor => "A link's #fragment matches no heading or id in its target.",
            FindingKind::UnknownCommand => "A documented command is not one the workflows (or shipgate) really run.",
            FindingKind::UnknownEnv => "A documented environment variable is set or read nowhere in the truth files.",
            FindingKind::UnknownEndpoint => "A documented HTTP path matches no route in the code.",
            FindingKind::UnknownId => "A documented identifier does not occur in its truth files.",
            FindingKind::UnknownCommit => "A documented commit hash is not in the repository's git history.",
            FindingKind::MissingPath => "A repository path in inline code does not exist.",
            FindingKind::MermaidSyntax => "A mermaid diagram does not parse.",
            FindingKind::Requirement => "A document does not meet a `require` rule.",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// One problem found in one document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The document, relative to the repository root, with `/` separators.
    pub file: String,
    /// 1-based line; `None` for findings about the whole document (some requirements).
    pub line: Option<u32>,
    /// 1-based column, in characters; `None` when `line` is `None`.
    pub column: Option<u32>,
    /// What kind of problem.
    pub kind: FindingKind,
    /// What is wrong, naming the offending text (`` `docs/setup.md` does not exist ``).
    pub message: String,
    /// The nearest known-good alternative, when there is one (`did you mean ...`).
    pub suggestion: Option<String>,
}
