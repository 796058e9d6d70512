//! The human progress printer: the engine's events as lines on stderr (stdout is never
//! touched), every secret value masked.

use std::io::Write;

use shipgate_engine::{human_duration, plural, Event, EventSink, Waiting};

use crate::logs::{mask, SharedRedactor};

/// Prints events on stderr.
pub struct Printer {
    redactor: SharedRedactor,
}

impl Printer {
    /// A printer masking what `redactor` holds (filled in once the config is loaded).
    pub fn new(redactor: SharedRedactor) -> Self {
        Printer { redactor }
    }

    /// Print one line as is (masked).
    pub fn line(&self, text: &str) {
        let _ = writeln!(std::io::stderr().lock(), "{}", mask(&self.redactor, text));
    }
}

/// The line an event prints, if any.
pub fn describe(event: &Event) -> Option<String> {
    Some(match event {
        Event::SectionStarted { section, detail } => format!("shipgate: {section}: {detail}"),
        Event::SectionFinished { .. } => return None,
        Event::SectionFailed { section, message } => format!("shipgate: {section}: {message}"),
        Event::Waiting(Waiting::Smoke {
            checks,
            next_attempt,
            remaining,
        }) => format!(
            "shipgate: smoke: waiting for {} to pass (next attempt in {}, deadline in {})",
            if *checks == 1 {
                "the check".to_string()
            } else {
                format!("all {checks} checks")
            },
            human_duration(*next_attempt),
            human_duration(*remaining)
        ),
        Event::Waiting(Waiting::Metrics {
            metrics,
            next_measurement,
        }) => format!(
            "shipgate: metrics: {} running, next measurement in {}",
            plural(*metrics, "metric"),
            human_duration(*next_measurement)
        ),
        Event::Measurement {
            metric,
            at_seconds,
            result,
        } => format!("shipgate: metrics: `{metric}` measured at {at_seconds:.0}s: {result}"),
        Event::SuiteRunStarted {
            number,
            total,
            order,
            argv,
        } => format!(
            "shipgate: run {number}/{total} ({order}): {}",
            argv.join(" ")
        ),
        Event::SuiteRunFinished {
            number,
            seconds,
            exit,
        } => format!(
            "shipgate: run {number} finished in {seconds:.1}s ({})",
            exit.map_or("killed".into(), |c| format!("exit {c}"))
        ),
        Event::RolloutRound {
            traffic_seconds,
            result,
            detail,
        } => format!(
            "shipgate: rollout: analysis after {traffic_seconds:.0}s of canary traffic: {result}{}",
            if detail.is_empty() {
                String::new()
            } else {
                format!(" ({detail})")
            }
        ),
        Event::Warning { message } => format!("shipgate: warning: {message}"),
        Event::Interrupted { signal } => {
            format!(
                "shipgate: {signal}: stopping (the report follows; a second signal exits at once)"
            )
        }
    })
}

impl EventSink for Printer {
    fn emit(&self, event: &Event) {
        if let Some(line) = describe(event) {
            self.line(&line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn waits_and_runs_read_as_sentences() {
        let smoke = Event::Waiting(Waiting::Smoke {
            checks: 3,
            next_attempt: Duration::from_secs(5),
            remaining: Duration::from_secs(250),
        });
        assert_eq!(
            describe(&smoke).unwrap(),
            "shipgate: smoke: waiting for all 3 checks to pass (next attempt in 5s, deadline in 4m 10s)"
        );
        let finished = Event::SuiteRunFinished {
            number: 2,
            seconds: 1.25,
            exit: None,
        };
        assert_eq!(
            describe(&finished).unwrap(),
            "shipgate: run 2 finished in 1.2s (killed)"
        );
        assert_eq!(
            describe(&Event::SectionFinished {
                section: "smoke",
                verdict: shipgate_core::Verdict::Pass
            }),
            None
        );
    }
}
