//! Wording shared by the text formats for the evidence sections (smoke checks, metric
//! checks, canary analysis, documentation checks), so that the human, Markdown, JUnit,
//! SARIF and annotation output describe a measurement or a finding the same way.

mod canary;
mod docs_gates;
mod documents;
mod findings;
mod groups;
mod measurement;
mod number;
mod smoke;

pub(crate) use canary::{
    allowed, critical, effect, median_n, outcome_verdict, p_value, score_line,
};
pub(crate) use docs_gates::{gate_findings, is_docs_gate, kind_warns};
pub(crate) use documents::{code_blocks, mermaid};
pub(crate) use findings::{
    column, file_position, finding_text, line, position, sentence_joint, totals,
};
pub(crate) use groups::{grouped, locations};
pub(crate) use measurement::{measurement_text, parse_condition};
pub(crate) use smoke::{last_status, latency};
