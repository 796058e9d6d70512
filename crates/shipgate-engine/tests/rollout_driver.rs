//! The rollout driver against a scripted world, a manual clock and a real store: analysis
//! through pauses, requests from another process, signals, and a process that dies at every
//! transition and is resumed — always one outcome, and one promotion at most.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::collections::VecDeque;
use std::future::Future;
use std::time::Duration;

use shipgate_core::ManualClock;
use shipgate_engine::rollout::driver::{drive, Ended, Settings};
use shipgate_engine::rollout::world::{Measured, Tick, World};
use shipgate_engine::Cancel;
use shipgate_rollout::{Action, Event, Outcome, Plan, Rollout, Step};
use shipgate_store::{NewRollout, RolloutRequest, Store};

/// A world that logs what it is asked and answers from a script.
#[derive(Default)]
struct Scripted {
    log: Vec<Action>,
    /// Actions that fail (by equality), each once.
    failing: Vec<Action>,
    /// Analysis answers, in order; `Healthy` once they run out.
    ticks: VecDeque<Tick>,
    analysed_at: Vec<Duration>,
    /// Whether each round was asked to decide a step's end.
    step_ends: Vec<bool>,
    /// Requests another process makes when the world is asked its n-th analysis.
    on_tick: Vec<(usize, RolloutRequest)>,
    /// Another process approves at the first analysis once the canary has had traffic
    /// this long.
    approve_after: Option<Duration>,
    store_path: Option<std::path::PathBuf>,
    /// The action at which the process "dies": the future never completes.
    die_at: Option<usize>,
}

impl World for Scripted {
    fn run(&mut self, action: &Action) -> impl Future<Output = Result<(), String>> {
        self.log.push(action.clone());
        let dies = self.die_at == Some(self.log.len() - 1);
        let fails = self.failing.iter().position(|a| a == action);
        if let Some(at) = fails {
            self.failing.remove(at);
        }
        async move {
            if dies {
                std::future::pending::<()>().await;
            }
            match fails {
                Some(_) => Err(format!("{action:?} failed")),
                None => Ok(()),
            }
        }
    }

    fn analyse(&mut self, traffic_for: Duration, step_end: bool) -> impl Future<Output = Measured> {
        self.analysed_at.push(traffic_for);
        self.step_ends.push(step_end);
        let n = self.analysed_at.len();
        for (at, request) in &self.on_tick {
            if *at == n {
                let mut other = Store::open(self.store_path.as_ref().unwrap()).unwrap();
                other.request("web", request, 0).unwrap();
            }
        }
        if self.approve_after.is_some_and(|after| traffic_for >= after) {
            self.approve_after = None;
            let mut other = Store::open(self.store_path.as_ref().unwrap()).unwrap();
            other
                .request("web", &RolloutRequest::Approve { by: "alice".into() }, 0)
                .unwrap();
        }
        let tick = self.ticks.pop_front().unwrap_or(Tick::Healthy);
        async move {
            Measured {
                checks: vec![shipgate_rollout::CheckRound {
                    name: "error_ratio".into(),
                    condition: "< 0.01".into(),
                    measured: tick.why().unwrap_or("0.001").to_string(),
                    value: None,
                    result: tick.key().into(),
                    failed: 0,
                    failure_limit: 0,
                    inconclusive: 0,
                    inconclusive_limit: 0,
                    consecutive_errors: 0,
                    consecutive_error_limit: 4,
                }],
                tick,
                judge: None,
            }
        }
    }
}

fn plan() -> Plan {
    Plan::new(vec![
        Step::Hook {
            name: "migrate".into(),
            undo: true,
        },
        Step::Weight(10),
        Step::Pause(Duration::from_secs(60)),
        Step::Weight(50),
        Step::Approve {
            timeout: Duration::from_secs(600),
        },
        Step::Weight(100),
    ])
    .unwrap()
}

const SETTINGS: Settings = Settings {
    interval: Duration::from_secs(10),
    epoch_ms: 1_700_000_000_000,
};

struct Run {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: Store,
    rollout: Rollout,
    id: i64,
}

