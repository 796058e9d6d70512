//! One `testcase` element: its identity, time and outcome markers, turned into an attempt.

use shipgate_core::{Outcome, TestFacts};

/// A child element of `testcase` that says something about the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    /// `<error>`: the test errored.
    Error,
    /// `<failure>`: the test failed.
    Failure,
    /// `<skipped>`: the test was skipped (also pytest's xfail).
    Skipped,
    /// `<flakyFailure>` / `<flakyError>` (Surefire, nextest): a failed attempt before the
    /// final one, which passed.
    Flaky,
    /// `<rerunFailure>` / `<rerunError>` (Surefire): a failed re-run after the main failure.
    Rerun,
}

impl Marker {
    /// The marker an element name stands for, if any.
    pub(crate) fn from_name(name: &str) -> Option<Marker> {
        match name {
            "error" => Some(Marker::Error),
            "failure" => Some(Marker::Failure),
            "skipped" => Some(Marker::Skipped),
            "flakyFailure" | "flakyError" => Some(Marker::Flaky),
            "rerunFailure" | "rerunError" => Some(Marker::Rerun),
            _ => None,
        }
    }
}

/// The attributes and markers of the `testcase` element being read. Reused from one test
/// case to the next so that its strings keep their capacity.
#[derive(Debug, Default)]
pub(crate) struct CaseState {
    /// The `name` attribute (empty when missing).
    pub(crate) name: String,
    /// The `classname` attribute (empty when missing).
    pub(crate) classname: String,
    /// The `time` attribute in seconds (0 when missing or unusable).
    pub(crate) seconds: f64,
    /// Whether the element carried a usable `time` attribute.
    pub(crate) timed: bool,
    error: bool,
    failure: bool,
    skipped: bool,
    flaky: u32,
    reruns: u32,
}

impl CaseState {
    /// Forget the previous test case.
    pub(crate) fn reset(&mut self) {
        self.name.clear();
        self.classname.clear();
        self.seconds = 0.0;
        self.timed = false;
        self.error = false;
        self.failure = false;
        self.skipped = false;
        self.flaky = 0;
        self.reruns = 0;
    }

    /// Note a marker child; `seconds` is the child's own `time` attribute, if any (nextest
    /// and Surefire give one per retried attempt).
    pub(crate) fn mark(&mut self, marker: Marker, seconds: f64) {
        match marker {
            Marker::Error => self.error = true,
            Marker::Failure => self.failure = true,
            Marker::Skipped => self.skipped = true,
            Marker::Flaky => self.flaky = self.flaky.saturating_add(1),
            Marker::Rerun => self.reruns = self.reruns.saturating_add(1),
        }
        if seconds > self.seconds {
            self.seconds = seconds;
        }
    }

    /// The attribute of the id (`name` or `classname`) holding a NUL character, if any.
    pub(crate) fn nul_in_id(&self) -> Option<&'static str> {
        if memchr::memchr(0, self.name.as_bytes()).is_some() {
            Some("name")
        } else if memchr::memchr(0, self.classname.as_bytes()).is_some() {
            Some("classname")
        } else {
            None
        }
    }

    /// Write the test id (`classname::name`, or `name` when the classname is empty) into `out`.
    pub(crate) fn write_id(&self, out: &mut String) {
        out.clear();
        self.append_id(out);
    }

    /// How many bytes the test id takes.
    pub(crate) fn id_len(&self) -> usize {
        if self.classname.is_empty() {
            self.name.len()
        } else {
            self.classname.len() + 2 + self.name.len()
        }
    }

    /// Append the test id to `out`.
    pub(crate) fn append_id(&self, out: &mut String) {
        if !self.classname.is_empty() {
            out.push_str(&self.classname);
            out.push_str("::");
        }
        out.push_str(&self.name);
    }

    /// The attempt(s) this element records.
    pub(crate) fn attempt(&self) -> Attempt {
        let outcome = if self.error {
            Outcome::Errored
        } else if self.failure {
            Outcome::Failed
        } else if self.skipped {
            Outcome::Skipped
        } else {
            Outcome::Passed
        };
        let retried = self.flaky.saturating_add(self.reruns);
        Attempt {
            outcome,
            attempts: retried.saturating_add(1),
            failed_before: retried > 0,
            seconds: self.seconds,
            timed: self.timed,
        }
    }
}

