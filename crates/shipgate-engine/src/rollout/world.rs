//! [`World`]: what a rollout acts on — the target, the router, the hooks, the analysis —
//! behind one small trait, so that the driver is tested with a scripted world and a manual
//! clock, and runs with the exec target and nginx for real.

use std::future::Future;
use std::time::Duration;

use shipgate_rollout::Action;

/// What the background analysis said at one of its ticks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tick {
    /// Every check passed.
    Healthy,
    /// Not enough data yet to decide (before `initial_delay`, or too few samples).
    NotYet,
    /// A check failed, was inconclusive, or could not be measured: roll back.
    Failed(String),
}

/// Runs the actions of a rollout.
pub trait World {
    /// Run one command-like action ([`Action::RunHook`], `Deploy`, `CheckReady`,
    /// `SetWeight`, `Promote`, `SettleTraffic`, `RestoreTraffic`, `RollbackTarget`,
    /// `UndoHook`, `Notify`): `Err(why)` when it failed. Each must be idempotent: a resumed
    /// rollout may ask for an action that had begun before the process stopped.
    fn run(&mut self, action: &Action) -> impl Future<Output = Result<(), String>>;

    /// One round of the background analysis; the canary has had traffic for `traffic_for`.
    fn analyse(&mut self, traffic_for: Duration) -> impl Future<Output = Tick>;
}
