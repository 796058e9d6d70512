//! The resolved `metrics:` section: PromQL queries measured repeatedly against a condition
//! (Argo Rollouts' measurement → metric → run model).

use shipgate_core::Condition;

/// The `metrics:` section.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricsConfig {
    /// The checks, in file order; names are unique.
    pub checks: Vec<MetricCheckConfig>,
}

/// One metric gate.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricCheckConfig {
    /// Unique within the section.
    pub name: String,
    /// The PromQL instant query.
    pub query: String,
    /// What every series of every measurement must satisfy. Never relative (`+10%`): a
    /// metric gate has no baseline.
    pub condition: Condition,
    /// Measurements to take (default 1, at least 1).
    pub count: u64,
    /// Seconds between measurements (`interval:`, default 30).
    pub interval_seconds: f64,
    /// Failed measurements tolerated (default 0).
    pub failure_limit: u64,
    /// Inconclusive measurements tolerated (default 0).
    pub inconclusive_limit: u64,
    /// Consecutive query errors tolerated before the run errs (default 4, like Argo).
    pub consecutive_error_limit: u64,
}