fn begin(plan: Plan) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.db");
    let mut store = Store::open(&path).unwrap();
    let rollout = Rollout::start(plan, SETTINGS.epoch_ms);
    let id = store
        .start_rollout(&NewRollout {
            service: "web",
            version: "v2",
            stable: Some("v1"),
            plan_name: "steps",
            plan: rollout.plan(),
            state: rollout.state(),
            started_by: None,
            at_ms: SETTINGS.epoch_ms,
        })
        .unwrap();
    Run {
        _dir: dir,
        path,
        store,
        rollout,
        id,
    }
}

async fn go(run: &mut Run, world: &mut Scripted, cancel: &Cancel) -> Ended {
    world.store_path = Some(run.path.clone());
    let clock = ManualClock::new();
    drive(
        &mut run.rollout,
        run.id,
        &mut run.store,
        world,
        &clock,
        cancel,
        SETTINGS,
    )
    .await
    .unwrap()
}

/// After the 60 s pause: while the approve step waits.
const APPROVE_AFTER: Option<Duration> = Some(Duration::from_secs(65));

#[tokio::test]
async fn a_good_release_is_promoted_with_analysis_every_interval_through_the_pause() {
    let mut run = begin(plan());
    // approval comes from another process while the approve step waits
    let mut world = Scripted {
        approve_after: APPROVE_AFTER,
        ..Scripted::default()
    };
    let ended = go(&mut run, &mut world, &Cancel::new()).await;
    assert_eq!(ended, Ended::Finished(Outcome::Promoted));
    assert_eq!(
        world.log,
        [
            Action::RunHook { step: 0 },
            Action::Deploy,
            Action::CheckReady,
            Action::SetWeight { weight: 10 },
            Action::SetWeight { weight: 50 },
            Action::SetWeight { weight: 100 },
            Action::Promote,
            Action::SettleTraffic,
            Action::Notify {
                outcome: Outcome::Promoted
            },
        ]
    );
    // analysis from the first traffic on, every 10 s through the 60 s pause and the approval
    assert!(world.analysed_at.len() >= 8, "{:?}", world.analysed_at);
    assert_eq!(world.analysed_at[0], Duration::ZERO);
    assert_eq!(world.analysed_at[1], Duration::from_secs(10));
    let stored = run.store.deployments("web").unwrap();
    assert_eq!(stored[0].state.outcome(), Some(Outcome::Promoted));
    assert_eq!(stored[0].state.approvals, [(4, "alice".to_string())]);
    assert!(run.store.active_rollout("web").unwrap().is_none());
}

#[tokio::test]
async fn an_analysis_failure_during_the_pause_returns_to_stable_and_undoes_the_hook() {
    let mut run = begin(plan());
    let mut world = Scripted {
        ticks: [
            Tick::Healthy,
            Tick::NotYet("judge: 3 samples".into()),
            Tick::Failed("error ratio 0.1 > 0.01".into()),
        ]
        .into(),
        ..Scripted::default()
    };
    let ended = go(&mut run, &mut world, &Cancel::new()).await;
    assert_eq!(ended, Ended::Finished(Outcome::RolledBack));
    assert_eq!(
        &world.log[4..],
        [
            Action::RestoreTraffic,
            Action::RollbackTarget,
            Action::UndoHook { step: 0 },
            Action::Notify {
                outcome: Outcome::RolledBack
            },
        ]
    );
    assert!(!world.log.contains(&Action::Promote));
    let stored = &run.store.deployments("web").unwrap()[0];
    let failure = stored.state.failure.as_ref().unwrap();
    assert_eq!(
        (failure.step, failure.why.as_str()),
        (Some(2), "analysis: error ratio 0.1 > 0.01")
    );
}

#[tokio::test]
async fn an_abort_from_another_process_rolls_back_within_one_poll() {
    let mut run = begin(plan());
    let abort = (
        2,
        RolloutRequest::Abort {
            by: "ops".into(),
            reason: "error budget".into(),
        },
    );
    let mut world = Scripted {
        on_tick: vec![abort],
        ..Scripted::default()
    };
    let ended = go(&mut run, &mut world, &Cancel::new()).await;
    assert_eq!(ended, Ended::Finished(Outcome::RolledBack));
    let stored = &run.store.deployments("web").unwrap()[0];
    assert_eq!(
        stored.state.failure.as_ref().map(|f| f.why.as_str()),
        Some("aborted: error budget (by ops)")
    );
    // it was taken during the pause, at the first look after the request
    assert_eq!(world.analysed_at.len(), 2);
}

