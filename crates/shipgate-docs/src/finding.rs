//! What a documentation check reports. The types live in `shipgate-core` so that every
//! reporter can render them.

pub use shipgate_core::{DocsSection, DocumentSummary, Finding, FindingKind, RequirementRow};
