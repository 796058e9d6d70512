//! What a documentation check reports: a [`Finding`] of one [`FindingKind`], and the
//! documents section of a report.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};

use crate::Verdict;

/// The documentation gates, `(id, name)`, in report order: one per check of
/// `shipgate docs check`, each counting the findings of its kinds
/// ([`FindingKind::gate`]).
pub const DOCS_GATES: [(&str, &str); 9] = [
    ("DG-01", "links"),
    ("DG-02", "paths"),
    ("DG-03", "commits"),
    ("DG-04", "mermaid"),
    ("DG-05", "commands"),
    ("DG-06", "env"),
    ("DG-07", "endpoints"),
    ("DG-08", "ids"),
    ("DG-09", "requirements"),
];

/// The kinds of findings; their keys (`broken-link`, ...) are a contract of the JSON and
/// SARIF output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    /// A relative link or image whose target file does not exist.
    BrokenLink,
    /// A `#fragment` with no matching heading or id in the target document.
    MissingAnchor,
    /// A command of a listed tool whose tool and subcommand the truth files run, but with
    /// other arguments or flags.
    UnknownCommand,
    /// A command whose subcommand or flag does not exist in its tool's grammar.
    InvalidCommand,
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
    /// A mermaid flowchart about workflow jobs with an edge the workflows do not have, or
    /// without a dependency they have.
    DiagramDrift,
    /// A `require` rule not met.
    Requirement,
}

impl FindingKind {
    /// Every kind, in report order.
    pub const ALL: [FindingKind; 12] = [
        FindingKind::BrokenLink,
        FindingKind::MissingAnchor,
        FindingKind::UnknownCommand,
        FindingKind::InvalidCommand,
        FindingKind::UnknownEnv,
        FindingKind::UnknownEndpoint,
        FindingKind::UnknownId,
        FindingKind::UnknownCommit,
        FindingKind::MissingPath,
        FindingKind::MermaidSyntax,
        FindingKind::DiagramDrift,
        FindingKind::Requirement,
    ];

    /// The kind's key in reports: `broken-link`, `missing-anchor`, ...
    pub fn key(self) -> &'static str {
        match self {
            FindingKind::BrokenLink => "broken-link",
            FindingKind::MissingAnchor => "missing-anchor",
            FindingKind::UnknownCommand => "unknown-command",
            FindingKind::InvalidCommand => "invalid-command",
            FindingKind::UnknownEnv => "unknown-env",
            FindingKind::UnknownEndpoint => "unknown-endpoint",
            FindingKind::UnknownId => "unknown-id",
            FindingKind::UnknownCommit => "unknown-commit",
            FindingKind::MissingPath => "missing-path",
            FindingKind::MermaidSyntax => "mermaid-syntax",
            FindingKind::DiagramDrift => "diagram-drift",
            FindingKind::Requirement => "requirement",
        }
    }

    /// The documentation gate that counts this kind: `(id, name)`, e.g. `("DG-01", "links")`
    /// for broken links and missing anchors. See [`DOCS_GATES`].
    pub fn gate(self) -> (&'static str, &'static str) {
        let at = match self {
            FindingKind::BrokenLink | FindingKind::MissingAnchor => 0,
            FindingKind::MissingPath => 1,
            FindingKind::UnknownCommit => 2,
            FindingKind::MermaidSyntax | FindingKind::DiagramDrift => 3,
            FindingKind::UnknownCommand | FindingKind::InvalidCommand => 4,
            FindingKind::UnknownEnv => 5,
            FindingKind::UnknownEndpoint => 6,
            FindingKind::UnknownId => 7,
            FindingKind::Requirement => 8,
        };
        DOCS_GATES[at]
    }

    /// One sentence on what the kind means (SARIF rule descriptions, help text).
    pub fn description(self) -> &'static str {
        match self {
            FindingKind::BrokenLink => {
                "A relative link or image points at a file that does not exist."
            }
            FindingKind::MissingAnchor => {
                "A link's #fragment matches no heading or id in its target."
            }
            FindingKind::UnknownCommand => {
                "A documented command differs from the same subcommand the workflows run."
            }
            FindingKind::InvalidCommand => {
                "A documented command uses a subcommand or flag its tool does not have."
            }
            FindingKind::UnknownEnv => {
                "A documented environment variable is set or read nowhere in the truth files."
            }
            FindingKind::UnknownEndpoint => "A documented HTTP path matches no route in the code.",
            FindingKind::UnknownId => "A documented identifier does not occur in its truth files.",
            FindingKind::UnknownCommit => {
                "A documented commit hash is not in the repository's git history."
            }
            FindingKind::MissingPath => "A repository path in inline code does not exist.",
            FindingKind::MermaidSyntax => "A mermaid diagram does not parse.",
            FindingKind::DiagramDrift => {
                "A flowchart of workflow jobs differs from the jobs' needs and triggers."
            }
            FindingKind::Requirement => "A document does not meet a `require` rule.",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl Serialize for FindingKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

/// One problem found in one document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// The offending source line, as written (filled in by the engine for reports).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

impl Finding {
    /// A finding at `line`/`column` (1-based) of `file`, without suggestion or excerpt.
    pub fn at(
        kind: FindingKind,
        file: &str,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            file: file.to_owned(),
            line: Some(line),
            column: Some(column),
            kind,
            message: message.into(),
            suggestion: None,
            excerpt: None,
        }
    }

    /// A finding about the whole of `file` (no line).
    pub fn whole(kind: FindingKind, file: &str, message: impl Into<String>) -> Self {
        Finding {
            file: file.to_owned(),
            line: None,
            column: None,
            kind,
            message: message.into(),
            suggestion: None,
            excerpt: None,
        }
    }

    /// The same finding with a suggestion.
    pub fn suggest(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }
}

/// A `require` rule's row in the self-check report: `Min | Actual | Status`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequirementRow {
    /// What is measured: `lines`, `code_blocks`, `mermaid`, `links_to docs/X.md`.
    pub what: String,
    /// The minimum (`800`) or the expectation (`a link`).
    pub min: String,
    /// What was found (`640`, `none`).
    pub actual: String,
    pub verdict: Verdict,
}

/// What the checks found in one document (the self-check report's row).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocumentSummary {
    /// Relative to the repository root, with `/`.
    pub path: String,
    pub lines: u32,
    /// Code blocks by language (`text` for blocks without one).
    pub code_blocks: BTreeMap<String, u32>,
    /// Mermaid diagrams, and how many of them parse.
    pub mermaid: u32,
    pub mermaid_valid: u32,
    /// Relative links and images checked (targets and anchors).
    pub links_checked: u32,
    /// External links (checked only with `links.external`).
    pub external_links: u32,
    /// References found in the truth sources (or the repository) per check; `None` when
    /// the check did not run.
    pub commands_verified: Option<u32>,
    pub env_verified: Option<u32>,
    pub endpoints_verified: Option<u32>,
    pub ids_verified: Option<u32>,
    pub commits_verified: Option<u32>,
    pub paths_verified: Option<u32>,
    /// Findings in this document.
    pub findings: u32,
    pub requirements: Vec<RequirementRow>,
}

impl DocumentSummary {
    /// All code blocks, whatever their language.
    pub fn code_block_total(&self) -> u32 {
        self.code_blocks.values().sum()
    }
}

/// What `shipgate docs check` looked at and found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocsSection {
    /// The checked documents, sorted by path.
    pub documents: Vec<DocumentSummary>,
    /// Every finding, sorted by file, line, column.
    pub findings: Vec<Finding>,
}
