//! The rollout state machine driven through random plans and random event sequences by a
//! model driver: the rules of `machine.rs` hold on every path, and a state written out and
//! read back at any point continues the same way.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::time::Duration;

use proptest::prelude::*;
use shipgate_rollout::{Action, Event, Outcome, Plan, Rollout, State, Step};

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u8..3, any::<bool>()).prop_map(|(n, undo)| Step::Hook {
            name: format!("hook{n}"),
            undo
        }),
        (0u8..=100).prop_map(Step::Weight),
        (1u64..600).prop_map(|s| Step::Pause(Duration::from_secs(s))),
        (1u64..600).prop_map(|s| Step::Approve {
            timeout: Duration::from_secs(s)
        }),
    ]
}

fn plan() -> impl Strategy<Value = Plan> {
    proptest::collection::vec(step(), 0..8).prop_filter_map("no weight step", |mut steps| {
        if !steps.iter().any(|s| matches!(s, Step::Weight(_))) {
            steps.push(Step::Weight(100));
        }
        Plan::new(steps).ok()
    })
}

/// What the model driver does at each turn, drawn in advance.
#[derive(Debug, Clone, Copy)]
enum Turn {
    /// Answer the action: success, or failure.
    Answer(bool),
    /// Before answering, this happens.
    Analysis,
    Abort,
    Signal,
    /// The process dies here; the state is read back.
    Crash,
    /// The process dies while the action runs.
    CrashMidAction,
}

fn turn() -> impl Strategy<Value = Turn> {
    prop_oneof![
        12 => any::<bool>().prop_map(|ok| Turn::Answer(ok || rand_ok())),
        1 => Just(Turn::Analysis),
        1 => Just(Turn::Abort),
        1 => Just(Turn::Signal),
        2 => Just(Turn::Crash),
        1 => Just(Turn::CrashMidAction),
    ]
}

/// Answers lean towards success so that many paths reach the end.
fn rand_ok() -> bool {
    true
}

/// What happened along one path.
#[derive(Debug, Default)]
struct Trace {
    actions: Vec<Action>,
    /// Every action begun, answered or not (a crash mid-action begins one unanswered).
    begun: Vec<Action>,
    /// Index in `actions` of the first action taken after a failure was recorded.
    failed_at: Option<usize>,
    /// `begun.len()` then.
    begun_failed_at: Option<usize>,
    hooks_succeeded_with_undo: Vec<usize>,
    outcome: Option<Outcome>,
}

fn drive(plan: &Plan, turns: &[Turn]) -> (Trace, State) {
    let mut rollout = Rollout::start(plan.clone(), 0);
    let mut now = 0_u64;
    let mut trace = Trace::default();
    let mut turns = turns.iter().copied().cycle();
    let mut forced = false;
    for _ in 0..10_000 {
        if trace.failed_at.is_none() && rollout.state().failure.is_some() {
            trace.failed_at = Some(trace.actions.len());
            trace.begun_failed_at = Some(trace.begun.len());
        }
        let action = rollout.action();
        if let Action::Finished { outcome } = action {
            trace.outcome = Some(outcome);
            return (trace, rollout.state().clone());
        }
        now += 1000;
        // after anything but an answer the next turn answers: every path makes progress
        let turn = match (forced, turns.next()) {
            (true, _) | (_, None) => Turn::Answer(true),
            (false, Some(turn)) => turn,
        };
        forced = !matches!(turn, Turn::Answer(_));
        match turn {
            Turn::Crash => {
                let json = serde_json::to_string(rollout.state()).unwrap();
                let state: State = serde_json::from_str(&json).unwrap();
                let resumed = Rollout::resume(plan.clone(), state);
                assert_eq!(
                    resumed.action(),
                    action,
                    "a resumed rollout asks for the same action"
                );
                rollout = resumed;
                continue;
            }
            Turn::Analysis => {
                let _ = rollout.handle(
                    Event::AnalysisFailed {
                        why: "error ratio".into(),
                    },
                    now,
                );
                continue;
            }
            Turn::Abort => {
                let _ = rollout.handle(
                    Event::AbortRequested {
                        reason: "by hand".into(),
                    },
                    now,
                );
                continue;
            }
            Turn::Signal => {
                let _ = rollout.handle(
                    Event::Interrupted {
                        signal: "SIGTERM".into(),
                    },
                    now,
                );
                continue;
            }
            Turn::CrashMidAction => {
                // the action began, then the process died before it answered
                rollout.begin_action();
                trace.begun.push(action.clone());
                let json = serde_json::to_string(rollout.state()).unwrap();
                rollout = Rollout::resume(plan.clone(), serde_json::from_str(&json).unwrap());
                assert_eq!(rollout.action(), action);
                continue;
            }
            Turn::Answer(ok) => {
                rollout.begin_action();
                trace.begun.push(action.clone());
                trace.actions.push(action.clone());
                let event = match &action {
                    Action::Wait { until_ms } => {
                        now = now.max(*until_ms);
                        Event::Elapsed
                    }
                    Action::AwaitApproval { deadline_ms } => {
                        if ok {
                            now = now.min(deadline_ms - 1);
                            Event::Approved { by: "alice".into() }
                        } else {
                            now = now.max(*deadline_ms);
                            Event::Elapsed
                        }
                    }
                    Action::Stuck => Event::Retry,
                    _ if ok => Event::Succeeded,
                    _ => Event::Failed {
                        why: "exit status 1".into(),
                    },
                };
                if let (Action::RunHook { step }, Event::Succeeded) = (&action, &event) {
                    if let Some(Step::Hook { undo: true, .. }) = plan.step(*step) {
                        trace.hooks_succeeded_with_undo.push(*step);
                    }
                }
                rollout.handle(event, now).unwrap();
            }
        }
    }
    panic!("the rollout never finished: {:?}", rollout.state());
}

