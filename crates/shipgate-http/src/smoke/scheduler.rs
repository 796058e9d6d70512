//! The pure polling decisions of a smoke run: which checks to start, when, and when the
//! run is over. No clock, no I/O: the caller passes the time.

use std::time::Duration;

use super::{SmokeFinish, WaitSpec};

/// Where one check stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Not passed; the next attempt may start at `due` (once its dependencies passed).
    Waiting { due: Duration },
    /// An attempt started at `started` is in flight.
    Running { started: Duration },
    /// Passed; never run again.
    Passed,
}

/// What the driver should do at a given time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Start an attempt of each of these checks now (and tell [`Scheduler::started`]).
    Start(Vec<usize>),
    /// Nothing to start now. Wait until `until` (a check becomes due) or, if checks are
    /// running, until one of them finishes, whichever comes first. `until: None` means
    /// only a running check finishing can change anything.
    Wait {
        /// The earliest time a check can be started, if any.
        until: Option<Duration>,
    },
    /// The run is over.
    Finished(SmokeFinish),
}

/// The polling schedule of a smoke run.
///
/// Rules (times are durations since the run started):
/// * A check may start when every check it depends on has passed and it is due. A check
///   is due at once for its first attempt; after a failed attempt it is due again
///   `interval` after that attempt *started*, or at once if the attempt took longer.
/// * A passed check is never run again; the run is over when every check passed.
/// * The deadline `timeout` stops retries: from `timeout` on, only first attempts start
///   (so a check whose dependency passed late still gets one try, and `timeout: 0` means
///   one try each). Attempts in flight at the deadline are awaited.
/// * The run ends early, before the deadline, when nothing is running and no check can
///   start before the deadline: waiting longer could not change the outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheduler {
    deps: Vec<Vec<usize>>,
    states: Vec<State>,
    attempts: Vec<u32>,
    wait: WaitSpec,
}

impl Scheduler {
    /// A schedule for checks with these dependency lists (index `i` lists the checks that
    /// check `i` waits for; see [`super::SmokePlan::dependency_lists`]).
    pub fn new(deps: Vec<Vec<usize>>, wait: WaitSpec) -> Self {
        let n = deps.len();
        Scheduler {
            deps,
            states: vec![
                State::Waiting {
                    due: Duration::ZERO
                };
                n
            ],
            attempts: vec![0; n],
            wait,
        }
    }

    /// What to do at `now`.
    pub fn next(&self, now: Duration) -> Decision {
        if self.states.iter().all(|s| *s == State::Passed) {
            return Decision::Finished(SmokeFinish::AllPassed);
        }
        let past_deadline = now >= self.wait.timeout;
        let mut ready = Vec::new();
        let mut earliest: Option<Duration> = None;
        let mut running = false;
        for (i, state) in self.states.iter().enumerate() {
            match *state {
                State::Passed => {}
                State::Running { .. } => running = true,
                State::Waiting { due } => {
                    if !self.dependencies_passed(i) {
                        continue;
                    }
                    let first = self.attempts(i) == 0;
                    if due <= now && (first || !past_deadline) {
                        ready.push(i);
                    } else if first || due < self.wait.timeout {
                        earliest = Some(earliest.map_or(due, |e: Duration| e.min(due)));
                    }
                }
            }
        }
        if !ready.is_empty() {
            Decision::Start(ready)
        } else if running || earliest.is_some() {
            Decision::Wait { until: earliest }
        } else {
            Decision::Finished(SmokeFinish::DeadlineReached)
        }
    }

    /// An attempt of `check` started at `now`.
    pub fn started(&mut self, check: usize, now: Duration) {
        if let Some(state) = self.states.get_mut(check) {
            *state = State::Running { started: now };
        }
        if let Some(a) = self.attempts.get_mut(check) {
            *a += 1;
        }
    }

    /// The attempt of `check` in flight finished at `now`, passing or not.
    pub fn finished(&mut self, check: usize, now: Duration, passed: bool) {
        let interval = self.wait.interval;
        if let Some(state) = self.states.get_mut(check) {
            let started = match *state {
                State::Running { started } => started,
                _ => now,
            };
            *state = if passed {
                State::Passed
            } else {
                State::Waiting {
                    due: (started + interval).max(now),
                }
            };
        }
    }

