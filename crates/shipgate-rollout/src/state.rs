//! [`State`]: where a rollout is. Everything the machine decides from is here, so a state
//! read back from the store continues exactly where the process stopped.

use serde::{Deserialize, Serialize};

/// How a rollout ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The new version is the stable one and has all traffic.
    Promoted,
    /// Something failed after a change; traffic is back on stable and the canary is gone.
    RolledBack,
    /// Something failed before anything changed (a hook such as a backup): nothing to undo.
    Stopped,
}

impl Outcome {
    /// The machine keyword (JSON, the store, `{{outcome}}` in notify commands).
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Promoted => "promoted",
            Outcome::RolledBack => "rolled_back",
            Outcome::Stopped => "stopped",
        }
    }
}

/// Why a rollout is being rolled back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The step the rollout was at (`None` past the last step: during promotion).
    pub step: Option<usize>,
    /// What happened, in words.
    pub why: String,
}

/// Where a rollback is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RollbackStage {
    /// All traffic to stable.
    Traffic,
    /// The canary removed.
    Target,
    /// Undoing the `n`-th hook from the end of [`State::undo`].
    Undo(usize),
}

/// What the rollout is doing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Running the hook of the current step.
    Hook,
    /// Deploying the canary (at the first weight step).
    Deploy,
    /// Checking the canary answers before traffic moves.
    Ready,
    /// Writing the current step's weight.
    SetWeight,
    /// A pause until then.
    Waiting { until_ms: u64 },
    /// An approval wanted before then.
    Approval { deadline_ms: u64 },
    /// Every step done: the canary becomes stable.
    Promote,
    /// Promoted: traffic goes to the stable servers.
    Settle,
    /// Returning to the recorded stable.
    RollingBack(RollbackStage),
    /// Running the notifications of the outcome.
    Notifying(Outcome),
    /// An action of `phase` failed where failing cannot roll anything back (a rollback
    /// action, settling traffic after promotion): waiting for `resume` or `abort`.
    Stuck { phase: Box<Phase>, why: String },
    /// Over.
    Done(Outcome),
}

/// Everything about one rollout the machine decides from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// The step being taken (the number of steps once all are done).
    pub step: usize,
    pub phase: Phase,
    /// The canary was deployed, or may have been (its deploy started).
    pub deployed: bool,
    /// Traffic was moved, or may have been (a weight was being written).
    pub traffic_touched: bool,
    /// The canary's weight as last written successfully.
    pub weight: u8,
    /// Steps whose hook succeeded and has an undo command, in the order they ran.
    pub undo: Vec<usize>,
    /// Why the rollout is being rolled back, once it is.
    pub failure: Option<Failure>,
    /// Who approved each approve step that was approved: (step, who).
    pub approvals: Vec<(usize, String)>,
    /// The background analysis runs (from the first weight above zero until the outcome).
    pub analysis: bool,
    /// When traffic first reached the canary (the analysis's `initial_delay` counts from
    /// here, in whichever process resumes the rollout).
    pub traffic_since_ms: Option<u64>,
    /// Whether the target's promote succeeded.
    pub promoted: bool,
    /// Whether the target's promote began: from then on the release goes forward (a
    /// promotion half done is finished by `resume`, never rolled back onto stable servers
    /// it may already have changed), and no analysis, abort or signal rolls it back.
    #[serde(default)]
    pub promoting: bool,
}

impl State {
    /// The outcome, once the rollout is over.
    pub fn outcome(&self) -> Option<Outcome> {
        match self.phase {
            Phase::Done(outcome) => Some(outcome),
            _ => None,
        }
    }

    /// Whether the rollout is still active (holding its service): not over.
    pub fn active(&self) -> bool {
        self.outcome().is_none()
    }
}
