//! `shipgate.yaml`: discovery, parsing, `${VAR}` expansion and validation into a resolved
//! [`Config`]. Every error names `file:line:column`.
//!
//! Sections: `store`, `tests`, `prometheus`, `smoke`, `metrics`, `analysis` (`metrics`
//! and `analysis` need `prometheus`), `docs` (see [`DocsConfig`]) and `rollout` (see
//! [`RolloutConfig`]; the smoke checks, metric checks and canary judge its `analysis` uses
//! come from the `smoke`, `metrics` and `analysis` sections; a `kubernetes` target is
//! refused as not yet supported). `${VAR}` expands from the injected environment
//! everywhere except inside smoke checks, where `${name}` of a variable that a check captures is kept for the
//! smoke runner (see [`SmokeConfig`]). Secrets taken from the environment (every `*_env`
//! value; credentials among `${VAR}` values) are listed in [`Config::secrets`].
//!
//! ```no_run
//! # fn main() -> Result<(), shipgate_config::ConfigError> {
//! let path = shipgate_config::find_config(std::path::Path::new(".")).unwrap_or_default();
//! let config = shipgate_config::load(&path, &shipgate_config::process_env)?;
//! # let _ = config;
//! # Ok(())
//! # }
//! ```

mod analysis;
mod config;
mod discover;
mod docs;
mod duplicates;
mod env;
mod error;
mod load;
mod location;
mod metrics;
mod parse;
mod prometheus;
mod resolve;
mod rollout;
mod schema;
mod secret_rule;
mod smoke;
mod tls;
mod tree;

pub use analysis::{AnalysisConfig, AnalysisMetricConfig, Direction};
pub use config::{Config, TestsConfig};
pub use discover::{find_config, CONFIG_FILE_NAMES};
pub use docs::{
    CommandsConfig, DiagramsConfig, DocRequirementConfig, DocsConfig, EndpointsConfig, EnvConfig,
    IdRuleConfig, DEFAULT_HISTORY,
};
pub use env::{process_env, EnvLookup};
pub use error::ConfigError;
pub use load::{load, load_str, MAX_CONFIG_BYTES};
pub use location::Pos;
pub use metrics::{MetricCheckConfig, MetricsConfig};
pub use prometheus::PrometheusConfig;
pub use rollout::{
    ExecTarget, HookConfig, NginxTraffic, NotifyConfig, NotifyOn, RolloutAnalysisConfig,
    RolloutConfig, RolloutStepConfig, RolloutTarget, TrafficConfig, ROLLOUT_PLACEHOLDERS,
};
pub use smoke::{SmokeAuth, SmokeCheckConfig, SmokeConfig};
pub use tls::TlsConfig;