    /// How many attempts of `check` were started.
    pub fn attempts(&self, check: usize) -> u32 {
        self.attempts.get(check).copied().unwrap_or(0)
    }

    /// Whether `check` passed.
    pub fn passed(&self, check: usize) -> bool {
        self.states.get(check) == Some(&State::Passed)
    }

    /// Whether an attempt of `check` is in flight.
    pub fn is_running(&self, check: usize) -> bool {
        matches!(self.states.get(check), Some(State::Running { .. }))
    }

    /// Whether every check `check` depends on has passed.
    pub fn dependencies_passed(&self, check: usize) -> bool {
        self.deps
            .get(check)
            .is_none_or(|deps| deps.iter().all(|&d| self.passed(d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    fn wait(timeout: f64, interval: f64) -> WaitSpec {
        WaitSpec {
            timeout: s(timeout),
            interval: s(interval),
        }
    }

    #[test]
    fn independent_checks_start_together_and_finish_when_all_pass() {
        let mut sch = Scheduler::new(vec![vec![], vec![]], wait(10.0, 1.0));
        assert_eq!(sch.next(s(0.0)), Decision::Start(vec![0, 1]));
        sch.started(0, s(0.0));
        sch.started(1, s(0.0));
        assert_eq!(sch.next(s(0.0)), Decision::Wait { until: None });
        sch.finished(0, s(0.1), true);
        sch.finished(1, s(0.2), true);
        assert_eq!(sch.next(s(0.2)), Decision::Finished(SmokeFinish::AllPassed));
        assert_eq!((sch.attempts(0), sch.attempts(1)), (1, 1));
    }

    #[test]
    fn failing_checks_are_retried_every_interval_from_their_start() {
        let mut sch = Scheduler::new(vec![vec![]], wait(10.0, 2.0));
        sch.started(0, s(0.0));
        sch.finished(0, s(0.5), false);
        assert_eq!(
            sch.next(s(0.5)),
            Decision::Wait {
                until: Some(s(2.0))
            }
        );
        assert_eq!(sch.next(s(2.0)), Decision::Start(vec![0]));
        // An attempt slower than the interval is retried at once.
        sch.started(0, s(2.0));
        sch.finished(0, s(5.0), false);
        assert_eq!(sch.next(s(5.0)), Decision::Start(vec![0]));
    }

    #[test]
    fn the_deadline_stops_retries_and_ends_early_when_nothing_can_start() {
        let mut sch = Scheduler::new(vec![vec![]], wait(3.0, 1.0));
        let mut now = 0.0;
        loop {
            match sch.next(s(now)) {
                Decision::Start(checks) => {
                    for c in checks {
                        sch.started(c, s(now));
                        sch.finished(c, s(now + 0.1), false);
                    }
                    now += 0.1;
                }
                Decision::Wait { until: Some(t) } => now = t.as_secs_f64(),
                Decision::Wait { until: None } => unreachable!("nothing running"),
                Decision::Finished(f) => {
                    assert_eq!(f, SmokeFinish::DeadlineReached);
                    break;
                }
            }
        }
        // Attempts at 0, 1, 2; the one due at 3 would start at the deadline: not started.
        assert_eq!(sch.attempts(0), 3);
        assert!(now < 3.0, "ended early at {now}");
    }

    #[test]
    fn an_interval_longer_than_the_timeout_means_one_try() {
        let mut sch = Scheduler::new(vec![vec![]], wait(2.0, 5.0));
        sch.started(0, s(0.0));
        sch.finished(0, s(0.01), false);
        assert_eq!(
            sch.next(s(0.01)),
            Decision::Finished(SmokeFinish::DeadlineReached)
        );
    }

    #[test]
    fn running_attempts_are_awaited_past_the_deadline() {
        let mut sch = Scheduler::new(vec![vec![], vec![]], wait(1.0, 1.0));
        sch.started(0, s(0.0));
        sch.started(1, s(0.0));
        sch.finished(0, s(0.2), false);
        // Check 0 is due at 1.0 = the deadline: no retry; check 1 still runs.
        assert_eq!(sch.next(s(0.2)), Decision::Wait { until: None });
        assert!(sch.is_running(1));
        sch.finished(1, s(4.0), true);
        assert_eq!(
            sch.next(s(4.0)),
            Decision::Finished(SmokeFinish::DeadlineReached)
        );
    }

    #[test]
    fn dependents_wait_for_their_producer() {
        // 0 = me (needs login), 1 = login, 2 = health.
        let mut sch = Scheduler::new(vec![vec![1], vec![], vec![]], wait(10.0, 1.0));
        assert_eq!(sch.next(s(0.0)), Decision::Start(vec![1, 2]));
        sch.started(1, s(0.0));
        sch.started(2, s(0.0));
        sch.finished(2, s(0.1), true);
        assert_eq!(sch.next(s(0.1)), Decision::Wait { until: None });
        sch.finished(1, s(0.2), false);
        assert_eq!(
            sch.next(s(0.2)),
            Decision::Wait {
                until: Some(s(1.0))
            }
        );
        assert_eq!(sch.next(s(1.0)), Decision::Start(vec![1]));
        sch.started(1, s(1.0));
        sch.finished(1, s(1.1), true);
        assert!(sch.dependencies_passed(0));
        assert_eq!(sch.next(s(1.1)), Decision::Start(vec![0]));
        sch.started(0, s(1.1));
        sch.finished(0, s(1.2), true);
        assert_eq!(sch.next(s(1.2)), Decision::Finished(SmokeFinish::AllPassed));
    }

    /// Run the schedule to its end; each attempt takes `took` seconds and passes when
    /// `passes(check, start)`. Returns the end time and how it finished.
    fn drive(
        sch: &mut Scheduler,
        took: f64,
        passes: impl Fn(usize, f64) -> bool,
    ) -> (f64, SmokeFinish) {
        let mut now = 0.0;
        loop {
            match sch.next(s(now)) {
                Decision::Start(checks) => {
                    for &c in &checks {
                        sch.started(c, s(now));
                    }
                    let start = now;
                    now += took;
                    for c in checks {
                        sch.finished(c, s(now), passes(c, start));
                    }
                }
                Decision::Wait { until: Some(t) } => now = t.as_secs_f64(),
                Decision::Wait { until: None } => unreachable!("nothing is in flight"),
                Decision::Finished(f) => return (now, f),
            }
        }
    }

    #[test]
    fn a_dependent_whose_producer_never_passes_is_never_started() {
        let mut sch = Scheduler::new(vec![vec![1], vec![]], wait(2.0, 1.0));
        let (_, finish) = drive(&mut sch, 0.0, |_, _| false);
        assert_eq!(finish, SmokeFinish::DeadlineReached);
        assert_eq!(sch.attempts(0), 0);
        assert_eq!(sch.attempts(1), 2);
    }

    #[test]
    fn a_service_that_recovers_passes_on_a_later_attempt() {
        let mut sch = Scheduler::new(vec![vec![]], wait(30.0, 5.0));
        let (end, finish) = drive(&mut sch, 0.1, |_, start| start >= 12.0);
        assert_eq!(finish, SmokeFinish::AllPassed);
        // Attempts at 0, 5, 10, 15: the fourth passes.
        assert_eq!(sch.attempts(0), 4);
        assert!((end - 15.1).abs() < 1e-9, "{end}");
    }

    #[test]
    fn a_producer_passing_at_the_deadline_still_gives_its_dependents_one_try() {
        let mut sch = Scheduler::new(vec![vec![1], vec![]], wait(0.0, 1.0));
        assert_eq!(sch.next(s(0.0)), Decision::Start(vec![1]));
        sch.started(1, s(0.0));
        sch.finished(1, s(0.3), true);
        assert_eq!(sch.next(s(0.3)), Decision::Start(vec![0]));
        sch.started(0, s(0.3));
        sch.finished(0, s(0.4), false);
        assert_eq!(
            sch.next(s(0.4)),
            Decision::Finished(SmokeFinish::DeadlineReached)
        );
    }
}
