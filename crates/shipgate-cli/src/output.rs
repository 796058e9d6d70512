//! Writing a report: the chosen format on stdout, and GitHub Actions extras.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use shipgate_core::{Redactor, Report};
use shipgate_report::{Format, RenderOptions};

use crate::args::FormatArg;
use crate::error::CliError;

/// Whether to colour human output: only on a terminal, and never with `NO_COLOR` set.
pub fn use_color(env: &dyn Fn(&str) -> Option<String>) -> bool {
    env("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

fn format_of(f: FormatArg) -> Format {
    match f {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Junit => Format::Junit,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Sarif => Format::Sarif,
    }
}

/// The report in `format`, secrets removed, without colour (for commands that print
/// something else in other formats).
pub fn render(report: &Report, format: FormatArg, title: &str, redactor: &Redactor) -> String {
    let mut shown = report.clone();
    shown.redact(redactor);
    let opts = RenderOptions {
        color: false,
        title: title.to_string(),
    };
    shipgate_report::render(&shown, format_of(format), &opts)
}

/// Print the report to stdout in `format`; in GitHub Actions also append the Markdown summary
/// to `$GITHUB_STEP_SUMMARY` and print `::error` annotations on stderr. Secrets are removed
/// from the report's text before any of them is rendered.
pub fn emit(
    report: &Report,
    format: FormatArg,
    title: &str,
    env: &dyn Fn(&str) -> Option<String>,
    redactor: &Redactor,
) -> Result<(), CliError> {
    let mut shown = report.clone();
    shown.redact(redactor);
    let report = &shown;
    let opts = RenderOptions {
        color: format == FormatArg::Human && use_color(env),
        title: title.to_string(),
    };
    let text = shipgate_report::render(report, format_of(format), &opts);
    write_stdout(&text)?;
    if env("GITHUB_ACTIONS").as_deref() == Some("true") {
        let plain = RenderOptions {
            color: false,
            title: title.to_string(),
        };
        // Workflow commands are read from both streams; stderr keeps stdout pure data.
        let annotations = shipgate_report::github_annotations(report);
        let _ = std::io::stderr().lock().write_all(annotations.as_bytes());
        if let Some(path) = env("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
            let summary = shipgate_report::step_summary(report, &plain);
            let failed = |source| CliError::Output {
                what: format!("{path}: cannot append the step summary"),
                source,
            };
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(failed)?;
            file.write_all(summary.as_bytes()).map_err(failed)?;
        }
    }
    Ok(())
}

/// Whether the process started with its stdout closed (see [`note_stdout_closed_at_start`]).
static STDOUT_CLOSED_AT_START: AtomicBool = AtomicBool::new(false);

/// The process started with file descriptor 1 closed (`>&-`). The Rust runtime opens
/// `/dev/null` in its place before `main`, which is also what a parent that discards the
/// output hands over (Python's `subprocess.DEVNULL`): only the binary, looking before the
/// runtime does, can tell the two apart, and it says so here. A report then cannot be
/// written, which is exit 3, not a pass nobody can read.
pub fn note_stdout_closed_at_start() {
    STDOUT_CLOSED_AT_START.store(true, Ordering::Relaxed);
}

/// Write data to stdout. A reader that went away (`| head`) ends the output quietly; a
/// stdout that is closed or cannot be written is an error (exit 3): the report was not
/// delivered.
pub fn write_stdout(text: &str) -> Result<(), CliError> {
    if STDOUT_CLOSED_AT_START.load(Ordering::Relaxed) {
        // what is there now is the /dev/null the Rust runtime put in its place
        return Err(CliError::Output {
            what: "cannot write the report to stdout: it was closed when shipgate started"
                .to_string(),
            source: std::io::Error::other("standard output is not open"),
        });
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            tracing::debug!("stdout closed by its reader");
            Ok(())
        }
        Err(source) => Err(CliError::Output {
            what: "cannot write the report to stdout".to_string(),
            source,
        }),
    }
}