fn is_rollback(a: &Action) -> bool {
    matches!(
        a,
        Action::RestoreTraffic | Action::RollbackTarget | Action::UndoHook { .. }
    )
}

fn count(trace: &Trace, f: impl Fn(&Action) -> bool) -> usize {
    trace.actions.iter().filter(|a| f(a)).count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn every_path_keeps_the_rules(plan in plan(), turns in proptest::collection::vec(turn(), 1..40)) {
        let (trace, state) = drive(&plan, &turns);
        let outcome = trace.outcome.unwrap();
        // deployed at most once, never again
        prop_assert!(count(&trace, |a| *a == Action::Deploy) <= 1);
        // ready before any traffic moves towards the canary
        let first_weight = trace.actions.iter().position(|a| matches!(a, Action::SetWeight { .. }));
        let first_ready = trace.actions.iter().position(|a| *a == Action::CheckReady);
        if let Some(w) = first_weight {
            prop_assert!(first_ready.is_some_and(|r| r < w), "{:?}", trace.actions);
        }
        match trace.failed_at {
            None => {
                prop_assert_eq!(outcome, Outcome::Promoted);
                prop_assert_eq!(count(&trace, |a| *a == Action::Promote), 1);
                prop_assert!(state.promoted);
                let rolled_back = trace.actions.iter().any(is_rollback);
                prop_assert!(!rolled_back);
            }
            Some(at) => {
                let after = &trace.actions[at..];
                // nothing moves forward after a failure
                prop_assert!(!after.iter().any(|a| matches!(
                    a,
                    Action::Deploy | Action::CheckReady | Action::SetWeight { .. }
                        | Action::Promote | Action::RunHook { .. } | Action::SettleTraffic
                )), "{:?}", trace.actions);
                prop_assert!(!state.promoted);
                // what began before the failure, answered or not, may have changed things
                let before = &trace.begun[..trace.begun_failed_at.unwrap()];
                let touched = before.iter().any(|a| matches!(a, Action::SetWeight { .. }));
                let deployed = before.contains(&Action::Deploy);
                let undone: Vec<usize> = after
                    .iter()
                    .filter_map(|a| match a { Action::UndoHook { step } => Some(*step), _ => None })
                    .collect();
                let mut expected_undo = trace.hooks_succeeded_with_undo.clone();
                expected_undo.reverse();
                // each undo once, in reverse order (a retried one repeats in place)
                let mut distinct = undone.clone();
                distinct.dedup();
                prop_assert_eq!(distinct, expected_undo.clone());
                prop_assert_eq!(after.contains(&Action::RestoreTraffic), touched);
                prop_assert_eq!(after.contains(&Action::RollbackTarget), deployed);
                if touched || deployed || !expected_undo.is_empty() {
                    prop_assert_eq!(outcome, Outcome::RolledBack);
                    prop_assert_eq!(state.weight, 0);
                } else {
                    // nothing was changed: no rollback action at all
                    prop_assert_eq!(outcome, Outcome::Stopped);
                    let rolled_back = after.iter().any(is_rollback);
                    prop_assert!(!rolled_back);
                }
                // traffic goes back first, then the canary, then the hooks
                let pos = |f: &dyn Fn(&Action) -> bool| after.iter().position(f);
                if let (Some(t), Some(c)) = (pos(&|a| *a == Action::RestoreTraffic), pos(&|a| *a == Action::RollbackTarget)) {
                    prop_assert!(t < c);
                }
                if let (Some(c), Some(u)) = (pos(&|a| *a == Action::RollbackTarget), pos(&|a| matches!(a, Action::UndoHook { .. }))) {
                    prop_assert!(c < u);
                }
            }
        }
        // the outcome is notified once, last
        prop_assert_eq!(count(&trace, |a| matches!(a, Action::Notify { .. })), 1);
        prop_assert_eq!(trace.actions.last(), Some(&Action::Notify { outcome }));
    }
}

