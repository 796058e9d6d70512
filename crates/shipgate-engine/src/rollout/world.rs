//! [`World`]: what a rollout acts on — the target, the router, the hooks, the analysis —
//! behind one small trait, so that the driver is tested with a scripted world and a manual
//! clock, and runs with the exec target and nginx for real.

use std::future::Future;
use std::time::Duration;

use shipgate_rollout::{Action, CheckRound, JudgeRound};

/// What the background analysis said at one of its rounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tick {
    /// Every check passed.
    Healthy,
    /// Not enough data yet to decide (before `initial_delay`, too few samples for the
    /// judge, an error or inconclusive result still within its check's limit): why.
    NotYet(String),
    /// A check failed, was inconclusive, or could not be measured: roll back.
    Failed(String),
}

impl Tick {
    /// The machine keyword of the round's result.
    pub fn key(&self) -> &'static str {
        match self {
            Tick::Healthy => "healthy",
            Tick::NotYet(_) => "not_yet",
            Tick::Failed(_) => "failed",
        }
    }

    /// Why it is not healthy.
    pub fn why(&self) -> Option<&str> {
        match self {
            Tick::Healthy => None,
            Tick::NotYet(why) | Tick::Failed(why) => Some(why),
        }
    }

    /// The worse of two results (a failure over "not yet" over healthy; the first of two
    /// alike).
    pub fn worst(self, other: Tick) -> Tick {
        match (&self, &other) {
            (Tick::Failed(_), _) => self,
            (_, Tick::Failed(_)) => other,
            (Tick::NotYet(_), _) => self,
            (_, Tick::NotYet(_)) => other,
            _ => self,
        }
    }
}

/// One round of the analysis: the result and what it measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub tick: Tick,
    /// The metric checks, with their measured values.
    pub checks: Vec<CheckRound>,
    /// The canary judge's table, when the rollout runs it.
    pub judge: Option<JudgeRound>,
}

impl Measured {
    /// A round of a rollout that measures nothing.
    pub fn nothing() -> Measured {
        Measured {
            tick: Tick::Healthy,
            checks: Vec::new(),
            judge: None,
        }
    }
}

/// Runs the actions of a rollout.
pub trait World {
    /// Run one command-like action ([`Action::RunHook`], `Deploy`, `CheckReady`,
    /// `SetWeight`, `Promote`, `SettleTraffic`, `RestoreTraffic`, `RollbackTarget`,
    /// `UndoHook`, `Notify`): `Err(why)` when it failed. Each must be idempotent: a resumed
    /// rollout may ask for an action that had begun before the process stopped.
    fn run(&mut self, action: &Action) -> impl Future<Output = Result<(), String>>;

    /// One round of the background analysis; the canary has had traffic for `traffic_for`.
    /// `step_end`: the round decides whether a step may end, so "no data yet" is no longer
    /// excused by the initial delay.
    fn analyse(&mut self, traffic_for: Duration, step_end: bool) -> impl Future<Output = Measured>;
}
