//! The one operation the metric driver needs, behind a trait so tests can script it.

use std::future::Future;

use shipgate_analysis::SeriesValue;

use super::{PromError, PrometheusClient};

/// Something that evaluates an instant PromQL query now: the real
/// [`PrometheusClient`], or a scripted fake in tests.
pub trait InstantQuery: Clone + Send + Sync + 'static {
    /// Evaluate `promql` now.
    fn instant(
        &self,
        promql: &str,
    ) -> impl Future<Output = Result<Vec<SeriesValue>, PromError>> + Send;
}

impl InstantQuery for PrometheusClient {
    fn instant(
        &self,
        promql: &str,
    ) -> impl Future<Output = Result<Vec<SeriesValue>, PromError>> + Send {
        let client = self.clone();
        let promql = promql.to_string();
        async move { client.query(&promql, None).await }
    }
}
