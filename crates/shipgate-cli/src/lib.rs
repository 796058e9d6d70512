//! shipgate's command line: argument parsing, dispatch and the exit-code mapping.
//! The binary's `main` only calls [`main`].

mod args;
mod cli_spec;
mod commands;
mod context;
mod error;
mod evaluation;
mod git;
mod globs;
mod output;
mod progress;
mod runtime;
mod table;

use clap::Parser;

pub use args::Cli;
pub use error::CliError;

use args::{Command, DocsCommand, TestsCommand};
use shipgate_core::ExitCode;

/// Run shipgate with the process's arguments and environment; returns the exit code.
pub fn main() -> std::process::ExitCode {
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
    init_tracing(cli.verbose);
    let env = |k: &str| std::env::var(k).ok();
    let code = match run(&cli, &env) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("shipgate: error: {e}");
            e.exit_code()
        }
    };
    std::process::ExitCode::from(code.code())
}

/// Dispatch a parsed command line.
pub fn run(cli: &Cli, env: &context::Env) -> Result<ExitCode, CliError> {
    let ctx = context::Context::load(cli, env)?;
    let result = match &cli.command {
        Command::Tests(t) => match &t.command {
            Some(TestsCommand::Run(r)) => commands::tests_run::run(&ctx, r),
            None => commands::tests::run(&ctx, t),
        },
        Command::Smoke(s) => commands::smoke::run(&ctx, s),
        Command::Metrics => commands::metrics::run(&ctx),
        Command::Analyze(a) => commands::analyze::run(&ctx, a),
        Command::Check => commands::check::run(&ctx),
        Command::History(h) => commands::history::run(&ctx, h),
        Command::Docs(DocsCommand::Check) => commands::docs::run(&ctx),
    };
    result.map_err(|e| e.redacted(ctx.secrets()))
}

fn init_tracing(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("SHIPGATE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let ansi = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .without_time()
        .try_init();
}