/// Answer the current action as a driver does: it begins, then it ends with `event`.
fn answer(r: &mut Rollout, event: Event, now: u64) {
    r.begin_action();
    r.handle(event, now).unwrap();
}

fn plan_of(steps: Vec<Step>) -> Plan {
    Plan::new(steps).unwrap()
}

#[test]
fn a_failed_backup_before_any_change_stops_without_a_rollback_action() {
    let plan = plan_of(vec![
        Step::Hook {
            name: "backup".into(),
            undo: false,
        },
        Step::Weight(10),
        Step::Weight(100),
    ]);
    let mut r = Rollout::start(plan, 0);
    assert_eq!(r.action(), Action::RunHook { step: 0 });
    answer(
        &mut r,
        Event::Failed {
            why: "backup.sh exited 2".into(),
        },
        1,
    );
    assert_eq!(
        r.action(),
        Action::Notify {
            outcome: Outcome::Stopped
        }
    );
    answer(
        &mut r,
        Event::Failed {
            why: "no webhook secret".into(),
        },
        2,
    );
    // a failed notification does not change the outcome
    assert_eq!(
        r.action(),
        Action::Finished {
            outcome: Outcome::Stopped
        }
    );
    assert_eq!(r.state().failure.as_ref().map(|f| f.step), Some(Some(0)));
}

#[test]
fn a_canary_that_is_not_ready_is_removed_before_any_traffic_moves() {
    let plan = plan_of(vec![Step::Weight(10), Step::Weight(100)]);
    let mut r = Rollout::start(plan, 0);
    assert_eq!(r.action(), Action::Deploy);
    answer(&mut r, Event::Succeeded, 1);
    assert_eq!(r.action(), Action::CheckReady);
    answer(
        &mut r,
        Event::Failed {
            why: "GET /health/ready: 503".into(),
        },
        2,
    );
    // traffic never moved: the canary is removed, no traffic action
    assert_eq!(r.action(), Action::RollbackTarget);
    answer(&mut r, Event::Succeeded, 3);
    assert_eq!(
        r.action(),
        Action::Notify {
            outcome: Outcome::RolledBack
        }
    );
}

#[test]
fn the_canonical_canary_promotes_with_analysis_from_the_first_traffic_on() {
    let plan = plan_of(vec![
        Step::Hook {
            name: "migrate".into(),
            undo: true,
        },
        Step::Weight(10),
        Step::Pause(Duration::from_secs(60)),
        Step::Approve {
            timeout: Duration::from_secs(1800),
        },
        Step::Weight(100),
    ]);
    let mut r = Rollout::start(plan, 0);
    assert_eq!(r.action(), Action::RunHook { step: 0 });
    answer(&mut r, Event::Succeeded, 1);
    assert_eq!(r.action(), Action::Deploy);
    answer(&mut r, Event::Succeeded, 2);
    answer(&mut r, Event::Succeeded, 3); // ready
    assert_eq!(r.action(), Action::SetWeight { weight: 10 });
    assert!(!r.state().analysis);
    answer(&mut r, Event::Succeeded, 4);
    assert!(
        r.state().analysis,
        "analysis runs from the first traffic on"
    );
    assert_eq!(r.action(), Action::Wait { until_ms: 60_004 });
    // an early wake-up changes nothing
    assert!(r.handle(Event::Elapsed, 30_000).is_err());
    answer(&mut r, Event::Elapsed, 60_004);
    assert_eq!(
        r.action(),
        Action::AwaitApproval {
            deadline_ms: 1_860_004
        }
    );
    answer(&mut r, Event::Approved { by: "alice".into() }, 70_000);
    assert_eq!(r.action(), Action::SetWeight { weight: 100 });
    answer(&mut r, Event::Succeeded, 70_001);
    assert_eq!(r.action(), Action::Promote);
    answer(&mut r, Event::Succeeded, 70_002);
    assert_eq!(r.action(), Action::SettleTraffic);
    // after promotion, an analysis failure or an abort rolls nothing back
    assert!(r
        .handle(Event::AnalysisFailed { why: "late".into() }, 70_003)
        .is_err());
    assert!(r
        .handle(
            Event::AbortRequested {
                reason: "late".into()
            },
            70_003
        )
        .is_err());
    answer(&mut r, Event::Succeeded, 70_004);
    assert_eq!(
        r.action(),
        Action::Notify {
            outcome: Outcome::Promoted
        }
    );
    assert_eq!(r.state().approvals, [(3, "alice".to_string())]);
    assert!(!r.state().analysis);
}

