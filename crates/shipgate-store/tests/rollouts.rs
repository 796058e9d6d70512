//! Rollouts in the store: the lock, transitions that survive the process, requests from
//! other processes, the deployments history.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::time::Duration;

use shipgate_rollout::{Action, Event, Outcome, Plan, Rollout, Step};
use shipgate_store::{NewRollout, RolloutRequest, Store, StoreError};

fn plan() -> Plan {
    Plan::new(vec![
        Step::Weight(10),
        Step::Pause(Duration::from_secs(60)),
        Step::Weight(100),
    ])
    .unwrap()
}

fn start(
    store: &mut Store,
    service: &str,
    version: &str,
    rollout: &Rollout,
) -> Result<i64, StoreError> {
    store.start_rollout(&NewRollout {
        service,
        version,
        stable: Some("v1"),
        plan_name: "steps",
        plan: rollout.plan(),
        state: rollout.state(),
        started_by: Some("https://ci.example/run/7"),
        at_ms: 1_000,
    })
}

/// Drive `rollout` to its end with every action succeeding, recording each transition.
fn run_to_end(store: &mut Store, id: i64, rollout: &mut Rollout) {
    let mut now = 2_000;
    loop {
        let action = rollout.action();
        if matches!(action, Action::Finished { .. }) {
            return;
        }
        rollout.begin_action();
        store
            .record_begin(id, &action, rollout.state(), now)
            .unwrap();
        let event = match action {
            Action::Wait { until_ms } => {
                now = until_ms;
                Event::Elapsed
            }
            _ => Event::Succeeded,
        };
        rollout.handle(event.clone(), now).unwrap();
        store
            .record_event(id, &action, &event, rollout.state(), now)
            .unwrap();
        now += 10;
    }
}

#[test]
fn one_active_rollout_per_service_and_the_lock_is_released_with_the_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.db");
    let mut store = Store::open(&path).unwrap();
    let mut first = Rollout::start(plan(), 1_000);
    let id = start(&mut store, "web", "v2", &first).unwrap();

    // a second start is refused and writes nothing; another service is not affected
    let second = Rollout::start(plan(), 1_000);
    match start(&mut store, "web", "v3", &second) {
        Err(StoreError::RolloutActive {
            service,
            version,
            id: active,
            ..
        }) => {
            assert_eq!(
                (service.as_str(), version.as_str(), active),
                ("web", "v2", id)
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(start(&mut store, "api", "v9", &second).is_ok());
    assert_eq!(store.deployments("web").unwrap().len(), 1);

    run_to_end(&mut store, id, &mut first);
    assert!(store.active_rollout("web").unwrap().is_none());
    let history = store.deployments("web").unwrap();
    assert_eq!(history[0].state.outcome(), Some(Outcome::Promoted));
    assert_eq!(
        history[0].started_by.as_deref(),
        Some("https://ci.example/run/7")
    );
    assert!(history[0].finished_at_ms.is_some());
    assert_eq!(store.last_promoted("web").unwrap().as_deref(), Some("v2"));
    // free again
    assert!(start(&mut store, "web", "v3", &second).is_ok());
}

#[test]
fn a_process_killed_after_any_transition_leaves_the_state_to_resume_from() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.db");
    let mut rollout = Rollout::start(plan(), 1_000);
    let id = {
        let mut store = Store::open(&path).unwrap();
        let id = start(&mut store, "web", "v2", &rollout).unwrap();
        // deploy, ready, then the weight write begins and the process dies
        for now in [2_000, 2_010] {
            let action = rollout.action();
            rollout.begin_action();
            store
                .record_begin(id, &action, rollout.state(), now)
                .unwrap();
            rollout.handle(Event::Succeeded, now).unwrap();
            store
                .record_event(id, &action, &Event::Succeeded, rollout.state(), now)
                .unwrap();
        }
        let action = rollout.action();
        assert_eq!(action, Action::SetWeight { weight: 10 });
        rollout.begin_action();
        store
            .record_begin(id, &action, rollout.state(), 2_020)
            .unwrap();
        id
    };
    // another process reads it back: the same action, and traffic counted as touched
    let store = Store::open(&path).unwrap();
    let stored = store.active_rollout("web").unwrap().unwrap();
    assert_eq!(stored.id, id);
    assert_eq!(&stored.state, rollout.state());
    let resumed = Rollout::resume(stored.plan, stored.state);
    assert_eq!(resumed.action(), Action::SetWeight { weight: 10 });
    assert!(resumed.state().traffic_touched);
}

#[test]
fn requests_from_other_processes_are_taken_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.db");
    let mut store = Store::open(&path).unwrap();
    let rollout = Rollout::start(plan(), 1_000);
    assert!(matches!(
        store.request(
            "web",
            &RolloutRequest::Abort {
                by: "ops".into(),
                reason: "x".into()
            },
            1
        ),
        Err(StoreError::NoActiveRollout { .. })
    ));
    let id = start(&mut store, "web", "v2", &rollout).unwrap();
    let mut other = Store::open(&path).unwrap();
    other
        .request(
            "web",
            &RolloutRequest::Approve { by: "alice".into() },
            5_000,
        )
        .unwrap();
    other
        .request(
            "web",
            &RolloutRequest::Abort {
                by: "bob".into(),
                reason: "error budget".into(),
            },
            5_001,
        )
        .unwrap();
    assert_eq!(
        store.take_requests(id).unwrap(),
        [
            RolloutRequest::Approve { by: "alice".into() },
            RolloutRequest::Abort {
                by: "bob".into(),
                reason: "error budget".into()
            },
        ]
    );
    assert!(store.take_requests(id).unwrap().is_empty());
}

