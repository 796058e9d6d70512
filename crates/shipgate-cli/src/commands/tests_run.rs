//! `shipgate tests run`: run the suite N times without a shell, then evaluate.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use shipgate_core::{ExitCode, GateResult, Measured, TestRun, Verdict};

use crate::args::RunArgs;
use crate::context::Context;
use crate::error::CliError;
use crate::evaluation::{self, Inputs};

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
) -> Result<Vec<Planned>, CliError> {
    if command.is_empty() {
        return Err(CliError::Usage("give the test command after `--`".into()));
    }
    if !command.iter().any(|a| a.contains("{junit}")) {
        return Err(CliError::Usage(
            "the test command must write a JUnit report: put {junit} where its path goes (e.g. `-- pytest --junitxml={junit}`)".into(),
        ));
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

fn execute(p: &Planned, total: u32) -> Result<Executed, CliError> {
    let (program, args) = p
        .argv
        .split_first()
        .ok_or_else(|| CliError::Usage("empty test command".into()))?;
    let order = match p.seed {
        Some(seed) => format!("shuffled, seed {seed}"),
        None => "in order".to_string(),
    };
    eprintln!(
        "shipgate: run {}/{total} ({order}): {}",
        p.number,
        p.argv.join(" ")
    );
    // The suite's own output goes to stderr so that stdout carries only the report.
    let child_stdout = std::io::stderr().as_fd_clone().map_err(|e| {
        CliError::Dependency(format!("cannot pass stderr to the test command: {e}"))
    })?;
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(child_stdout)
        .stderr(Stdio::inherit())
        .status()
        .map_err(|e| CliError::Dependency(format!("cannot start `{program}`: {e}")))?;
    let wall = start.elapsed().as_secs_f64();
    if !p.junit.is_file() {
        return Err(CliError::Dependency(format!(
            "run {}: `{program}` exited with {} and wrote no JUnit report to {}",
            p.number,
            status
                .code()
                .map_or("a signal".to_string(), |c| format!("status {c}")),
            p.junit.display()
        )));
    }
    let label = match p.seed {
        Some(seed) => format!("run {} (shuffled, seed {seed})", p.number),
        None => format!("run {}", p.number),
    };
    let mut run = shipgate_ingest::read_junit_run(&label, p.shuffled, &[p.junit.as_path()])?;
    run.wall_seconds = Some(wall);
    eprintln!(
        "shipgate: run {} finished in {:.1}s ({})",
        p.number,
        wall,
        status
            .code()
            .map_or("killed".into(), |c| format!("exit {c}"))
    );
    Ok(Executed {
        run,
        exit: status.code(),
    })
}

trait FdClone {
    fn as_fd_clone(&self) -> std::io::Result<Stdio>;
}

impl FdClone for std::io::Stderr {
    fn as_fd_clone(&self) -> std::io::Result<Stdio> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            Ok(Stdio::from(self.as_fd().try_clone_to_owned()?))
        }
        #[cfg(not(unix))]
        {
            Ok(Stdio::inherit())
        }
    }
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

pub fn run(ctx: &Context<'_>, args: &RunArgs) -> Result<ExitCode, CliError> {
    let gates = evaluation::gates(ctx, &args.gates)?;
    let temp;
    let dir = match &args.junit_dir {
        Some(d) => {
            std::fs::create_dir_all(d).map_err(|e| {
                CliError::Dependency(format!("{}: cannot create: {e}", d.display()))
            })?;
            d.clone()
        }
        None => {
            temp = tempfile::Builder::new()
                .prefix("shipgate-run-")
                .tempdir()
                .map_err(|e| {
                    CliError::Dependency(format!("cannot create a temporary folder: {e}"))
                })?;
            temp.path().to_path_buf()
        }
    };
    let planned = plan(
        &args.command,
        &args.shuffle_args,
        args.runs,
        args.seed.unwrap_or_else(clock_seed),
        &dir,
    )?;
    if args.runs > 1 && args.shuffle_args.is_empty() {
        eprintln!("shipgate: no --shuffle-arg given: the {} runs are repeats in order (TQ-01 needs a shuffled run)", args.runs);
    }
    let mut runs = Vec::new();
    let mut statuses = Vec::new();
    for p in &planned {
        let e = execute(p, args.runs)?;
        let c = e.run.counts();
        statuses.push((e.run.label.clone(), e.exit, c.failed + c.errored));
        runs.push(e.run);
    }
    let coverage = evaluation::read_coverage(&args.coverage.coverage, &ctx.cwd)?;
    let extra_gates = exit_status_gate(&statuses).into_iter().collect();
    evaluation::evaluate_and_report(
        ctx,
        Inputs {
            runs,
            coverage,
            base: args.coverage.base.clone(),
            gates,
            extra_gates,
            command: "tests run",
        },
        "shipgate tests run",
    )
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
        assert_eq!(e.exit_code(), ExitCode::Usage);
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