#[tokio::test]
async fn no_approval_in_time_rolls_back() {
    let mut run = begin(plan());
    let mut world = Scripted::default();
    let ended = go(&mut run, &mut world, &Cancel::new()).await;
    assert_eq!(ended, Ended::Finished(Outcome::RolledBack));
    let why = run.store.deployments("web").unwrap()[0]
        .state
        .failure
        .clone()
        .unwrap()
        .why;
    assert_eq!(why, "no approval before the step's timeout");
}

#[tokio::test]
async fn a_signal_during_the_pause_rolls_back_and_a_failed_backup_changes_nothing() {
    let mut run = begin(plan());
    let cancel = Cancel::new();
    cancel.cancel("SIGTERM");
    let mut world = Scripted::default();
    // cancelled before anything ran: nothing changed, nothing to roll back
    let ended = go(&mut run, &mut world, &cancel).await;
    assert_eq!(ended, Ended::Finished(Outcome::Stopped));
    assert_eq!(
        world.log,
        [Action::Notify {
            outcome: Outcome::Stopped
        }]
    );

    let mut run = begin(plan());
    let mut world = Scripted {
        failing: vec![Action::RunHook { step: 0 }],
        ..Scripted::default()
    };
    let ended = go(&mut run, &mut world, &Cancel::new()).await;
    assert_eq!(ended, Ended::Finished(Outcome::Stopped));
    assert_eq!(
        world.log,
        [
            Action::RunHook { step: 0 },
            Action::Notify {
                outcome: Outcome::Stopped
            }
        ]
    );
}

#[tokio::test]
async fn a_failing_rollback_action_leaves_the_rollout_stuck_and_active() {
    let mut run = begin(plan());
    let mut world = Scripted {
        ticks: [Tick::Failed("latency".into())].into(),
        failing: vec![Action::RollbackTarget],
        ..Scripted::default()
    };
    let ended = go(&mut run, &mut world, &Cancel::new()).await;
    assert!(
        matches!(ended, Ended::Stuck(ref why) if why.contains("RollbackTarget")),
        "{ended:?}"
    );
    assert!(run.store.active_rollout("web").unwrap().is_some());
    // resume: retried, then the rest of the rollback
    run.rollout.handle(Event::Retry, SETTINGS.epoch_ms).unwrap();
    let ended = go(&mut run, &mut world, &Cancel::new()).await;
    assert_eq!(ended, Ended::Finished(Outcome::RolledBack));
    assert_eq!(
        world
            .log
            .iter()
            .filter(|a| **a == Action::RollbackTarget)
            .count(),
        2
    );
}