#[test]
fn two_processes_starting_the_same_service_at_once_get_one_rollout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.db");
    drop(Store::open(&path).unwrap());
    let results: Vec<Result<i64, StoreError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|n| {
                let path = path.clone();
                scope.spawn(move || {
                    let mut store = Store::open(&path).unwrap();
                    let rollout = Rollout::start(plan(), 1_000);
                    start(&mut store, "web", &format!("v{n}"), &rollout)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let won = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(won, 1, "{results:?}");
    assert!(results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .all(|e| matches!(e, StoreError::RolloutActive { .. })));
}

#[test]
fn the_latest_analysis_round_is_kept_per_rollout_and_read_back_whole() {
    use shipgate_rollout::{AnalysisRound, CheckRound, JudgeMetricRound, JudgeRound};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("h.db")).unwrap();
    let rollout = Rollout::start(plan(), 1_000);
    let id = start(&mut store, "web", "v2", &rollout).unwrap();
    let other = start(&mut store, "api", "v9", &rollout).unwrap();
    assert_eq!(store.analysis_round(id).unwrap(), None);
    let round = |at_ms: u64, measured: &str| AnalysisRound {
        at_ms,
        traffic_for_ms: at_ms - 1_000,
        step_end: false,
        result: "healthy".into(),
        why: None,
        checks: vec![CheckRound {
            name: "error_ratio".into(),
            condition: "< 0.05".into(),
            measured: measured.into(),
            value: measured.parse().ok(),
            result: "healthy".into(),
            failed: 0,
            failure_limit: 0,
            inconclusive: 0,
            inconclusive_limit: 0,
            consecutive_errors: 0,
            consecutive_error_limit: 4,
        }],
        judge: Some(JudgeRound {
            outcome: "not_yet".into(),
            score: 0.0,
            pass_score: 95.0,
            marginal_score: 75.0,
            window_seconds: 12.0,
            min_samples: 10,
            metrics: vec![JudgeMetricRound {
                name: "error_ratio".into(),
                classification: "nodata".into(),
                canary_samples: 3,
                baseline_samples: 12,
                canary_median: Some(0.03),
                baseline_median: None,
                relative_effect: None,
                allowed_change: 0.5,
                p_value: None,
                reason: "3 canary samples, 10 needed".into(),
            }],
        }),
    };
    store.record_analysis(id, &round(5_000, "0.01")).unwrap();
    store.record_analysis(id, &round(6_000, "0.02")).unwrap();
    store.record_analysis(other, &round(7_000, "0.5")).unwrap();
    assert_eq!(
        store.analysis_round(id).unwrap(),
        Some(round(6_000, "0.02"))
    );
    assert_eq!(
        store.analysis_round(other).unwrap(),
        Some(round(7_000, "0.5"))
    );
}
