//! shipgate's command line: argument parsing, dispatch, printing and the exit-code mapping.
//! The evaluation itself lives in `shipgate-engine`; the binary's `main` owns the runtime and
//! only calls [`main`].

mod args;
mod cli_spec;
mod commands;
mod context;
mod error;
mod logs;
mod output;
mod progress;
mod signals;
mod table;

use std::sync::{Arc, RwLock};

use clap::Parser;

pub use args::Cli;
pub use error::CliError;
pub use output::note_stdout_closed_at_start;

use args::{Command, DocsCommand, TestsCommand};
use shipgate_core::{ExitCode, Redactor};
use shipgate_engine::Cancel;

/// Run shipgate with the process's arguments and environment; returns the exit code.
/// Call it on a multi-threaded tokio runtime (signals are answered on it).
pub async fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version are not errors
            let code = if e.use_stderr() {
                ExitCode::Usage
            } else {
                ExitCode::Pass
            };
            return std::process::ExitCode::from(code.code());
        }
    };
    let redactor: logs::SharedRedactor = Arc::new(RwLock::new(Redactor::new()));
    logs::init(cli.verbose, redactor.clone());
    let printer = Arc::new(progress::Printer::new(redactor.clone()));
    let cancel = Cancel::new();
    if let Err(e) = signals::listen(cancel.clone(), printer.clone()) {
        printer.line(&format!("shipgate: error: cannot listen for signals: {e}"));
        return std::process::ExitCode::from(ExitCode::Dependency.code());
    }
    let code = match run(
        &cli,
        &process_env,
        printer.as_ref(),
        &redactor,
        cancel.clone(),
    )
    .await
    {
        Ok(code) => code,
        Err(e) => {
            printer.line(&format!("shipgate: error: {}", e.chain()));
            e.exit_code()
        }
    };
    // a rollout answers a signal by rolling back, and its exit code says how it ended
    let code = match cancel.reason() {
        Some(signal) if !matches!(cli.command, Command::Rollout(_)) => signals::exit_code(signal),
        _ => code,
    };
    std::process::ExitCode::from(code.code())
}

/// The process's environment.
fn process_env(key: &str) -> Option<String> {
    std::env::var(key).ok()
}

/// Load the config, run the command, print its report; returns the exit code.
async fn run(
    cli: &Cli,
    env: &'static context::Env,
    printer: &progress::Printer,
    redactor: &logs::SharedRedactor,
    cancel: Cancel,
) -> Result<ExitCode, CliError> {
    let ctx = context::Context::load(cli, env, printer, cancel)?;
    if let Ok(mut r) = redactor.write() {
        *r = ctx.redactor().clone();
    }
    let (report, title) = match &cli.command {
        Command::Tests(t) => match &t.command {
            Some(TestsCommand::Run(r)) => (
                commands::tests_run::run(&ctx, r).await,
                "shipgate tests run",
            ),
            None => (commands::tests::run(&ctx, t).await, "shipgate tests"),
        },
        Command::Smoke(s) => (commands::smoke::run(&ctx, s).await, "shipgate smoke"),
        Command::Metrics => (commands::metrics::run(&ctx).await, "shipgate metrics"),
        Command::Analyze(a) => (commands::analyze::run(&ctx, a).await, "shipgate analyze"),
        Command::Check => (commands::check::run(&ctx).await, "shipgate check"),
        Command::History(h) => return commands::history::run(&ctx, h),
        Command::Rollout(r) => return commands::rollout::run(&ctx, r).await,
        Command::Docs(DocsCommand::Check) => {
            (commands::docs::run(&ctx).await, "shipgate docs check")
        }
    };
    let report = report?;
    output::emit(&report, ctx.format, title, ctx.env, ctx.redactor())?;
    Ok(ExitCode::for_verdict(report.verdict))
}