/// A process killed at every action in turn, then resumed from the store by another:
/// the same final outcome as an uninterrupted run, and exactly one promotion recorded.
#[tokio::test]
async fn killed_at_any_action_and_resumed_it_ends_the_same_with_one_promotion() {
    let uninterrupted = {
        let mut run = begin(plan());
        let mut world = Scripted {
            approve_after: APPROVE_AFTER,
            ..Scripted::default()
        };
        go(&mut run, &mut world, &Cancel::new()).await;
        world.log.len()
    };
    for die_at in 0..uninterrupted {
        let mut run = begin(plan());
        let mut world = Scripted {
            approve_after: APPROVE_AFTER,
            die_at: Some(die_at),
            ..Scripted::default()
        };
        // the process dies while action `die_at` runs
        let crashed = tokio::time::timeout(
            Duration::from_millis(200),
            go(&mut run, &mut world, &Cancel::new()),
        )
        .await;
        assert!(crashed.is_err(), "action {die_at} should never answer");
        let died_during = world.log.last().cloned().unwrap();
        let first_log = world.log.clone();
        drop(run.store);

        // another process takes over from the store
        let mut store = Store::open(&run.path).unwrap();
        let stored = store
            .active_rollout("web")
            .unwrap()
            .unwrap_or_else(|| panic!("no active rollout after dying at {die_at}"));
        let mut rollout = Rollout::resume(stored.plan, stored.state);
        assert_eq!(
            rollout.action(),
            died_during,
            "resumed at the action that was running"
        );
        let mut world = Scripted {
            approve_after: APPROVE_AFTER,
            ..Scripted::default()
        };
        world.store_path = Some(run.path.clone());
        let ended = drive(
            &mut rollout,
            stored.id,
            &mut store,
            &mut world,
            &ManualClock::new(),
            &Cancel::new(),
            SETTINGS,
        )
        .await
        .unwrap();
        assert_eq!(
            ended,
            Ended::Finished(Outcome::Promoted),
            "died at {die_at}"
        );
        let promotions = store
            .transitions(stored.id)
            .unwrap()
            .into_iter()
            .filter(|t| t.action == Action::Promote && t.event == Some(Event::Succeeded))
            .count();
        assert_eq!(promotions, 1, "died at {die_at}");
        // deployed once in all, or twice when the process died during the deploy (asked again)
        let deploys = first_log
            .iter()
            .chain(&world.log)
            .filter(|a| **a == Action::Deploy)
            .count();
        let allowed = 1 + usize::from(died_during == Action::Deploy);
        assert_eq!(
            deploys, allowed,
            "died at {die_at}: {first_log:?} then {:?}",
            world.log
        );
    }
}

#[tokio::test]
async fn a_pause_that_ends_on_not_yet_is_inconclusive_and_rolls_back() {
    let mut run = begin(plan());
    // every round during the 60 s pause (7 of them) says "not yet", and so does the one
    // that decides the pause's end
    let not_yet = Tick::NotYet("judge: error_ratio: 3 canary samples, 10 needed".into());
    let mut world = Scripted {
        ticks: std::iter::repeat_n(not_yet, 8).collect(),
        ..Scripted::default()
    };
    let ended = go(&mut run, &mut world, &Cancel::new()).await;
    assert_eq!(ended, Ended::Finished(Outcome::RolledBack));
    assert!(!world.log.contains(&Action::SetWeight { weight: 50 }));
    let why = run.store.deployments("web").unwrap()[0]
        .state
        .failure
        .clone()
        .unwrap()
        .why;
    assert_eq!(
        why,
        "analysis: inconclusive when step 3 ended: judge: error_ratio: 3 canary samples, 10 needed"
    );
    // the deciding round came last, at the pause's end, and is what the reports show
    assert_eq!(world.step_ends.last(), Some(&true));
    assert_eq!(world.step_ends.iter().filter(|e| **e).count(), 1);
    assert_eq!(world.analysed_at.last(), Some(&Duration::from_secs(60)));
    let round = run.store.analysis_round(run.id).unwrap().unwrap();
    assert!(round.step_end);
    assert_eq!(round.result, "not_yet");
    assert_eq!(round.traffic_for_ms, 60_000);
}

#[tokio::test]
async fn a_step_whose_last_round_was_healthy_ends_without_another_and_a_late_answer_still_decides()
{
    // healthy all along: no round is asked to decide a step's end
    let mut run = begin(plan());
    let mut world = Scripted {
        approve_after: APPROVE_AFTER,
        ..Scripted::default()
    };
    assert_eq!(
        go(&mut run, &mut world, &Cancel::new()).await,
        Ended::Finished(Outcome::Promoted)
    );
    assert!(!world.step_ends.contains(&true), "{:?}", world.step_ends);
    let round = run.store.analysis_round(run.id).unwrap().unwrap();
    assert_eq!(round.result, "healthy");

    // "not yet" until the last round of the pause, then data: the deciding round is
    // healthy and the rollout goes on
    let mut run = begin(plan());
    let mut world = Scripted {
        approve_after: APPROVE_AFTER,
        ticks: std::iter::repeat_n(Tick::NotYet("judge: few samples".into()), 7).collect(),
        ..Scripted::default()
    };
    assert_eq!(
        go(&mut run, &mut world, &Cancel::new()).await,
        Ended::Finished(Outcome::Promoted)
    );
    assert_eq!(world.step_ends.iter().filter(|e| **e).count(), 1);
}
