//! `shipgate tests run`: run the suite N times without a shell, then evaluate.
//!
//! Each run is its own process group, so that a cancellation stops the whole suite (workers
//! and all): SIGTERM to the group, SIGKILL after a grace period. The JUnit reports go to a
//! temporary folder that is removed however the command ends.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use shipgate_core::{GateResult, Measured, Report, TestRun, Verdict};

use crate::cancel::stop_group;
use crate::context::Context;
use crate::error::EngineError;
use crate::events::Event;
use crate::interrupted::{because, interrupted_report, test_gates};
use crate::interruptible::blocking;
use crate::test_section::{self, Inputs};

/// How long a stopped suite gets to end after SIGTERM before its group is killed.
const GRACE: Duration = Duration::from_secs(5);

/// A `shipgate tests run` request.
#[derive(Debug, Clone, Default)]
pub struct SuiteRequest {
    /// The test command (no shell); `{junit}`, `{run}` and `{seed}` are substituted.
    pub command: Vec<String>,
    /// Appended to runs after the first (shuffled runs).
    pub shuffle_args: Vec<String>,
    pub runs: u32,
    /// The first shuffled run's seed (else one from the clock).
    pub seed: Option<u64>,
    /// Where the reports go (else a temporary folder).
    pub junit_dir: Option<PathBuf>,
    pub coverage: Vec<String>,
    pub base: Option<String>,
    pub gate_overrides: Vec<(String, String)>,
}

/// One planned execution of the suite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub number: u32,
    pub shuffled: bool,
    pub seed: Option<u64>,
    pub junit: PathBuf,
    pub argv: Vec<String>,
}

/// Substitute `{run}`, `{junit}` and `{seed}` and append shuffle arguments to runs after the
/// first. Without shuffle arguments later runs are plain repeats (in order).
pub fn plan(
    command: &[String],
    shuffle_args: &[String],
    runs: u32,
    first_seed: u64,
    dir: &Path,
) -> Result<Vec<Planned>, EngineError> {
    if command.is_empty() {
        return Err(EngineError::SuiteCommand {
            problem: "give the test command after `--`",
        });
    }
    if !command.iter().any(|a| a.contains("{junit}")) {
        return Err(EngineError::SuiteCommand {
            problem: "the test command must write a JUnit report: put {junit} where its path goes (e.g. `-- pytest --junitxml={junit}`)",
        });
    }
    let mut out = Vec::new();
    for number in 1..=runs {
        let shuffled = number > 1 && !shuffle_args.is_empty();
        let seed = shuffled.then(|| first_seed.wrapping_add(u64::from(number - 2)));
        let junit = dir.join(format!("run-{number}.xml"));
        let subst = |a: &String| {
            a.replace("{run}", &number.to_string())
                .replace("{junit}", &junit.to_string_lossy())
                .replace("{seed}", &seed.map(|s| s.to_string()).unwrap_or_default())
        };
        let mut argv: Vec<String> = command.iter().map(subst).collect();
        if shuffled {
            argv.extend(shuffle_args.iter().map(subst));
        }
        out.push(Planned {
            number,
            shuffled,
            seed,
            junit,
            argv,
        });
    }
    Ok(out)
}

fn clock_seed() -> u64 {
    // A seed users can read back from the run label and pass to --seed to reproduce a run.
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_secs() % 1_000_000)
}

struct Executed {
    run: TestRun,
    exit: Option<i32>,
}

/// Run one planned execution; `None` when a cancellation stopped it.
async fn execute(
    ctx: &Context<'_>,
    p: &Planned,
    total: u32,
) -> Result<Option<Executed>, EngineError> {
    let Some((program, args)) = p.argv.split_first() else {
        return Err(EngineError::SuiteCommand {
            problem: "empty test command",
        });
    };
    ctx.emit(Event::SuiteRunStarted {
        number: p.number,
        total,
        order: match p.seed {
            Some(seed) => format!("shuffled, seed {seed}"),
            None => "in order".to_string(),
        },
        argv: p.argv.clone(),
    });
    // The suite's own output goes to stderr so that stdout carries only the report.
    let child_stdout = stderr_clone().map_err(|source| EngineError::Io {
        path: PathBuf::from("/dev/stderr"),
        action: "pass stderr to the test command",
        source,
    })?;
    let start = Instant::now();
    let mut command = tokio::process::Command::new(program);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(child_stdout)
        .stderr(Stdio::inherit())
        .process_group(0)
        .kill_on_drop(true);
    let mut child = command.spawn().map_err(|source| EngineError::Spawn {
        program: program.clone(),
        source,
    })?;
    let pgid = child.id().unwrap_or(0);
    let _registered = ctx.cancel.register_group(pgid);
    let status = tokio::select! {
        biased;
        () = ctx.cancel.cancelled() => {
            stop_group(&mut child, pgid, GRACE).await;
            return Ok(None);
        }
        status = child.wait() => status.map_err(|source| EngineError::Spawn {
            program: program.clone(),
            source,
        })?,
    };
    let wall = start.elapsed().as_secs_f64();
    if !p.junit.is_file() {
        return Err(EngineError::NoReport {
            number: p.number,
            program: program.clone(),
            status: status
                .code()
                .map_or("a signal".to_string(), |c| format!("status {c}")),
            path: p.junit.clone(),
        });
    }
    let label = match p.seed {
        Some(seed) => format!("run {} (shuffled, seed {seed})", p.number),
        None => format!("run {}", p.number),
    };
    let junit = p.junit.clone();
    let mut run =
        blocking(|| shipgate_ingest::read_junit_run(&label, p.shuffled, &[junit.as_path()]))?;
    run.wall_seconds = Some(wall);
    ctx.emit(Event::SuiteRunFinished {
        number: p.number,
        seconds: wall,
        exit: status.code(),
    });
    Ok(Some(Executed {
        run,
        exit: status.code(),
    }))
}

