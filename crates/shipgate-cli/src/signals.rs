//! SIGINT, SIGTERM and SIGHUP: the first asks the engine to stop (the report of what was
//! evaluated is still printed, and the exit code says which signal ended the run); a second
//! kills what the engine started, removes its temporary files and exits at once.
//!
//! Installing the handlers also undoes an inherited "ignore SIGINT" (a job started in the
//! background of a non-interactive shell): shipgate answers Ctrl-C either way, and the
//! commands it starts get the default handling back when they `exec`.

use std::sync::Arc;

use shipgate_core::ExitCode;
use shipgate_engine::{Cancel, Event, EventSink};
use tokio::signal::unix::{signal, SignalKind};

use crate::progress::Printer;

/// The exit code of a run a signal ended.
pub fn exit_code(signal: &str) -> ExitCode {
    match signal {
        "SIGHUP" => ExitCode::Hangup,
        "SIGTERM" => ExitCode::Terminated,
        _ => ExitCode::Interrupted,
    }
}

/// Start answering signals on the current runtime.
pub fn listen(cancel: Cancel, printer: Arc<Printer>) -> std::io::Result<()> {
    let mut signals = Signals {
        interrupt: signal(SignalKind::interrupt())?,
        terminate: signal(SignalKind::terminate())?,
        hangup: signal(SignalKind::hangup())?,
    };
    tokio::spawn(async move {
        let first = signals.next().await;
        printer.emit(&Event::Interrupted { signal: first });
        cancel.cancel(first);
        let second = signals.next().await;
        cancel.abort_now(second);
        printer.line(&format!("shipgate: {second} again: exiting now"));
        std::process::exit(i32::from(exit_code(first).code()));
    });
    Ok(())
}

struct Signals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
    hangup: tokio::signal::unix::Signal,
}

impl Signals {
    /// The name of the next signal received.
    async fn next(&mut self) -> &'static str {
        tokio::select! {
            _ = self.interrupt.recv() => "SIGINT",
            _ = self.terminate.recv() => "SIGTERM",
            _ = self.hangup.recv() => "SIGHUP",
        }
    }
}
