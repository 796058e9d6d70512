//! Documentation gates: Markdown documents checked against the repository they describe.
//!
//! Documents are parsed with a real CommonMark parser (pulldown-cmark, with source offsets)
//! into a [`Document`]: headings and their anchors, links and images, fenced and indented
//! code blocks, inline code spans and text. Checks compare what the documents say with the
//! repository: files and anchors that links point at, commands the workflows really run,
//! environment variables, HTTP routes, identifiers, commits and paths that exist, mermaid
//! diagrams that parse, flowcharts of workflow jobs that match the jobs' `needs:` and
//! triggers. The workflows are read with `shipgate-workflow`. Every problem is a [`Finding`] of one [`FindingKind`].
//!
//! Nothing here prints; the CLI renders the findings.

mod boundary;
mod document;
mod document_check;
mod engine;
mod error;
mod external;
mod files;
mod finding;
mod gates;
mod history;
mod reading;
mod requirement_rows;
mod suggestions;
mod summary;
mod truth_set;
mod verified;

pub mod drift;
pub mod links;
pub mod markdown;
pub mod mermaid;
pub mod repo;
pub mod requirements;
pub mod truth;

pub use document::{
    CodeBlock, Document, Heading, InlineCode, Link, Position, ProseBlock, TextSpan,
};
pub use engine::{check, prepare, DocsOutcome, Inputs, Prepared};
pub use error::DocsError;
pub use files::RepoFiles;
pub use finding::{DocsSection, DocumentSummary, Finding, FindingKind, RequirementRow};
