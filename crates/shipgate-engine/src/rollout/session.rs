//! `shipgate rollout start|resume|abort|approve|status`: a config's `rollout:` section turned
//! into a plan, a world and a store record, and driven.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use shipgate_config::{Config, RolloutConfig, RolloutStepConfig, RolloutTarget, TrafficConfig};
use shipgate_rollout::{AnalysisRound, Outcome, Plan, Rollout};
use shipgate_store::{NewRollout, RolloutRequest, Store, StoredRollout, Transition};

use super::analysis::MetricsAnalysis;
use super::driver::{drive, Ended, Settings};
use super::exec_world::{machine_steps, ExecWorld};
use super::judge::RolloutJudge;
use super::nginx::Nginx;
use super::placeholders::Vars;
use crate::context::Context;
use crate::error::EngineError;

/// `rollout start`.
#[derive(Debug, Clone, Default)]
pub struct StartRequest {
    pub version: String,
    /// The version to return to on a first rollout (afterwards: the last promoted one).
    pub stable: Option<String>,
    /// A plan of `rollout.plans`, else `rollout.steps`.
    pub plan: Option<String>,
    /// Who or what started it (a CI run's URL).
    pub started_by: Option<String>,
}

/// What a rollout came to, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct RolloutSummary {
    pub schema_version: u32,
    pub service: String,
    pub rollout_id: i64,
    pub version: String,
    pub stable: Option<String>,
    pub plan: String,
    /// `promoted`, `rolled_back`, `stopped`, or `stuck` (still active: resume or abort).
    pub outcome: String,
    pub failure: Option<String>,
    /// Why it is stuck, when it is.
    pub stuck: Option<String>,
    pub approvals: Vec<(usize, String)>,
    pub started_by: Option<String>,
    /// When it started and ended (milliseconds since the epoch; no end while active).
    pub started_at_ms: u64,
    pub finished_at_ms: Option<u64>,
    pub timeline: Vec<TimelineEntry>,
    /// The Markdown incident report written when the rollout did not promote.
    pub incident_report: Option<PathBuf>,
    /// The last round of the background analysis (for a rollout the analysis rolled back,
    /// the round that failed): every check's measured values next to its condition, and
    /// the judge's table.
    pub analysis: Option<AnalysisRound>,
    /// The plan's hooks: which ran, which were undone.
    pub hooks: Vec<HookSummary>,
    /// The servers that take all traffic once the rollout is over (the config's
    /// `rollout.traffic.nginx.stable`; empty when no config says).
    pub stable_servers: Vec<String>,
}

/// What became of one hook of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct HookSummary {
    /// The step (1-based, as the reports count).
    pub step: usize,
    pub name: String,
    /// `succeeded`, `failed: ...` or `not run`.
    pub ran: String,
    /// `undone`, `undo failed: ...`, `not undone` (the rollout did not roll back), `no undo
    /// command` (a hook that ran and cannot be undone) or `-` (it did not run).
    pub undo: String,
}

/// One line of a rollout's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub at_ms: u64,
    pub what: String,
    /// `begun`, `succeeded`, `failed: ...`, or the event.
    pub result: String,
}

