//! [`Rollout`]: the transitions of the rollout state machine.
//!
//! The rules every path keeps (property-tested in `tests/machine.rs`):
//! - the canary is deployed at most once, at the first weight step, and checked ready before
//!   any traffic moves; nothing is ever deployed again;
//! - after a failure (an action, the analysis, an approval's timeout, an abort, a signal)
//!   no traffic moves towards the canary and nothing is promoted: the rollback returns to the
//!   recorded stable — traffic first, then the canary removed, then each succeeded hook's undo
//!   in reverse order — and only for what was changed: a rollout that failed before any
//!   change ends `stopped`, with no rollback action;
//! - one outcome, reached once: a rollback is entered once, later aborts and signals change
//!   nothing, and nothing after promotion rolls back;
//! - an action that fails during the rollback leaves the rollout stuck at that action (never
//!   skipped) until `resume` or `abort` retries it.

use crate::action::Action;
use crate::event::Event;
use crate::plan::{Plan, Step};
use crate::state::{Failure, Outcome, Phase, RollbackStage, State};

/// An event that does not apply where the rollout is; nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{event} does not apply while the rollout is {phase}")]
pub struct Ignored {
    pub event: String,
    pub phase: String,
}

/// A rollout: its plan and its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollout {
    plan: Plan,
    state: State,
}

impl Rollout {
    /// A rollout of `plan` starting now (`now_ms`, milliseconds on the driver's clock).
    pub fn start(plan: Plan, now_ms: u64) -> Rollout {
        let mut rollout = Rollout {
            plan,
            state: State {
                step: 0,
                phase: Phase::Done(Outcome::Stopped),
                deployed: false,
                traffic_touched: false,
                weight: 0,
                undo: Vec::new(),
                failure: None,
                approvals: Vec::new(),
                analysis: false,
                traffic_since_ms: None,
                promoted: false,
                promoting: false,
            },
        };
        rollout.enter_step(0, now_ms);
        rollout
    }

