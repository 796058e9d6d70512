//! The [`World`] of a config's `rollout:` section: the exec target's commands, hooks and
//! notifications run as commands, weights through nginx, readiness through the `smoke:`
//! checks against the canary, the analysis through the `metrics:` checks it names.

use std::path::PathBuf;
use std::time::Duration;

use shipgate_config::{ExecTarget, HookConfig, NotifyConfig, RolloutStepConfig};
use shipgate_core::Verdict;
use shipgate_rollout::Action;

use super::analysis::MetricsAnalysis;
use super::command::{self, Command};
use super::judge::RolloutJudge;
use super::nginx::Nginx;
use super::placeholders::Vars;
use super::world::{Measured, World};
use crate::context::Context;
use crate::events::Event;

/// Everything one rollout acts on.
pub struct ExecWorld<'c, 'e> {
    pub ctx: &'c Context<'e>,
    pub exec: ExecTarget,
    pub nginx: Nginx,
    /// The hook of each step (by step number), `None` for other steps.
    pub hooks: Vec<Option<HookConfig>>,
    pub notify: Vec<NotifyConfig>,
    pub vars: Vars,
    /// Where commands run (the config's folder).
    pub dir: PathBuf,
    /// The canary's base URL for the readiness smoke checks (`rollout.analysis.smoke`).
    pub smoke_base_url: Option<String>,
    pub metrics: Option<MetricsAnalysis>,
    /// The canary judge (`rollout.analysis.judge: true`).
    pub judge: Option<RolloutJudge>,
}

impl World for ExecWorld<'_, '_> {
    async fn run(&mut self, action: &Action) -> Result<(), String> {
        self.ctx.emit(Event::SectionStarted {
            section: "rollout",
            detail: describe(action),
        });
        let result = self.act(action).await;
        if let Err(why) = &result {
            self.ctx.emit(Event::SectionFailed {
                section: "rollout",
                message: why.clone(),
            });
        }
        result
    }

    async fn analyse(&mut self, traffic_for: Duration, step_end: bool) -> Measured {
        let mut measured = Measured::nothing();
        if let Some(metrics) = &mut self.metrics {
            let (tick, checks) = metrics.tick(traffic_for, step_end).await;
            measured.tick = tick;
            measured.checks = checks;
        }
        if let Some(judge) = &self.judge {
            let (tick, round) = judge.tick(traffic_for).await;
            measured.tick = measured.tick.worst(tick);
            measured.judge = Some(round);
        }
        measured
    }
}

impl ExecWorld<'_, '_> {
    async fn act(&mut self, action: &Action) -> Result<(), String> {
        let cancel = &self.ctx.cancel;
        match action {
            Action::RunHook { step } => {
                let hook = self.hook(*step)?;
                self.command(
                    &format!("hook {}", hook.name),
                    &hook.run,
                    hook.timeout_seconds,
                )
                .await
            }
            Action::UndoHook { step } => {
                let hook = self.hook(*step)?;
                match &hook.undo {
                    Some(undo) => {
                        self.command(
                            &format!("undo of hook {}", hook.name),
                            undo,
                            hook.timeout_seconds,
                        )
                        .await
                    }
                    None => Ok(()),
                }
            }
            Action::Deploy => {
                let argv = self.exec.deploy.clone();
                self.command("deploy", &argv, self.exec.timeout_seconds)
                    .await
            }
            Action::Promote => {
                let argv = self.exec.promote.clone();
                self.command("promote", &argv, self.exec.timeout_seconds)
                    .await
            }
            Action::RollbackTarget => {
                let argv = self.exec.rollback.clone();
                self.command("rollback", &argv, self.exec.timeout_seconds)
                    .await
            }
            Action::CheckReady => self.ready().await,
            Action::SetWeight { weight } => self
                .nginx
                .set_weight(*weight, cancel)
                .await
                .map_err(|e| e.to_string()),
            // after promotion the stable servers run the new version; on rollback they run
            // the recorded stable: either way all traffic goes to them
            Action::SettleTraffic | Action::RestoreTraffic => self
                .nginx
                .set_weight(0, cancel)
                .await
                .map_err(|e| e.to_string()),
            Action::Notify { outcome } => {
                let vars = Vars {
                    outcome: Some(outcome.key().to_string()),
                    ..self.vars.clone()
                };
                for notify in self.notify.clone() {
                    if !notify.on.iter().any(|on| on.key() == outcome.key()) {
                        continue;
                    }
                    let argv = vars.argv(&notify.run);
                    let run = command::run(
                        Command {
                            what: "notify",
                            argv: &argv,
                            dir: &self.dir,
                            timeout: Duration::from_secs(60),
                        },
                        cancel,
                    )
                    .await;
                    // a notification never changes the outcome: said, not failed
                    if let Err(e) = run {
                        self.ctx.emit(Event::Warning {
                            message: format!("notification failed (the outcome stands): {e}"),
                        });
                    }
                }
                Ok(())
            }
            Action::Wait { .. }
            | Action::AwaitApproval { .. }
            | Action::Stuck
            | Action::Finished { .. } => Ok(()),
        }
    }

