//! The engine driven as a library: the events it emits for a subscriber, and what a
//! cancellation leaves of a run. Real processes, no sleeping: the test waits on the events.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use shipgate_core::Verdict;
use shipgate_engine::{
    run_suite, Cancel, Context, Event, EventSink, Locations, Recorder, SuiteRequest,
};

fn no_env(_: &str) -> Option<String> {
    None
}

const JUNIT: &str = r#"<testsuite><testcase classname="a" name="t" time="0.1"/></testsuite>"#;

fn request(script: &str, runs: u32) -> SuiteRequest {
    SuiteRequest {
        command: vec![
            "sh".into(),
            "-c".into(),
            script.into(),
            "sh".into(),
            "{junit}".into(),
        ],
        runs,
        ..SuiteRequest::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suite_run_is_told_as_events_and_evaluated() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_current_dir(dir.path()).unwrap();
    let events = Recorder::default();
    let ctx = Context::load(&Locations::default(), &no_env, &events, Cancel::new()).unwrap();
    let script = format!("printf '%s' '{JUNIT}' > \"$1\"");
    let report = run_suite(&ctx, &request(&script, 2)).await.unwrap();
    assert_eq!(report.verdict, Verdict::Pass, "{:?}", report.gates);
    let seen = events.events();
    let started: Vec<u32> = seen
        .iter()
        .filter_map(|e| match e {
            Event::SuiteRunStarted {
                number, total: 2, ..
            } => Some(*number),
            _ => None,
        })
        .collect();
    assert_eq!(started, [1, 2]);
    assert!(seen.iter().any(|e| matches!(
        e,
        Event::SuiteRunFinished {
            number: 2,
            exit: Some(0),
            ..
        }
    )));
    assert!(
        seen.iter().any(
            |e| matches!(e, Event::Warning { message } if message.contains("repeats in order"))
        ),
        "two runs without shuffle arguments: {seen:?}"
    );
}

/// Cancels as soon as the suite has started.
struct CancelOnStart(Cancel);

impl EventSink for CancelOnStart {
    fn emit(&self, event: &Event) {
        if matches!(event, Event::SuiteRunStarted { .. }) {
            self.0.cancel("SIGTERM");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_suite_is_stopped_and_every_gate_is_inconclusive() {
    let cancel = Cancel::new();
    let events = Arc::new(CancelOnStart(cancel.clone()));
    let ctx = Context::load(&Locations::default(), &no_env, events.as_ref(), cancel).unwrap();
    // never writes its report: only the cancellation can end it in time
    let report = run_suite(&ctx, &request("exec sleep 300", 3))
        .await
        .unwrap();
    assert_eq!(report.verdict, Verdict::Inconclusive);
    assert!(!report.gates.is_empty());
    for g in &report.gates {
        assert_eq!(g.verdict, Verdict::Inconclusive);
        assert!(
            g.message
                .contains("interrupted (SIGTERM) during run 1 of 3"),
            "{}",
            g.message
        );
    }
}
