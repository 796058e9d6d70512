//! [`Plan`]: the steps of a rollout, checked once so that the machine never meets a step it
//! cannot take.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// One step of a rollout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// A command of the user's (backup, migration); `undo` when it has an undo command,
    /// run in reverse order on rollback once the hook succeeded.
    Hook { name: String, undo: bool },
    /// The canary's share of traffic, 0 to 100. The first weight step deploys the canary
    /// (and checks it is ready) before any traffic moves; `0` is canary up, no traffic.
    Weight(u8),
    /// Wait this long while the analysis runs.
    Pause(Duration),
    /// Wait for `shipgate rollout approve`; no approval within `timeout` rolls back.
    Approve { timeout: Duration },
}

/// Why a plan cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("a rollout needs at least one `weight` step (the canary is deployed at the first)")]
    NoWeight,
    #[error("step {step}: weight {weight} is over 100")]
    WeightOver100 { step: usize, weight: u8 },
    #[error("step {step}: an `approve` step needs a timeout longer than zero")]
    NoApproveTimeout { step: usize },
}

/// Validated steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    steps: Vec<Step>,
}

impl Plan {
    /// The plan of these steps, or why it cannot be run.
    pub fn new(steps: Vec<Step>) -> Result<Plan, PlanError> {
        if !steps.iter().any(|s| matches!(s, Step::Weight(_))) {
            return Err(PlanError::NoWeight);
        }
        for (step, s) in steps.iter().enumerate() {
            match *s {
                Step::Weight(weight) if weight > 100 => {
                    return Err(PlanError::WeightOver100 { step, weight })
                }
                Step::Approve { timeout } if timeout.is_zero() => {
                    return Err(PlanError::NoApproveTimeout { step })
                }
                _ => {}
            }
        }
        Ok(Plan { steps })
    }

    /// The steps, in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The step at `at`.
    pub fn step(&self, at: usize) -> Option<&Step> {
        self.steps.get(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_without_traffic_or_with_impossible_steps_are_refused() {
        let hook = Step::Hook {
            name: "backup".into(),
            undo: false,
        };
        assert_eq!(Plan::new(vec![hook.clone()]), Err(PlanError::NoWeight));
        assert_eq!(Plan::new(vec![]), Err(PlanError::NoWeight));
        assert_eq!(
            Plan::new(vec![hook.clone(), Step::Weight(101)]),
            Err(PlanError::WeightOver100 {
                step: 1,
                weight: 101
            })
        );
        assert_eq!(
            Plan::new(vec![
                Step::Weight(10),
                Step::Approve {
                    timeout: Duration::ZERO
                }
            ]),
            Err(PlanError::NoApproveTimeout { step: 1 })
        );
        assert!(Plan::new(vec![hook, Step::Weight(0), Step::Weight(100)]).is_ok());
    }
}
