//! shipgate's pure metric analysis.
//!
//! Two independent pieces, both free of I/O, clocks, network and printing:
//!
//! * **Metric gates** ([`MetricRun`]): the measurement → metric → run model of Argo Rollouts,
//!   fail-closed. The caller owns the clock and the Prometheus client; it asks the machine
//!   what to do ([`MetricRun::next`]) and hands it each query result as data
//!   ([`MetricRun::record`]). [`run_verdict`] and [`metric_gate_results`] combine the
//!   finished metrics into a verdict and report rows.
//! * **Canary judge** ([`judge`]): per metric, a two-sided Mann-Whitney U test, the
//!   Hodges-Lehmann shift and a relative effect measured against a tolerance band fixed by
//!   the *baseline* level, then a score over all metrics.
//!
//! Helpers for PromQL range windows ([`largest_range_seconds`],
//! [`window_overlap_warning`]) warn when samples from overlapping rate windows would be
//! treated as independent.

mod canary_analysis;
mod error;
mod format;
mod hodges_lehmann;
mod judge_config;
mod mann_whitney;
mod measurement;
mod metric_judgement;
mod metric_outcome;
mod metric_run;
mod metric_spec;
mod normal;
mod promql_range;
mod run_verdict;
mod sample;
mod summary;

pub use canary_analysis::{judge, CanaryAnalysis, CanaryVerdict};
pub use error::AnalysisError;
pub use hodges_lehmann::{hodges_lehmann, hodges_lehmann_interval, MATERIALIZE_CAP};
pub use judge_config::{Direction, JudgeConfig};
pub use mann_whitney::{mann_whitney_u, MannWhitney, PValueMethod, EXACT_MAX_PRODUCT};
pub use measurement::{classify, InconclusiveReason, Measurement, MeasurementResult};
pub use metric_judgement::{
    judge_metric, BaselineCenter, Classification, MetricJudgement, MetricSamples,
};
pub use metric_outcome::{MetricOutcome, MetricStatus};
pub use metric_run::{MetricRun, Step};
pub use metric_spec::MetricSpec;
pub use promql_range::{largest_range_seconds, query_overlap_warning, window_overlap_warning};
pub use run_verdict::{metric_gate_result, metric_gate_results, run_verdict};
pub use sample::{Sample, SeriesValue};
pub use summary::SampleSummary;
