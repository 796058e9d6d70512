//! [`Action`]: what the driver is asked to do next. Each is idempotent in the driver's hands
//! (a resumed rollout asks for the action it was doing when it stopped, again).

use serde::{Deserialize, Serialize};

use crate::state::Outcome;

/// The one thing to do now. The driver does it and answers with an [`crate::Event`]:
/// `Succeeded` or `Failed` for a command, `Elapsed`/`Approved` and the like for a wait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Run the hook of step `step`.
    RunHook { step: usize },
    /// Start the new version beside the stable one (the target's `deploy`).
    Deploy,
    /// Check that the canary answers (the analysis's smoke checks) before traffic moves.
    CheckReady,
    /// Give the canary `weight`% of the traffic (write, test and reload the router).
    SetWeight { weight: u8 },
    /// Wait until `until_ms` (a pause); the analysis keeps running.
    Wait { until_ms: u64 },
    /// Wait for an approval until `deadline_ms`; the analysis keeps running.
    AwaitApproval { deadline_ms: u64 },
    /// Make the canary the stable version (the target's `promote`).
    Promote,
    /// Send all traffic to the stable servers, which now run the new version.
    SettleTraffic,
    /// Rollback, first: all traffic to the stable version.
    RestoreTraffic,
    /// Rollback, second: remove the canary (the target's `rollback`); stable is untouched.
    RollbackTarget,
    /// Rollback, last: the undo command of the hook of step `step`.
    UndoHook { step: usize },
    /// Run the notification commands for `outcome` (their failure changes nothing).
    Notify { outcome: Outcome },
    /// Nothing more to do until a person looks: an action of the rollback (or of settling
    /// traffic after promotion) failed; `resume` or `abort` tries it again.
    Stuck,
    /// The rollout is over.
    Finished { outcome: Outcome },
}