    fn hook(&self, step: usize) -> Result<HookConfig, String> {
        self.hooks
            .get(step)
            .cloned()
            .flatten()
            .ok_or_else(|| format!("step {step} is not a hook"))
    }

    async fn command(
        &self,
        what: &str,
        argv: &[String],
        timeout_seconds: f64,
    ) -> Result<(), String> {
        let argv = self.vars.argv(argv);
        command::run(
            Command {
                what,
                argv: &argv,
                dir: &self.dir,
                timeout: Duration::from_secs_f64(timeout_seconds.max(0.001)),
            },
            &self.ctx.cancel,
        )
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
    }

    /// The smoke checks against the canary, when the rollout names a base URL for them.
    async fn ready(&self) -> Result<(), String> {
        let Some(base) = &self.smoke_base_url else {
            return Ok(());
        };
        let base = self.vars.substitute(base);
        let report = crate::smoke::evaluate_smoke(self.ctx, Some(&base))
            .await
            .map_err(|e| crate::error::chain(&e))?;
        if report.verdict == Verdict::Pass || report.verdict == Verdict::Warn {
            return Ok(());
        }
        let failing: Vec<String> = report
            .gates
            .iter()
            .filter(|g| !matches!(g.verdict, Verdict::Pass | Verdict::Warn))
            .map(|g| format!("{}: {}", g.name, g.message))
            .collect();
        Err(format!("the canary is not ready: {}", failing.join("; ")))
    }
}

/// An action in words, for progress.
pub fn describe(action: &Action) -> String {
    match action {
        Action::RunHook { step } => format!("running the hook of step {}", step + 1),
        Action::Deploy => "deploying the canary".to_string(),
        Action::CheckReady => "checking that the canary is ready".to_string(),
        Action::SetWeight { weight } => format!("sending {weight}% of the traffic to the canary"),
        Action::Wait { .. } => "pausing".to_string(),
        Action::AwaitApproval { .. } => "waiting for `shipgate rollout approve`".to_string(),
        Action::Promote => "promoting the canary".to_string(),
        Action::SettleTraffic => "sending all traffic to the promoted version".to_string(),
        Action::RestoreTraffic => "rolling back: all traffic to stable".to_string(),
        Action::RollbackTarget => "rolling back: removing the canary".to_string(),
        Action::UndoHook { step } => format!("rolling back: undoing the hook of step {}", step + 1),
        Action::Notify { outcome } => format!("notifying: {}", outcome.key()),
        Action::Stuck => "stuck".to_string(),
        Action::Finished { outcome } => format!("finished: {}", outcome.key()),
    }
}

/// The plan's steps as the state machine takes them.
pub fn machine_steps(steps: &[RolloutStepConfig]) -> Vec<shipgate_rollout::Step> {
    steps
        .iter()
        .map(|s| match s {
            RolloutStepConfig::Hook(h) => shipgate_rollout::Step::Hook {
                name: h.name.clone(),
                undo: h.undo.is_some(),
            },
            RolloutStepConfig::Weight(w) => shipgate_rollout::Step::Weight(*w),
            RolloutStepConfig::Pause { seconds } => {
                shipgate_rollout::Step::Pause(Duration::from_secs_f64(seconds.max(0.0)))
            }
            RolloutStepConfig::Approve { timeout_seconds } => shipgate_rollout::Step::Approve {
                timeout: Duration::from_secs_f64(timeout_seconds.max(0.0)),
            },
        })
        .collect()
}
