//! shipgate's HTTP edge: live release verification against real services.
//!
//! * [`smoke`]: the smoke-check runner. It polls a service with the configured requests
//!   until every check passes or the deadline ends, runs independent checks concurrently,
//!   orders checks that use captured values (`${token}`) after the check that captures
//!   them, and redacts every secret from what it returns. The polling decisions live in a
//!   pure [`smoke::Scheduler`] driven by an injected [`Clock`].
//! * [`prometheus`]: the Prometheus HTTP API client ([`prometheus::PrometheusClient`]),
//!   the driver that feeds [`shipgate_analysis::MetricRun`]s with query results
//!   ([`prometheus::run_metric_checks`]), and the canary sample fetcher
//!   ([`prometheus::fetch_samples`]).
//! * [`links`]: external link checks for the documentation gates
//!   ([`links::check_links`]).
//!
//! Nothing here parses configuration or prints: callers build the plain spec structs and
//! render the returned outcomes. Debug logs go through `tracing`.

mod ca_file;
mod clock;
mod excerpt;
mod http_client;
pub mod links;
pub mod prometheus;
pub mod smoke;
mod tls_words;
mod transport;
mod url_join;

pub use ca_file::CaFileError;
pub use clock::TokioClock;
pub use http_client::ClientError;
/// The clock trait (defined in core), re-exported for the runners' callers.
pub use shipgate_core::Clock;
/// The manual clock for tests (core's `test-util` feature).
#[cfg(any(test, feature = "test-util"))]
pub use shipgate_core::ManualClock;
/// The one redactor (core's), re-exported for the runners' callers.
pub use shipgate_core::{Redactor, REDACTED};
