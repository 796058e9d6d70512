//! The resolved `rollout:` section: how a service is deployed, how traffic moves between
//! its stable and canary servers, what is watched meanwhile and the steps taken.
//!
//! Commands are argv lists run without a shell. In commands and in
//! `analysis.smoke.base_url`, `{{version}}`, `{{stable}}` and `{{outcome}}` are kept as
//! written for the rollout engine to substitute; any other `{{...}}` is refused when the
//! config is loaded. `${VAR}` is expanded from the environment as everywhere else.
//! Durations are in seconds, as in the other sections.

use std::path::PathBuf;

/// The placeholders a rollout command (or the smoke base URL) may hold.
pub const ROLLOUT_PLACEHOLDERS: [&str; 3] = ["{{version}}", "{{stable}}", "{{outcome}}"];

/// The `rollout:` section.
#[derive(Debug, Clone, PartialEq)]
pub struct RolloutConfig {
    /// The service rolled out (`[A-Za-z0-9._-]+`).
    pub service: String,
    /// How versions are deployed, promoted and rolled back.
    pub target: RolloutTarget,
    /// How traffic is split between the stable and the canary servers.
    pub traffic: TrafficConfig,
    /// What is watched while the canary takes traffic (the defaults when not given).
    pub analysis: RolloutAnalysisConfig,
    /// The default plan (`steps:`), in file order; it holds at least one weight step.
    pub steps: Vec<RolloutStepConfig>,
    /// Other plans (`plans:`), chosen with `--plan`, in file order; names are unique and
    /// every plan holds at least one weight step.
    pub plans: Vec<(String, Vec<RolloutStepConfig>)>,
    /// Commands run when the rollout ends (`notify:`), in file order.
    pub notify: Vec<NotifyConfig>,
}

impl RolloutConfig {
    /// The steps of the plan named `name`, if there is one.
    pub fn plan(&self, name: &str) -> Option<&[RolloutStepConfig]> {
        self.plans
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, steps)| steps.as_slice())
    }
}

/// `rollout.target`: exactly one kind (only `exec` in this version).
#[derive(Debug, Clone, PartialEq)]
pub enum RolloutTarget {
    /// `exec:`: the user's own commands.
    Exec(ExecTarget),
}

/// `rollout.target.exec`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecTarget {
    /// Starts the canary of a version.
    pub deploy: Vec<String>,
    /// Makes the canary's version the stable one.
    pub promote: Vec<String>,
    /// Stops the canary.
    pub rollback: Vec<String>,
    /// How long each of these commands may run, in seconds (`timeout:`, default 120).
    pub timeout_seconds: f64,
}

/// `rollout.traffic`: exactly one kind (only `nginx` in this version).
#[derive(Debug, Clone, PartialEq)]
pub enum TrafficConfig {
    /// `nginx:`: weights written into an upstream block, then the server reloaded.
    Nginx(NginxTraffic),
}

/// `rollout.traffic.nginx`.
#[derive(Debug, Clone, PartialEq)]
pub struct NginxTraffic {
    /// The file holding the upstream block, resolved against [`crate::Config::dir`].
    pub upstream_file: PathBuf,
    /// The name of the upstream block (`[A-Za-z0-9_-]+`).
    pub upstream: String,
    /// The stable servers, `host:port`, in file order.
    pub stable: Vec<String>,
    /// The canary servers, `host:port`, none of them among `stable`.
    pub canary: Vec<String>,
    /// Checks the written configuration (such as `nginx -t`).
    pub test: Vec<String>,
    /// Makes the server read it (such as `nginx -s reload`).
    pub reload: Vec<String>,
}

/// `rollout.analysis`.
#[derive(Debug, Clone, PartialEq)]
pub struct RolloutAnalysisConfig {
    /// Time between two rounds of analysis, in seconds (`interval:`, default 30).
    pub interval_seconds: f64,
    /// Time from the first traffic to the first round, in seconds (`initial_delay:`,
    /// default 0).
    pub initial_delay_seconds: f64,
    /// `smoke.base_url`: run the top-level `smoke:` checks against this URL (the canary).
    pub smoke_base_url: Option<String>,
    /// Checks of the top-level `metrics:` section to run, in file order.
    pub metrics: Vec<String>,
    /// Run the canary judge of the top-level `analysis:` section (`judge:`, default
    /// `false`).
    pub judge: bool,
}

impl Default for RolloutAnalysisConfig {
    fn default() -> Self {
        RolloutAnalysisConfig {
            interval_seconds: 30.0,
            initial_delay_seconds: 0.0,
            smoke_base_url: None,
            metrics: Vec::new(),
            judge: false,
        }
    }
}

/// One step of a plan: a mapping with exactly one key.
#[derive(Debug, Clone, PartialEq)]
pub enum RolloutStepConfig {
    /// `hook:`: a command of the user's (backup, migration).
    Hook(HookConfig),
    /// `weight:`: the canary's share of traffic, 0 to 100.
    Weight(u8),
    /// `pause:`: wait this long, in seconds (more than zero).
    Pause {
        /// The wait, in seconds.
        seconds: f64,
    },
    /// `approve:`: wait for an approval; none within the timeout rolls back.
    Approve {
        /// `timeout:`, in seconds (required, more than zero).
        timeout_seconds: f64,
    },
}

/// `hook:` of a step.
#[derive(Debug, Clone, PartialEq)]
pub struct HookConfig {
    /// Unique among the hooks of the plan.
    pub name: String,
    /// The command.
    pub run: Vec<String>,
    /// The command that undoes it on rollback, when there is one.
    pub undo: Option<Vec<String>>,
    /// How long `run` (and `undo`) may run, in seconds (`timeout:`, default 300).
    pub timeout_seconds: f64,
}

/// One `notify:` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct NotifyConfig {
    /// The outcomes it is run on, in file order, each once.
    pub on: Vec<NotifyOn>,
    /// The command (`{{outcome}}` becomes the outcome's keyword).
    pub run: Vec<String>,
}

/// An outcome of a rollout that `notify:` can be run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotifyOn {
    /// `promoted`: the canary became stable.
    Promoted,
    /// `rolled_back`: the rollout failed and went back to stable.
    RolledBack,
    /// `stopped`: the rollout ended before changing anything.
    Stopped,
}

impl NotifyOn {
    /// The config keywords, in order.
    pub const KEYWORDS: [&'static str; 3] = ["promoted", "rolled_back", "stopped"];

    /// The config keyword.
    pub fn key(self) -> &'static str {
        match self {
            NotifyOn::Promoted => "promoted",
            NotifyOn::RolledBack => "rolled_back",
            NotifyOn::Stopped => "stopped",
        }
    }

    /// The outcome of a keyword.
    pub fn from_key(key: &str) -> Option<NotifyOn> {
        match key {
            "promoted" => Some(NotifyOn::Promoted),
            "rolled_back" => Some(NotifyOn::RolledBack),
            "stopped" => Some(NotifyOn::Stopped),
            _ => None,
        }
    }
}
