//! Wording shared by the text formats for the evidence sections of live release checks
//! (smoke checks, metric checks, canary analysis), so that the human, Markdown and JUnit
//! output describe a measurement the same way.

mod canary;
mod measurement;
mod number;
mod smoke;

pub(crate) use canary::{
    allowed, critical, effect, median_n, outcome_verdict, p_value, score_line,
};
pub(crate) use measurement::{measurement_text, parse_condition};
pub(crate) use smoke::{last_status, latency};