    /// A rollout continuing from a state read back (the action it asks for is the one it was
    /// doing when it stopped).
    pub fn resume(plan: Plan, state: State) -> Rollout {
        Rollout { plan, state }
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// What to do now.
    pub fn action(&self) -> Action {
        let s = &self.state;
        match &s.phase {
            Phase::Hook => Action::RunHook { step: s.step },
            Phase::Deploy => Action::Deploy,
            Phase::Ready => Action::CheckReady,
            Phase::SetWeight => Action::SetWeight {
                weight: self.step_weight().unwrap_or(0),
            },
            Phase::Waiting { until_ms } => Action::Wait {
                until_ms: *until_ms,
            },
            Phase::Approval { deadline_ms } => Action::AwaitApproval {
                deadline_ms: *deadline_ms,
            },
            Phase::Promote => Action::Promote,
            Phase::Settle => Action::SettleTraffic,
            Phase::RollingBack(RollbackStage::Traffic) => Action::RestoreTraffic,
            Phase::RollingBack(RollbackStage::Target) => Action::RollbackTarget,
            Phase::RollingBack(RollbackStage::Undo(n)) => match undo_step(s, *n) {
                Some(step) => Action::UndoHook { step },
                // the stage is entered only with a hook to undo
                None => Action::Stuck,
            },
            Phase::Notifying(outcome) => Action::Notify { outcome: *outcome },
            Phase::Stuck { .. } => Action::Stuck,
            Phase::Done(outcome) => Action::Finished { outcome: *outcome },
        }
    }

    /// The driver is about to run the current action (it writes the state to the store
    /// before it does). From then on what the action changes may have changed, even if the
    /// process dies before it answers: a canary whose deploy began is removed on rollback,
    /// traffic whose weight was being written is restored. An action that never began
    /// changed nothing, so a rollout stopped before it rolls nothing back.
    pub fn begin_action(&mut self) {
        match self.state.phase {
            Phase::Deploy => self.state.deployed = true,
            Phase::SetWeight => self.state.traffic_touched = true,
            Phase::Promote => self.state.promoting = true,
            _ => {}
        }
    }

    /// Apply `event`, which happened at `now_ms`. An event that does not apply changes
    /// nothing and says so.
    pub fn handle(&mut self, event: Event, now_ms: u64) -> Result<(), Ignored> {
        let phase = self.state.phase.clone();
        let applied = match (&phase, event.clone()) {
            // the driver's answer to a command
            (Phase::Hook, Event::Succeeded) => {
                if let Some(Step::Hook { undo: true, .. }) = self.plan.step(self.state.step) {
                    self.state.undo.push(self.state.step);
                }
                self.enter_step(self.state.step + 1, now_ms);
                true
            }
            (Phase::Deploy, Event::Succeeded) => {
                self.state.phase = Phase::Ready;
                true
            }
            (Phase::Ready, Event::Succeeded) => {
                self.enter_set_weight();
                true
            }
            (Phase::SetWeight, Event::Succeeded) => {
                self.state.weight = self.step_weight().unwrap_or(0);
                if self.state.weight > 0 {
                    self.state.analysis = true;
                    self.state.traffic_since_ms.get_or_insert(now_ms);
                }
                self.enter_step(self.state.step + 1, now_ms);
                true
            }
            (Phase::Promote, Event::Succeeded) => {
                self.state.promoted = true;
                self.state.phase = Phase::Settle;
                true
            }
            (Phase::Settle, Event::Succeeded) => {
                self.state.weight = 0;
                self.finish(Outcome::Promoted);
                true
            }
            (Phase::RollingBack(stage), Event::Succeeded) => {
                if *stage == RollbackStage::Traffic {
                    self.state.weight = 0;
                }
                self.rollback_from(next_stage(&self.state, *stage));
                true
            }
            (Phase::Notifying(outcome), Event::Succeeded | Event::Failed { .. }) => {
                // a notification never changes the outcome
                self.state.phase = Phase::Done(*outcome);
                true
            }
            (
                Phase::Hook | Phase::Deploy | Phase::Ready | Phase::SetWeight | Phase::Promote,
                Event::Failed { why },
            ) => {
                self.fail(why);
                true
            }
            (Phase::Settle | Phase::RollingBack(_), Event::Failed { why }) => {
                self.state.phase = Phase::Stuck {
                    phase: Box::new(phase.clone()),
                    why,
                };
                true
            }
            // waits
            (Phase::Waiting { until_ms }, Event::Elapsed) if now_ms >= *until_ms => {
                self.enter_step(self.state.step + 1, now_ms);
                true
            }
            (Phase::Approval { deadline_ms }, Event::Approved { by }) if now_ms < *deadline_ms => {
                self.state.approvals.push((self.state.step, by));
                self.enter_step(self.state.step + 1, now_ms);
                true
            }
            (Phase::Approval { deadline_ms }, Event::Elapsed | Event::Approved { .. })
                if now_ms >= *deadline_ms =>
            {
                self.fail("no approval before the step's timeout".to_string());
                true
            }
            // reasons to roll back, honoured until the promotion began
            (phase, Event::AnalysisFailed { why }) if self.before_promotion(phase) => {
                self.fail(format!("analysis: {why}"));
                true
            }
            (phase, Event::AbortRequested { reason }) if self.before_promotion(phase) => {
                self.fail(format!("aborted: {reason}"));
                true
            }
            (phase, Event::Interrupted { signal }) if self.before_promotion(phase) => {
                self.fail(format!("interrupted by {signal}"));
                true
            }
            // a stuck rollout tries its action again on resume or abort
            (Phase::Stuck { phase, .. }, Event::Retry | Event::AbortRequested { .. }) => {
                self.state.phase = (**phase).clone();
                true
            }
            _ => false,
        };
        if applied {
            Ok(())
        } else {
            Err(Ignored {
                event: format!("{event:?}"),
                phase: format!("{phase:?}"),
            })
        }
    }

    /// The weight of the current step, when it is a weight step.
    fn step_weight(&self) -> Option<u8> {
        match self.plan.step(self.state.step) {
            Some(Step::Weight(w)) => Some(*w),
            _ => None,
        }
    }

    /// Begin step `at` (or the promotion, past the last step).
    fn enter_step(&mut self, at: usize, now_ms: u64) {
        self.state.step = at;
        self.state.phase = match self.plan.step(at) {
            None => Phase::Promote,
            Some(Step::Hook { .. }) => Phase::Hook,
            Some(Step::Weight(_)) if !self.state.deployed => Phase::Deploy,
            Some(Step::Weight(_)) => {
                self.enter_set_weight();
                return;
            }
            Some(Step::Pause(d)) => Phase::Waiting {
                until_ms: now_ms.saturating_add(millis(*d)),
            },
            Some(Step::Approve { timeout }) => Phase::Approval {
                deadline_ms: now_ms.saturating_add(millis(*timeout)),
            },
        };
    }

    fn enter_set_weight(&mut self) {
        self.state.phase = Phase::SetWeight;
    }

    /// Roll back because of `why` (once: a rollout already rolling back stays on its way).
    fn fail(&mut self, why: String) {
        let step = (self.state.step < self.plan.steps().len()).then_some(self.state.step);
        self.state.failure = Some(Failure { step, why });
        self.state.analysis = false;
        self.rollback_from(Some(RollbackStage::Traffic));
    }

    /// Go to rollback `stage` or the first one after it that has something to undo; to the
    /// outcome when none has.
    fn rollback_from(&mut self, mut stage: Option<RollbackStage>) {
        while let Some(current) = stage {
            let needed = match current {
                RollbackStage::Traffic => self.state.traffic_touched,
                RollbackStage::Target => self.state.deployed,
                RollbackStage::Undo(n) => undo_step(&self.state, n).is_some(),
            };
            if needed {
                self.state.phase = Phase::RollingBack(current);
                return;
            }
            stage = next_stage(&self.state, current);
        }
        let changed =
            self.state.traffic_touched || self.state.deployed || !self.state.undo.is_empty();
        self.finish(if changed {
            Outcome::RolledBack
        } else {
            Outcome::Stopped
        });
    }

    /// A failure still rolls back: the promotion has not begun (settling traffic comes
    /// after it). A promote that began may have changed the stable servers already: it is
    /// finished (by `resume` after a crash), not rolled back onto them.
    fn before_promotion(&self, phase: &Phase) -> bool {
        match phase {
            Phase::Hook
            | Phase::Deploy
            | Phase::Ready
            | Phase::SetWeight
            | Phase::Waiting { .. }
            | Phase::Approval { .. } => true,
            Phase::Promote => !self.state.promoting,
            _ => false,
        }
    }

    fn finish(&mut self, outcome: Outcome) {
        self.state.analysis = false;
        self.state.phase = Phase::Notifying(outcome);
    }
}

/// The rollback stage after `stage`.
fn next_stage(state: &State, stage: RollbackStage) -> Option<RollbackStage> {
    match stage {
        RollbackStage::Traffic => {
            // traffic is all on stable now
            Some(RollbackStage::Target)
        }
        RollbackStage::Target => Some(RollbackStage::Undo(0)),
        RollbackStage::Undo(n) if n + 1 < state.undo.len() => Some(RollbackStage::Undo(n + 1)),
        RollbackStage::Undo(_) => None,
    }
}

/// The step whose hook is undone `n`-th (the last succeeded hook first).
fn undo_step(state: &State, n: usize) -> Option<usize> {
    let from_end = state.undo.len().checked_sub(n + 1)?;
    state.undo.get(from_end).copied()
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
