//! shipgate's model and pure evaluation.
//!
//! Nothing here performs I/O: parsers produce [`TestRun`]s and [`CoverageReport`]s, the
//! quality gates turn them into [`GateResult`]s, and reporters render the [`Report`].

mod clock;
mod condition;
mod coverage;
mod duration;
mod exit;
mod gate;
mod line_map;
#[cfg(any(test, feature = "test-util"))]
mod manual_clock;
pub mod nearest;
mod number;
pub mod quality;
mod redactor;
mod report;
mod report_redact;
mod secret;
mod sections;
mod test_records;
mod testrun;
mod time_text;
mod verdict;

pub use clock::Clock;
pub use condition::{Comparison, Condition, ConditionError, Quantity, Unit};
pub use coverage::{CoverageFormat, CoverageReport, CoverageTotals, FileCoverage};
pub use duration::{format_seconds, parse_duration, DurationError};
pub use exit::ExitCode;
pub use gate::{GateResult, Measured};
pub use line_map::LineMap;
#[cfg(any(test, feature = "test-util"))]
pub use manual_clock::ManualClock;
pub use number::{format_signed_percent, format_value};
pub use redactor::{Redactor, REDACTED};
pub use report::{Report, SlowTest, TestRunSummary, TestsSection};
pub use secret::Secret;
pub use sections::{
    CanaryMetricRow, CanarySection, DocsSection, DocumentSummary, Finding, FindingKind,
    MeasurementRow, MetricRow, MetricsSection, RequirementRow, SampleStats, SmokeCheckRow,
    SmokeSection, DOCS_GATES,
};
pub use test_records::{BadSegment, TestFacts, TestRecord, TestRecords};
pub use testrun::{Outcome, OutcomeCounts, TestRun};
pub use time_text::format_unix;
pub use verdict::Verdict;
