//! Flip rates: how often a test changes between passing and failing. Pure; no SQL.
//!
//! # Definition
//!
//! Take a test's observations in chronological order, one per recorded test run in which
//! it appeared, ignoring runs where it was skipped.
//!
//! * A **flip** is a change between pass and fail from one observation to the next
//!   (`failed` and `errored` both count as fail, so failed → errored is not a flip).
//! * A run in which the test was **flaky** (it passed on retry within that run) also counts
//!   as one flip: the test flipped inside the run.
//! * **rate** = flips / (observations − 1 + flaky runs), and 0 when that denominator is 0.
//!
//! The rate lies in `[0, 1]`: 0 is a stable test (always passing or always failing), 1 a
//! test that flips at every opportunity.

use shipgate_core::Outcome;

/// One test's flip statistics over a window of recorded runs.
#[derive(Debug, Clone, PartialEq)]
pub struct FlipRate {
    /// The test id (`classname::name`).
    pub id: String,
    /// Runs in which the test was executed (skipped runs are not observations).
    pub observations: u64,
    /// Pass/fail changes between consecutive observations, plus flaky runs.
    pub flips: u64,
    /// Observations in which the test passed only on retry.
    pub flaky_runs: u64,
    /// Observations whose final outcome was failed or errored.
    pub failures: u64,
    /// `flips / (observations - 1 + flaky_runs)`, 0 when the denominator is 0.
    pub rate: f64,
    /// The final outcome of the most recent observation.
    pub last_outcome: Outcome,
}

/// A test's final outcome in one run, and whether it passed only on retry there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observation {
    pub outcome: Outcome,
    pub flaky: bool,
}

/// Accumulates one test's observations, fed in chronological order, into a [`FlipRate`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlipCounter {
    observations: u64,
    flips: u64,
    flaky_runs: u64,
    failures: u64,
    last: Option<Outcome>,
}

impl FlipCounter {
    /// Add the next observation (skipped outcomes are ignored).
    pub fn observe(&mut self, obs: Observation) {
        if !obs.outcome.executed() {
            return;
        }
        if let Some(prev) = self.last {
            if prev.is_failure() != obs.outcome.is_failure() {
                self.flips += 1;
            }
        }
        if obs.flaky {
            self.flaky_runs += 1;
            self.flips += 1;
        }
        if obs.outcome.is_failure() {
            self.failures += 1;
        }
        self.observations += 1;
        self.last = Some(obs.outcome);
    }

    /// How many (non-skipped) observations were added.
    pub fn observations(&self) -> u64 {
        self.observations
    }

    /// The statistics for test `id`; `None` when nothing but skips was observed.
    pub fn finish(&self, id: impl Into<String>) -> Option<FlipRate> {
        let last_outcome = self.last?;
        let opportunities = self.observations.saturating_sub(1) + self.flaky_runs;
        let rate = if opportunities == 0 {
            0.0
        } else {
            self.flips as f64 / opportunities as f64
        };
        Some(FlipRate {
            id: id.into(),
            observations: self.observations,
            flips: self.flips,
            flaky_runs: self.flaky_runs,
            failures: self.failures,
            rate,
            last_outcome,
        })
    }
}

/// The flip statistics of test `id` over `observations` in chronological order; `None`
/// when every observation was a skip. See the [module documentation](self) for the definition.
pub fn flip_rate(
    id: &str,
    observations: impl IntoIterator<Item = Observation>,
) -> Option<FlipRate> {
    let mut counter = FlipCounter::default();
    for obs in observations {
        counter.observe(obs);
    }
    counter.finish(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Outcome::{Errored, Failed, Passed, Skipped};

    fn obs(outcomes: &[Outcome]) -> Vec<Observation> {
        outcomes
            .iter()
            .map(|&outcome| Observation {
                outcome,
                flaky: false,
            })
            .collect()
    }

    fn flaky() -> Observation {
        Observation {
            outcome: Passed,
            flaky: true,
        }
    }

    #[test]
    fn pass_fail_pass_is_two_flips_over_three_observations() {
        let r = flip_rate("t", obs(&[Passed, Failed, Passed])).unwrap();
        assert_eq!(
            (r.observations, r.flips, r.failures, r.flaky_runs),
            (3, 2, 1, 0)
        );
        assert_eq!(r.rate, 1.0);
        assert_eq!(r.last_outcome, Passed);
        assert_eq!(r.id, "t");
    }

    #[test]
    fn a_stable_test_has_rate_zero_whether_passing_or_failing() {
        let r = flip_rate("t", obs(&[Passed, Passed, Passed, Passed])).unwrap();
        assert_eq!((r.flips, r.rate), (0, 0.0));
        let r = flip_rate("t", obs(&[Failed, Errored, Failed])).unwrap();
        assert_eq!(
            (r.flips, r.failures, r.rate),
            (0, 3, 0.0),
            "failed -> errored is not a flip"
        );
        assert_eq!(r.last_outcome, Failed);
    }

    #[test]
    fn one_flip_in_five_observations_is_a_quarter() {
        let r = flip_rate("t", obs(&[Passed, Passed, Passed, Failed, Failed])).unwrap();
        assert_eq!((r.observations, r.flips), (5, 1));
        assert_eq!(r.rate, 0.25);
    }

    #[test]
    fn skipped_observations_are_ignored_not_treated_as_passes_or_breaks() {
        // fail, skip, fail: no flip (a skip is neither pass nor fail) and only 2 observations.
        let r = flip_rate("t", obs(&[Failed, Skipped, Failed])).unwrap();
        assert_eq!((r.observations, r.flips, r.rate), (2, 0, 0.0));
        // pass, skip, fail: one flip across the skip.
        let r = flip_rate("t", obs(&[Passed, Skipped, Failed, Skipped])).unwrap();
        assert_eq!((r.observations, r.flips, r.rate), (2, 1, 1.0));
        assert_eq!(
            r.last_outcome, Failed,
            "a trailing skip is not the last outcome"
        );
        assert_eq!(flip_rate("t", obs(&[Skipped, Skipped])), None);
    }

    #[test]
    fn a_flaky_run_counts_as_one_flip_and_one_opportunity() {
        // pass, flaky pass, pass: 1 flip over (3 - 1 + 1) = 3 opportunities.
        let r = flip_rate("t", [obs(&[Passed])[0], flaky(), obs(&[Passed])[0]]).unwrap();
        assert_eq!((r.observations, r.flips, r.flaky_runs), (3, 1, 1));
        assert!((r.rate - 1.0 / 3.0).abs() < 1e-12, "{}", r.rate);
        // A single flaky observation: 1 flip over 0 + 1 opportunities.
        let r = flip_rate("t", [flaky()]).unwrap();
        assert_eq!((r.observations, r.flips, r.rate), (1, 1, 1.0));
        // fail then flaky pass: the change plus the in-run flip.
        let r = flip_rate("t", [obs(&[Failed])[0], flaky()]).unwrap();
        assert_eq!((r.flips, r.rate), (2, 1.0));
    }

    #[test]
    fn a_single_observation_has_rate_zero_not_nan() {
        let r = flip_rate("t", obs(&[Failed])).unwrap();
        assert_eq!((r.observations, r.flips, r.rate), (1, 0, 0.0));
    }

    #[test]
    fn order_matters() {
        let a = flip_rate("t", obs(&[Passed, Passed, Failed, Failed])).unwrap();
        let b = flip_rate("t", obs(&[Passed, Failed, Passed, Failed])).unwrap();
        assert_eq!((a.flips, b.flips), (1, 3));
    }
}
