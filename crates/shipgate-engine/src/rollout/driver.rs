//! The driver: the state machine of `shipgate-rollout` run against a [`World`], every
//! transition written to the store before its action runs and after it answers.
//!
//! One action at a time. Between actions and throughout pauses and approvals it takes the
//! requests other processes left in the store (`approve`, `abort`), answers a cancellation
//! (a signal: roll back), and, once traffic has moved to the canary, runs the analysis every
//! `interval`. A step does not end on "not yet": when a pause is over, or before the
//! promotion, and the last round of this process was not healthy (or none ran), one more
//! round decides, and "not yet" then is inconclusive (a rollback). Every round is kept in
//! the store for the reports. A process killed at any point leaves the state of its last transition;
//! [`drive`] called again on it continues from there (the action that had begun is asked
//! for again, and the world's actions are idempotent).

use std::time::Duration;

use shipgate_core::Clock;
use shipgate_rollout::{Action, AnalysisRound, Event, Outcome, Rollout};
use shipgate_store::{RolloutRequest, Store, StoreError};

use super::world::{Measured, Tick, World};
use crate::cancel::Cancel;

/// How often the store is asked for requests while a rollout waits.
const POLL: Duration = Duration::from_secs(1);

/// How the driver runs.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Between two rounds of analysis.
    pub interval: Duration,
    /// Wall-clock time (milliseconds since the epoch) when the clock read zero: persisted
    /// times stay comparable across processes.
    pub epoch_ms: u64,
}

/// How a drive ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// The rollout is over.
    Finished(Outcome),
    /// A rollback action failed: the rollout stays active for `resume` or `abort`.
    Stuck(String),
}

/// Run `rollout` (recorded as `id` in `store`) until it is over or stuck.
pub async fn drive<W: World, C: Clock>(
    rollout: &mut Rollout,
    id: i64,
    store: &mut Store,
    world: &mut W,
    clock: &C,
    cancel: &Cancel,
    settings: Settings,
) -> Result<Ended, StoreError> {
    let now = || settings.epoch_ms.saturating_add(millis(clock.elapsed()));
    let mut interrupted = false;
    // when the analysis last ran (in this process: a resumed rollout analyses at once)
    let mut last_analysis: Option<u64> = None;
    // what the last round of this process said
    let mut last_tick: Option<Tick> = None;
    // the wait last announced for progress
    let mut announced: Option<Action> = None;
    loop {
        take_requests(rollout, id, store, now())?;
        if cancel.is_cancelled() && !interrupted {
            interrupted = true;
            let signal = cancel.reason().unwrap_or("a signal").to_string();
            apply(rollout, id, store, Event::Interrupted { signal }, now())?;
        }
        let analysing = rollout.state().analysis && !rollout.state().promoting;
        if analysing {
            let due = last_analysis
                .is_none_or(|at| now() >= at.saturating_add(millis(settings.interval)));
            if due {
                last_analysis = Some(now());
                let tick = round(rollout, id, store, world, now(), false).await?;
                last_tick = Some(tick.clone());
                if let Tick::Failed(why) = tick {
                    apply(rollout, id, store, Event::AnalysisFailed { why }, now())?;
                    continue;
                }
            }
        }
        // a step does not end on "not yet"
        let step_ends = match rollout.action() {
            Action::Wait { until_ms } => now() >= until_ms,
            Action::Promote => true,
            _ => false,
        };
        if analysing && step_ends && last_tick != Some(Tick::Healthy) {
            last_analysis = Some(now());
            let tick = round(rollout, id, store, world, now(), true).await?;
            last_tick = Some(tick.clone());
            let why = match tick {
                Tick::Healthy => None,
                Tick::Failed(why) => Some(why),
                Tick::NotYet(why) => Some(format!(
                    "inconclusive when {} ended: {why}",
                    match rollout.action() {
                        Action::Promote => "the last step".to_string(),
                        _ => format!("step {}", rollout.state().step + 1),
                    }
                )),
            };
            if let Some(why) = why {
                apply(rollout, id, store, Event::AnalysisFailed { why }, now())?;
                continue;
            }
        }
        let action = rollout.action();
        match action {
            Action::Finished { outcome } => return Ok(Ended::Finished(outcome)),
            Action::Stuck => {
                let why = match &rollout.state().phase {
                    shipgate_rollout::Phase::Stuck { why, .. } => why.clone(),
                    _ => String::new(),
                };
                return Ok(Ended::Stuck(why));
            }
            Action::Wait { until_ms: end } | Action::AwaitApproval { deadline_ms: end } => {
                if now() >= end {
                    apply(rollout, id, store, Event::Elapsed, now())?;
                } else {
                    if announced.as_ref() != Some(&action) {
                        world.waiting(&action, Duration::from_millis(end.saturating_sub(now())));
                        announced = Some(action.clone());
                    }
                    pause(clock, cancel, end.saturating_sub(now())).await;
                }
            }
            action => {
                rollout.begin_action();
                store.record_begin(id, &action, rollout.state(), now())?;
                let event = match world.run(&action).await {
                    Ok(()) => Event::Succeeded,
                    Err(why) => Event::Failed { why },
                };
                rollout.handle(event.clone(), now()).ok();
                store.record_event(id, &action, &event, rollout.state(), now())?;
            }
        }
    }
}

/// One round of the analysis at `now`, kept in the store.
async fn round<W: World>(
    rollout: &Rollout,
    id: i64,
    store: &mut Store,
    world: &mut W,
    now: u64,
    step_end: bool,
) -> Result<Tick, StoreError> {
    let since = rollout.state().traffic_since_ms.unwrap_or(now);
    let traffic_for = now.saturating_sub(since);
    let Measured {
        tick,
        checks,
        judge,
    } = world
        .analyse(Duration::from_millis(traffic_for), step_end)
        .await;
    if checks.is_empty() && judge.is_none() {
        // nothing is measured (no checks, no judge): nothing to show
        return Ok(tick);
    }
    store.record_analysis(
        id,
        &AnalysisRound {
            at_ms: now,
            traffic_for_ms: traffic_for,
            step_end,
            result: tick.key().to_string(),
            why: tick.why().map(str::to_string),
            checks,
            judge,
        },
    )?;
    Ok(tick)
}

/// Apply an event that is not the answer to an action (a request, a signal, the analysis,
/// a wait's end) and record it; one that does not apply is not recorded.
fn apply(
    rollout: &mut Rollout,
    id: i64,
    store: &mut Store,
    event: Event,
    now: u64,
) -> Result<(), StoreError> {
    let action = rollout.action();
    if rollout.handle(event.clone(), now).is_ok() {
        store.record_event(id, &action, &event, rollout.state(), now)?;
    }
    Ok(())
}

fn take_requests(
    rollout: &mut Rollout,
    id: i64,
    store: &mut Store,
    now: u64,
) -> Result<(), StoreError> {
    for request in store.take_requests(id)? {
        let event = match request {
            RolloutRequest::Approve { by } => Event::Approved { by },
            RolloutRequest::Abort { by, reason } => Event::AbortRequested {
                reason: format!("{reason} (by {by})"),
            },
        };
        apply(rollout, id, store, event, now)?;
    }
    Ok(())
}

/// Wait up to `left_ms`, at most [`POLL`] (requests and the analysis are looked at between
/// two waits), returning early on a cancellation.
async fn pause<C: Clock>(clock: &C, cancel: &Cancel, left_ms: u64) {
    let wait = Duration::from_millis(left_ms).min(POLL);
    tokio::select! {
        biased;
        () = cancel.cancelled() => {}
        () = clock.sleep(wait) => {}
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