#[test]
fn a_failing_rollback_action_is_stuck_until_retried_never_skipped() {
    let plan = plan_of(vec![
        Step::Hook {
            name: "migrate".into(),
            undo: true,
        },
        Step::Weight(50),
        Step::Pause(Duration::from_secs(60)),
        Step::Weight(100),
    ]);
    let mut r = Rollout::start(plan, 0);
    for now in 1..=4 {
        answer(&mut r, Event::Succeeded, now); // hook, deploy, ready, weight 50
    }
    r.handle(
        Event::AnalysisFailed {
            why: "error ratio 10% > 1%".into(),
        },
        5,
    )
    .unwrap();
    assert_eq!(r.action(), Action::RestoreTraffic);
    // a second abort or signal during the rollback changes nothing
    assert!(r
        .handle(
            Event::Interrupted {
                signal: "SIGTERM".into()
            },
            6
        )
        .is_err());
    answer(&mut r, Event::Succeeded, 7);
    assert_eq!(r.action(), Action::RollbackTarget);
    answer(
        &mut r,
        Event::Failed {
            why: "deploy.sh stop: exit 1".into(),
        },
        8,
    );
    assert_eq!(r.action(), Action::Stuck);
    r.handle(Event::Retry, 9).unwrap();
    assert_eq!(r.action(), Action::RollbackTarget);
    answer(&mut r, Event::Succeeded, 10);
    assert_eq!(r.action(), Action::UndoHook { step: 0 });
    answer(&mut r, Event::Succeeded, 11);
    assert_eq!(
        r.action(),
        Action::Notify {
            outcome: Outcome::RolledBack
        }
    );
    assert_eq!(
        r.state().failure.as_ref().map(|f| f.why.as_str()),
        Some("analysis: error ratio 10% > 1%")
    );
}

#[test]
fn an_approval_that_does_not_come_in_time_rolls_back() {
    let plan = plan_of(vec![
        Step::Weight(10),
        Step::Approve {
            timeout: Duration::from_secs(10),
        },
        Step::Weight(100),
    ]);
    let mut r = Rollout::start(plan, 0);
    for now in 1..=3 {
        answer(&mut r, Event::Succeeded, now);
    }
    assert_eq!(
        r.action(),
        Action::AwaitApproval {
            deadline_ms: 10_003
        }
    );
    // too late: the approval counts as the timeout
    r.handle(Event::Approved { by: "bob".into() }, 10_003)
        .unwrap();
    assert_eq!(r.action(), Action::RestoreTraffic);
    assert!(r.state().approvals.is_empty());
}

#[test]
fn a_promotion_that_began_goes_forward_even_after_a_crash_and_an_abort() {
    let plan = plan_of(vec![Step::Weight(50), Step::Weight(100)]);
    let mut r = Rollout::start(plan.clone(), 0);
    answer(&mut r, Event::Succeeded, 1); // deploy
    answer(&mut r, Event::Succeeded, 2); // ready
    answer(&mut r, Event::Succeeded, 3); // 50%
    answer(&mut r, Event::Succeeded, 4); // 100%
    assert_eq!(r.action(), Action::Promote);
    // before the promote begins, an abort still rolls back
    let mut early = r.clone();
    early
        .handle(
            Event::AbortRequested {
                reason: "by hand".into(),
            },
            5,
        )
        .unwrap();
    assert_eq!(early.action(), Action::RestoreTraffic);
    // once it began, the process dies; the state read back asks for the promote again and
    // nothing rolls it back onto stable servers it may have changed
    r.begin_action();
    let json = serde_json::to_string(r.state()).unwrap();
    let mut resumed = Rollout::resume(plan, serde_json::from_str(&json).unwrap());
    assert_eq!(resumed.action(), Action::Promote);
    for event in [
        Event::AbortRequested {
            reason: "late".into(),
        },
        Event::AnalysisFailed { why: "late".into() },
        Event::Interrupted {
            signal: "SIGTERM".into(),
        },
    ] {
        assert!(resumed.handle(event, 6).is_err());
    }
    assert_eq!(resumed.action(), Action::Promote);
    answer(&mut resumed, Event::Succeeded, 7);
    assert_eq!(resumed.action(), Action::SettleTraffic);
}
