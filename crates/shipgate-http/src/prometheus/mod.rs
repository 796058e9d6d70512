//! The Prometheus side: the HTTP API client, the metric-gate driver and the canary
//! sample fetcher.

mod canary;
mod client;
mod error;
mod instant_query;
mod labels;
mod metric_driver;
mod range_series;
mod response;
mod selector;

pub use canary::{fetch_samples, fetch_samples_ending, render_query, CanaryError, SideSamples};
pub use client::PrometheusClient;
pub use error::{PromError, PromErrorKind};
pub use instant_query::InstantQuery;
pub use metric_driver::{run_metric_checks, run_metric_checks_observed, MeasurementSeen};
pub use range_series::RangeSeries;
pub use selector::{build_selector, is_label_name};
