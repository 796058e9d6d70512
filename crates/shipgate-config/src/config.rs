//! The resolved configuration: plain values, ready for the CLI.

use std::path::PathBuf;

use shipgate_core::quality::TestGates;

use crate::analysis::AnalysisConfig;
use crate::docs::DocsConfig;
use crate::metrics::MetricsConfig;
use crate::prometheus::PrometheusConfig;
use crate::rollout::RolloutConfig;
use crate::smoke::SmokeConfig;

/// A loaded, validated `shipgate.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file, as given to the loader.
    pub path: PathBuf,
    /// The folder of the file (`.` for a bare file name); relative paths and globs in the
    /// config are relative to it.
    pub dir: PathBuf,
    /// Where the SQLite history lives, resolved against `dir`; `None` when not configured.
    /// A value containing `://` (a database URL) is kept as written.
    pub store: Option<PathBuf>,
    /// The `tests:` section, when present.
    pub tests: Option<TestsConfig>,
    /// The `prometheus:` section, when present (required by `metrics:` and `analysis:`).
    pub prometheus: Option<PrometheusConfig>,
    /// The `smoke:` section, when present.
    pub smoke: Option<SmokeConfig>,
    /// The `metrics:` section, when present.
    pub metrics: Option<MetricsConfig>,
    /// The `analysis:` section, when present.
    pub analysis: Option<AnalysisConfig>,
    /// The `docs:` section, when present.
    pub docs: Option<DocsConfig>,
    /// The `rollout:` section, when present.
    pub rollout: Option<RolloutConfig>,
    /// The secrets taken from the environment, so that output can be redacted: every value
    /// read through a `*_env` key, and of `${VAR}` values those the variable's name or the
    /// key marks as credentials, and the password and query values of URLs (see
    /// `secret_rule`). Never print these.
    pub secrets: Vec<shipgate_core::Secret>,
}

/// The `tests:` section.
#[derive(Debug, Clone, PartialEq)]
pub struct TestsConfig {
    /// Globs that together form one in-order run (relative to [`Config::dir`]).
    pub junit: Vec<String>,
    /// Globs, each one extra in-order run.
    pub runs: Vec<String>,
    /// Globs, each one shuffled run.
    pub shuffled_runs: Vec<String>,
    /// Coverage report globs.
    pub coverage: Vec<String>,
    /// Git base for patch coverage.
    pub base: Option<String>,
    /// The defaults overlaid with the configured conditions.
    pub gates: TestGates,
    /// Names of the gates set explicitly in the file, in file order.
    pub configured_gates: Vec<String>,
}