/// What one `testcase` element says about a test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Attempt {
    /// The outcome of the last attempt the element describes.
    pub(crate) outcome: Outcome,
    /// Attempts the element describes: 1 plus its flaky and rerun children.
    pub(crate) attempts: u32,
    /// Whether an attempt before the last one failed or errored (flaky or rerun children).
    pub(crate) failed_before: bool,
    /// The longest attempt in seconds.
    pub(crate) seconds: f64,
    /// Whether the element carried a usable `time` attribute.
    pub(crate) timed: bool,
}

impl Attempt {
    /// What a record made from this attempt alone says (a pass after failures within the
    /// element is flaky).
    pub(crate) fn facts(&self) -> TestFacts {
        TestFacts {
            outcome: self.outcome,
            attempts: self.attempts,
            flaky: self.outcome == Outcome::Passed && self.failed_before,
            duration_seconds: self.seconds,
        }
    }

    /// What [`Attempt::facts`] leaves out: whether an earlier attempt failed, whether the
    /// element was timed.
    pub(crate) fn marks(&self) -> Marks {
        Marks(u8::from(self.failed_before) | u8::from(self.timed) << 1)
    }

    /// The attempt that gave `facts` and `marks`.
    pub(crate) fn from_parts(facts: TestFacts, marks: Marks) -> Attempt {
        Attempt {
            outcome: facts.outcome,
            attempts: facts.attempts,
            failed_before: marks.failed_before(),
            seconds: facts.duration_seconds,
            timed: marks.timed(),
        }
    }
}

/// The two bits of an [`Attempt`] that its record's facts do not keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marks(u8);

impl Marks {
    /// An attempt before the last one failed or errored.
    pub(crate) fn failed_before(self) -> bool {
        self.0 & 1 != 0
    }

    /// The element carried a usable `time`.
    pub(crate) fn timed(self) -> bool {
        self.0 & 2 != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(markers: &[Marker]) -> Attempt {
        let mut c = CaseState::default();
        for &m in markers {
            c.mark(m, 0.0);
        }
        c.attempt()
    }

    #[test]
    fn precedence_error_failure_skipped_pass() {
        use Marker::*;
        assert_eq!(attempt(&[]).outcome, Outcome::Passed);
        assert_eq!(attempt(&[Skipped]).outcome, Outcome::Skipped);
        assert_eq!(attempt(&[Skipped, Failure]).outcome, Outcome::Failed);
        assert_eq!(attempt(&[Failure, Skipped]).outcome, Outcome::Failed);
        assert_eq!(
            attempt(&[Failure, Error, Skipped]).outcome,
            Outcome::Errored
        );
        assert_eq!(attempt(&[Error, Failure]).outcome, Outcome::Errored);
    }

    #[test]
    fn retries_count_as_attempts() {
        use Marker::*;
        let a = attempt(&[Flaky, Flaky]);
        assert_eq!(
            (a.outcome, a.attempts, a.failed_before),
            (Outcome::Passed, 3, true)
        );
        let a = attempt(&[Failure, Rerun, Rerun]);
        assert_eq!(
            (a.outcome, a.attempts, a.failed_before),
            (Outcome::Failed, 3, true)
        );
    }

    #[test]
    fn ids() {
        let mut c = CaseState::default();
        let mut id = String::from("stale");
        c.name.push_str("test_a");
        c.write_id(&mut id);
        assert_eq!(id, "test_a");
        c.classname.push_str("pkg.Mod");
        c.write_id(&mut id);
        assert_eq!(id, "pkg.Mod::test_a");
    }

    #[test]
    fn an_attempt_is_its_facts_and_marks() {
        for failed_before in [false, true] {
            for timed in [false, true] {
                for outcome in [Outcome::Passed, Outcome::Failed, Outcome::Skipped] {
                    let a = Attempt {
                        outcome,
                        attempts: 3,
                        failed_before,
                        seconds: 1.5,
                        timed,
                    };
                    assert_eq!(Attempt::from_parts(a.facts(), a.marks()), a);
                    assert_eq!(a.facts().flaky, outcome == Outcome::Passed && failed_before);
                }
            }
        }
    }
}
