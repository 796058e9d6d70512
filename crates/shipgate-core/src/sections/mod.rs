//! Evidence sections a report carries besides its gates: what the smoke checks, metric
//! gates and canary judge measured, as plain data for the reporters.

mod canary;
mod metrics;
mod smoke;

pub use canary::{CanaryMetricRow, CanarySection, SampleStats};
pub use metrics::{MeasurementRow, MetricRow, MetricsSection};
pub use smoke::{SmokeCheckRow, SmokeSection};