fn stderr_clone() -> std::io::Result<Stdio> {
    use std::os::fd::AsFd;
    Ok(Stdio::from(std::io::stderr().as_fd().try_clone_to_owned()?))
}

/// A run whose command failed while its report shows no failure is not a pass: the report
/// may be partial (a crash after some tests) or stale.
pub fn exit_status_gate(runs: &[(String, Option<i32>, u64)]) -> Option<GateResult> {
    let contradicting: Vec<String> = runs
        .iter()
        .filter(|(_, exit, failures)| *exit != Some(0) && *failures == 0)
        .map(|(label, exit, _)| {
            format!(
                "{label}: exited with {}",
                exit.map_or("a signal".into(), |c| c.to_string())
            )
        })
        .collect();
    if contradicting.is_empty() {
        return None;
    }
    Some(GateResult {
        id: "TQ-02".into(),
        name: "suite_exit_status".into(),
        verdict: Verdict::Fail,
        threshold: Some("== 0".into()),
        measured: Some(Measured::count(contradicting.len() as u64)),
        message: "the test command failed although its JUnit report shows no failure; the report cannot be trusted".into(),
        evidence: contradicting,
    })
}

/// Run the suite as requested, then evaluate the runs (and record them when a store is in
/// use). A cancellation stops the running suite and returns every gate `inconclusive`.
pub async fn run_suite(ctx: &Context<'_>, request: &SuiteRequest) -> Result<Report, EngineError> {
    let gates = test_section::gates(ctx, &request.gate_overrides)?;
    let temp;
    let _registered;
    let dir = match &request.junit_dir {
        Some(d) => {
            std::fs::create_dir_all(d).map_err(|source| EngineError::Io {
                path: d.clone(),
                action: "create",
                source,
            })?;
            d.clone()
        }
        None => {
            temp = tempfile::Builder::new()
                .prefix("shipgate-run-")
                .tempdir()
                .map_err(|source| EngineError::Io {
                    path: std::env::temp_dir(),
                    action: "create a temporary folder in",
                    source,
                })?;
            _registered = ctx.cancel.register_temp_dir(temp.path().to_path_buf());
            temp.path().to_path_buf()
        }
    };
    let planned = plan(
        &request.command,
        &request.shuffle_args,
        request.runs,
        request.seed.unwrap_or_else(clock_seed),
        &dir,
    )?;
    if request.runs > 1 && request.shuffle_args.is_empty() {
        ctx.emit(Event::Warning {
            message: format!(
                "no --shuffle-arg given: the {} runs are repeats in order (TQ-01 needs a shuffled run)",
                request.runs
            ),
        });
    }
    let mut runs = Vec::new();
    let mut statuses = Vec::new();
    for p in &planned {
        let Some(e) = execute(ctx, p, request.runs).await? else {
            let why = because(
                ctx.cancel.reason(),
                &format!("during run {} of {}", p.number, request.runs),
            );
            return Ok(interrupted_report(&test_gates(), &why));
        };
        let c = e.run.counts();
        statuses.push((e.run.label.clone(), e.exit, c.failed + c.errored));
        runs.push(e.run);
    }
    let extra_gates = exit_status_gate(&statuses).into_iter().collect();
    blocking(|| {
        let coverage = test_section::read_coverage(&request.coverage, &ctx.cwd)?;
        test_section::evaluate_and_record(
            ctx,
            Inputs {
                runs,
                coverage,
                base: request.base.clone(),
                gates,
                extra_gates,
                command: "tests run",
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn substitutes_and_appends_shuffle_args_after_the_first_run() {
        let p = plan(
            &s(&["pytest", "--junitxml={junit}", "-k", "run{run}"]),
            &s(&["-p", "randomly", "--randomly-seed={seed}"]),
            3,
            42,
            Path::new("/out"),
        )
        .unwrap();
        assert_eq!(
            p[0].argv,
            s(&["pytest", "--junitxml=/out/run-1.xml", "-k", "run1"])
        );
        assert!(!p[0].shuffled);
        assert_eq!(
            p[1].argv,
            s(&[
                "pytest",
                "--junitxml=/out/run-2.xml",
                "-k",
                "run2",
                "-p",
                "randomly",
                "--randomly-seed=42"
            ])
        );
        assert_eq!(p[2].seed, Some(43));
        assert!(p[2].shuffled);
    }

    #[test]
    fn repeats_without_shuffle_args_stay_in_order() {
        let p = plan(&s(&["t", "{junit}"]), &[], 2, 1, Path::new("d")).unwrap();
        assert!(!p[1].shuffled);
        assert_eq!(p[1].seed, None);
    }

    #[test]
    fn a_command_without_junit_placeholder_is_a_usage_error() {
        let e = plan(&s(&["pytest"]), &[], 1, 1, Path::new("d")).unwrap_err();
        assert_eq!(e.exit_code(), shipgate_core::ExitCode::Usage);
    }

    #[test]
    fn failing_command_with_clean_report_fails() {
        assert!(exit_status_gate(&[("run 1".into(), Some(0), 0)]).is_none());
        assert!(exit_status_gate(&[("run 1".into(), Some(1), 3)]).is_none());
        let g = exit_status_gate(&[("run 1".into(), Some(2), 0)]).unwrap();
        assert_eq!(g.verdict, Verdict::Fail);
        assert!(g.evidence[0].contains("exited with 2"));
    }
}