impl RolloutSummary {
    /// The exit code: 0 promoted, 1 otherwise.
    pub fn promoted(&self) -> bool {
        self.outcome == Outcome::Promoted.key()
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn section(config: &Config) -> Result<&RolloutConfig, EngineError> {
    config.rollout.as_ref().ok_or(EngineError::NoSection {
        config: config.path.clone(),
        section: "rollout",
        hint: "see docs/rollout.md",
    })
}

fn store_path(ctx: &Context<'_>) -> Result<PathBuf, EngineError> {
    ctx.store.clone().ok_or(EngineError::NoConfig {
        hint: ": a rollout is recorded in the history store",
    })
}

/// Start a rollout of `request.version` and drive it to its end.
pub async fn start(
    ctx: &Context<'_>,
    request: &StartRequest,
) -> Result<RolloutSummary, EngineError> {
    let config = ctx.config(": `rollout start` drives its `rollout:` section")?;
    let rollout_config = section(config)?;
    let (plan_name, steps) = match &request.plan {
        Some(name) => match rollout_config.plan(name) {
            Some(steps) => (name.clone(), steps.to_vec()),
            None => {
                let known: Vec<&str> = rollout_config
                    .plans
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect();
                return Err(EngineError::Rollout {
                    config: config.path.clone(),
                    problem: format!(
                        "--plan {name}: no such plan in `rollout.plans` (plans: {})",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                });
            }
        },
        None => ("steps".to_string(), rollout_config.steps.clone()),
    };
    let plan = Plan::new(machine_steps(&steps)).map_err(|e| EngineError::Rollout {
        config: config.path.clone(),
        problem: format!("plan `{plan_name}`: {e}"),
    })?;
    let mut store = Store::open(&store_path(ctx)?)?;
    if let Some(active) = store.active_rollout(&rollout_config.service)? {
        return Err(shipgate_store::StoreError::RolloutActive {
            path: store.path().to_path_buf(),
            service: rollout_config.service.clone(),
            version: active.version,
            id: active.id,
        }
        .into());
    }
    let stable = match (
        &request.stable,
        store.last_promoted(&rollout_config.service)?,
    ) {
        (Some(given), _) => Some(given.clone()),
        (None, Some(last)) => Some(last),
        (None, None) => {
            return Err(EngineError::Rollout {
                config: config.path.clone(),
                problem: format!(
                "no version of `{}` was promoted yet: give the version to return to with --stable",
                rollout_config.service
            ),
            })
        }
    };
    preflight(config, rollout_config, &steps)?;
    reach_prometheus(ctx, config, rollout_config).await?;
    let started = now_ms();
    let mut rollout = Rollout::start(plan, started);
    let id = store.start_rollout(&NewRollout {
        service: &rollout_config.service,
        version: &request.version,
        stable: stable.as_deref(),
        plan_name: &plan_name,
        plan: rollout.plan(),
        state: rollout.state(),
        started_by: request.started_by.as_deref(),
        at_ms: started,
    })?;
    let vars = Vars {
        version: request.version.clone(),
        stable,
        outcome: None,
    };
    run(
        ctx,
        config,
        rollout_config,
        &steps,
        &mut rollout,
        id,
        &mut store,
        vars,
    )
    .await
}

/// Continue the active rollout of `service` (the config's when `None`) from its last
/// transition; a stuck one retries its action.
pub async fn resume(
    ctx: &Context<'_>,
    service: Option<&str>,
) -> Result<RolloutSummary, EngineError> {
    let config = ctx.config(": `rollout resume` drives its `rollout:` section")?;
    let rollout_config = section(config)?;
    let service = service.unwrap_or(&rollout_config.service).to_string();
    let mut store = Store::open(&store_path(ctx)?)?;
    let Some(stored) = store.active_rollout(&service)? else {
        return Err(shipgate_store::StoreError::NoActiveRollout {
            path: store.path().to_path_buf(),
            service,
        }
        .into());
    };
    let steps = match stored.plan_name.as_str() {
        "steps" => rollout_config.steps.clone(),
        name => rollout_config
            .plan(name)
            .map(<[_]>::to_vec)
            .unwrap_or_default(),
    };
    preflight(config, rollout_config, &steps)?;
    let mut rollout = Rollout::resume(stored.plan.clone(), stored.state.clone());
    // a stuck rollout tries its action again; anything else ignores the retry
    let _ = rollout.handle(shipgate_rollout::Event::Retry, now_ms());
    let vars = Vars {
        version: stored.version.clone(),
        stable: stored.stable.clone(),
        outcome: None,
    };
    run(
        ctx,
        config,
        rollout_config,
        &steps,
        &mut rollout,
        stored.id,
        &mut store,
        vars,
    )
    .await
}

/// Ask the active rollout of `service` to roll back (the running process does it within a
/// second; `resume` does it when no process runs it).
pub fn abort(
    ctx: &Context<'_>,
    service: Option<&str>,
    by: &str,
    reason: &str,
) -> Result<i64, EngineError> {
    let (mut store, service) = open_active(ctx, service)?;
    Ok(store.request(
        &service,
        &RolloutRequest::Abort {
            by: by.to_string(),
            reason: reason.to_string(),
        },
        now_ms(),
    )?)
}

/// Let the active rollout of `service` pass the approve step it waits at.
pub fn approve(ctx: &Context<'_>, service: Option<&str>, by: &str) -> Result<i64, EngineError> {
    let (mut store, service) = open_active(ctx, service)?;
    let Some(active) = store.active_rollout(&service)? else {
        return Err(shipgate_store::StoreError::NoActiveRollout {
            path: store.path().to_path_buf(),
            service,
        }
        .into());
    };
    if !matches!(active.state.phase, shipgate_rollout::Phase::Approval { .. }) {
        return Err(EngineError::Rollout {
            config: store.path().to_path_buf(),
            problem: format!(
                "the rollout of `{service}` (version {}) is not waiting for an approval now",
                active.version
            ),
        });
    }
    Ok(store.request(
        &service,
        &RolloutRequest::Approve { by: by.to_string() },
        now_ms(),
    )?)
}

/// The latest rollout of `service` (active or not), summarised.
pub fn status(
    ctx: &Context<'_>,
    service: Option<&str>,
) -> Result<Option<RolloutSummary>, EngineError> {
    let (Some(store), service) = open_for(ctx, service)? else {
        return Ok(None);
    };
    let Some(latest) = store.deployments(&service)?.pop() else {
        return Ok(None);
    };
    let transitions = store.transitions(latest.id)?;
    let analysis = store.analysis_round(latest.id)?;
    let mut summary = summary(&latest, &transitions, analysis, None);
    summary.stable_servers = stable_servers(ctx);
    Ok(Some(summary))
}

/// Every rollout of `service`, oldest first.
pub fn deployments(
    ctx: &Context<'_>,
    service: Option<&str>,
) -> Result<Vec<RolloutSummary>, EngineError> {
    let (Some(store), service) = open_for(ctx, service)? else {
        return Ok(Vec::new());
    };
    store
        .deployments(&service)?
        .iter()
        .map(|d| {
            let mut summary = summary(
                d,
                &store.transitions(d.id)?,
                store.analysis_round(d.id)?,
                None,
            );
            summary.stable_servers = stable_servers(ctx);
            Ok(summary)
        })
        .collect()
}

/// The stable servers of the config's rollout, when there is a config.
fn stable_servers(ctx: &Context<'_>) -> Vec<String> {
    ctx.config("")
        .ok()
        .and_then(|c| c.rollout.as_ref())
        .map(|r| {
            let TrafficConfig::Nginx(n) = &r.traffic;
            n.stable.clone()
        })
        .unwrap_or_default()
}

/// The store holding the rollouts of `service` (the config's when `None`). No store yet is
/// no rollout yet: for `approve` and `abort` that is "no active rollout" (exit 2), for
/// `status` and `deployments` an empty history; a store that cannot be read is an error.
fn open_for(
    ctx: &Context<'_>,
    service: Option<&str>,
) -> Result<(Option<Store>, String), EngineError> {
    let service = match service {
        Some(s) => s.to_string(),
        None => {
            let config = ctx.config(": give --service, or a config with a `rollout:` section")?;
            section(config)?.service.clone()
        }
    };
    Ok((Store::open_existing(&store_path(ctx)?)?, service))
}

/// The store for a request to the active rollout of `service`.
fn open_active(ctx: &Context<'_>, service: Option<&str>) -> Result<(Store, String), EngineError> {
    match open_for(ctx, service)? {
        (Some(store), service) => Ok((store, service)),
        (None, service) => Err(shipgate_store::StoreError::NoActiveRollout {
            path: store_path(ctx)?,
            service,
        }
        .into()),
    }
}

#[allow(clippy::too_many_arguments)]
async fn run(
    ctx: &Context<'_>,
    config: &Config,
    rollout_config: &RolloutConfig,
    steps: &[RolloutStepConfig],
    rollout: &mut Rollout,
    id: i64,
    store: &mut Store,
    vars: Vars,
) -> Result<RolloutSummary, EngineError> {
    let RolloutTarget::Exec(exec) = &rollout_config.target;
    let TrafficConfig::Nginx(n) = &rollout_config.traffic;
    let nginx = Nginx {
        traffic: n.clone(),
        dir: config.dir.clone(),
        timeout: Duration::from_secs_f64(exec.timeout_seconds.max(0.001)),
    };
    let analysis = &rollout_config.analysis;
    let metrics = if analysis.metrics.is_empty() {
        None
    } else {
        let checks: Vec<&shipgate_config::MetricCheckConfig> = config
            .metrics
            .iter()
            .flat_map(|m| m.checks.iter())
            .filter(|c| analysis.metrics.contains(&c.name))
            .collect();
        let client = crate::metrics::client(config)?;
        let q = vars.clone();
        Some(MetricsAnalysis::new(
            client,
            &checks,
            move |query| q.substitute(query),
            Duration::from_secs_f64(analysis.initial_delay_seconds.max(0.0)),
        ))
    };
    let judge = if analysis.judge {
        let section = config
            .analysis
            .as_ref()
            .ok_or_else(|| EngineError::Rollout {
                config: config.path.clone(),
                problem:
                    "rollout.analysis.judge is true but the config has no `analysis:` section \
                      for the judge to run"
                        .to_string(),
            })?;
        for metric in &section.metrics {
            if let Some(warning) =
                shipgate_analysis::query_overlap_warning(&metric.query, section.step_seconds)
            {
                ctx.emit(crate::events::Event::Warning {
                    message: format!(
                        "analysis metric `{}`: {warning}; inside a rollout the judge looks again \
                         every interval, and dependent samples make a false alarm likelier",
                        metric.name
                    ),
                });
            }
        }
        Some(RolloutJudge::new(
            crate::metrics::client(config)?,
            section,
            &vars,
        ))
    } else {
        None
    };
    let mut world = ExecWorld {
        ctx,
        service: rollout_config.service.clone(),
        exec: exec.clone(),
        nginx,
        hooks: steps
            .iter()
            .map(|s| match s {
                RolloutStepConfig::Hook(h) => Some(h.clone()),
                _ => None,
            })
            .collect(),
        notify: rollout_config.notify.clone(),
        vars,
        dir: config.dir.clone(),
        smoke_base_url: analysis.smoke_base_url.clone(),
        metrics,
        judge,
    };
    let clock = shipgate_http::TokioClock::start();
    let epoch_ms = now_ms();
    let ended = drive(
        rollout,
        id,
        store,
        &mut world,
        &clock,
        &ctx.cancel,
        Settings {
            interval: Duration::from_secs_f64(analysis.interval_seconds.max(0.001)),
            epoch_ms,
        },
    )
    .await?;
    let stuck = match ended {
        Ended::Stuck(why) => Some(why),
        Ended::Finished(_) => None,
    };
    let stored = store
        .deployments(&rollout_config.service)?
        .into_iter()
        .find(|d| d.id == id);
    let transitions = store.transitions(id)?;
    let analysis_round = store.analysis_round(id)?;
    match stored {
        Some(stored) => {
            let mut summary = summary(&stored, &transitions, analysis_round, stuck);
            summary.stable_servers = n.stable.clone();
            if !summary.promoted() {
                summary.incident_report = write_incident(store.path(), &summary)?;
            }
            Ok(summary)
        }
        None => Err(EngineError::Rollout {
            config: store.path().to_path_buf(),
            problem: format!("rollout {id} is no longer in the store"),
        }),
    }
}

fn summary(
    stored: &StoredRollout,
    transitions: &[Transition],
    analysis: Option<AnalysisRound>,
    stuck: Option<String>,
) -> RolloutSummary {
    let state = &stored.state;
    let stuck = stuck.or_else(|| match &state.phase {
        shipgate_rollout::Phase::Stuck { why, .. } => Some(why.clone()),
        _ => None,
    });
    let outcome = match (state.outcome(), &stuck) {
        (Some(o), _) => o.key().to_string(),
        (None, Some(_)) => "stuck".to_string(),
        (None, None) => "active".to_string(),
    };
    RolloutSummary {
        schema_version: 1,
        service: stored.service.clone(),
        rollout_id: stored.id,
        version: stored.version.clone(),
        stable: stored.stable.clone(),
        plan: stored.plan_name.clone(),
        outcome,
        failure: state.failure.as_ref().map(|f| match f.step {
            Some(step) => format!("step {}: {}", step + 1, f.why),
            None => f.why.clone(),
        }),
        stuck,
        approvals: state.approvals.clone(),
        started_by: stored.started_by.clone(),
        started_at_ms: stored.started_at_ms,
        finished_at_ms: stored.finished_at_ms,
        incident_report: None,
        analysis,
        hooks: hooks(stored, transitions),
        stable_servers: Vec::new(),
        timeline: transitions
            .iter()
            .map(|t| TimelineEntry {
                at_ms: t.at_ms,
                what: super::exec_world::describe(&t.action),
                result: match (&t.event, t.begun) {
                    (_, true) => "begun".to_string(),
                    (Some(e), false) => e.describe(),
                    (None, false) => String::new(),
                },
            })
            .collect(),
    }
}

/// The plan's hooks and what the transitions say became of them.
fn hooks(stored: &StoredRollout, transitions: &[Transition]) -> Vec<HookSummary> {
    use shipgate_rollout::{Action, Event, Step};
    let answer = |wanted: &Action| {
        transitions
            .iter()
            .rev()
            .filter(|t| !t.begun && &t.action == wanted)
            .find_map(|t| match &t.event {
                Some(Event::Succeeded) => Some(Ok(())),
                Some(Event::Failed { why }) => Some(Err(why.clone())),
                _ => None,
            })
    };
    let rolled_back = stored.state.failure.is_some();
    stored
        .plan
        .steps()
        .iter()
        .enumerate()
        .filter_map(|(step, s)| match s {
            Step::Hook { name, undo } => Some((step, name, *undo)),
            _ => None,
        })
        .map(|(step, name, has_undo)| {
            let ran = answer(&Action::RunHook { step });
            let undo = match (&ran, has_undo) {
                (None | Some(Err(_)), _) => "-".to_string(),
                (Some(Ok(())), false) => "no undo command".to_string(),
                (Some(Ok(())), true) => match answer(&Action::UndoHook { step }) {
                    Some(Ok(())) => "undone".to_string(),
                    Some(Err(why)) => format!("undo failed: {why}"),
                    None if rolled_back => "not undone yet".to_string(),
                    None => "not undone".to_string(),
                },
            };
            HookSummary {
                step: step + 1,
                name: name.clone(),
                ran: match ran {
                    Some(Ok(())) => "succeeded".to_string(),
                    Some(Err(why)) => format!("failed: {why}"),
                    None => "not run".to_string(),
                },
                undo,
            }
        })
        .collect()
}

/// Write the incident report beside the store (`incidents/<service>-<id>.md`).
fn write_incident(store: &Path, summary: &RolloutSummary) -> Result<Option<PathBuf>, EngineError> {
    let dir = store
        .parent()
        .map_or_else(|| PathBuf::from("incidents"), |d| d.join("incidents"));
    let path = dir.join(format!("{}-{}.md", summary.service, summary.rollout_id));
    let text = super::incident::render(summary);
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, text))
        .map_err(|source| EngineError::Io {
            path: path.clone(),
            action: "write the incident report",
            source,
        })?;
    Ok(Some(path))
}

/// Every program the rollout will run must be there before anything changes.
fn preflight(
    config: &Config,
    rollout: &RolloutConfig,
    steps: &[RolloutStepConfig],
) -> Result<(), EngineError> {
    let RolloutTarget::Exec(exec) = &rollout.target;
    let TrafficConfig::Nginx(nginx) = &rollout.traffic;
    let mut programs: Vec<(String, &[String])> = vec![
        ("rollout.target.exec.deploy".into(), &exec.deploy),
        ("rollout.target.exec.promote".into(), &exec.promote),
        ("rollout.target.exec.rollback".into(), &exec.rollback),
        ("rollout.traffic.nginx.test".into(), &nginx.test),
        ("rollout.traffic.nginx.reload".into(), &nginx.reload),
    ];
    for step in steps {
        if let RolloutStepConfig::Hook(h) = step {
            programs.push((format!("hook {}", h.name), &h.run));
            if let Some(undo) = &h.undo {
                programs.push((format!("undo of hook {}", h.name), undo));
            }
        }
    }
    for (what, argv) in programs {
        let Some(program) = argv.first() else {
            continue;
        };
        if !found(program, &config.dir) {
            return Err(EngineError::RolloutProgram {
                what,
                program: program.clone(),
                dir: config.dir.clone(),
            });
        }
    }
    Ok(())
}

/// A rollout whose analysis reads Prometheus starts only when Prometheus answers: an
/// unreachable one would otherwise be found out after the canary had taken traffic.
async fn reach_prometheus(
    ctx: &Context<'_>,
    config: &Config,
    rollout: &RolloutConfig,
) -> Result<(), EngineError> {
    if rollout.analysis.metrics.is_empty() && !rollout.analysis.judge {
        return Ok(());
    }
    let client = crate::metrics::client(config)?;
    match crate::interruptible::until_cancelled(&ctx.cancel, client.query("vector(1)", None)).await
    {
        Some(Err(source)) => Err(EngineError::RolloutPrometheus {
            source: Box::new(source),
        }),
        // answered, or cancelled (the driver then stops before anything changes)
        _ => Ok(()),
    }
}

fn found(program: &str, dir: &Path) -> bool {
    if program.contains('/') {
        return dir.join(program).is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join(program).is_file()))
}
