//! Evidence sections a report carries besides its gates: what the smoke checks, metric
//! gates and canary judge measured, what the documentation checks found, as plain data for the reporters.

mod canary;
mod docs;
mod metrics;
mod smoke;

pub use canary::{CanaryMetricRow, CanarySection, SampleStats};
pub use docs::{DocsSection, DocumentSummary, Finding, FindingKind, RequirementRow, DOCS_GATES};
pub use metrics::{MeasurementRow, MetricRow, MetricsSection};
pub use smoke::{SmokeCheckRow, SmokeSection};
