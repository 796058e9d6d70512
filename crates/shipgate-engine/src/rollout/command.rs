//! Running a command of the rollout (a hook, the exec target's deploy/promote/rollback, the
//! router's test and reload): argv without a shell, in a process group of its own, with a
//! timeout, keeping the end of what it wrote for the report.
//!
//! A first signal does not stop a command that is running: a rollout ends its current
//! action, then rolls back. The process group is registered with the [`Cancel`], so a second
//! signal ([`Cancel::abort_now`]) kills it before shipgate exits.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};

use super::error::CommandError;
use crate::cancel::{kill_group, stop_group, Cancel};

/// How much of a command's output is kept (the end of it).
const TAIL_BYTES: usize = 2048;

/// How long a command that ran out of time gets between SIGTERM and SIGKILL.
const GRACE: Duration = Duration::from_secs(5);

/// What a command that succeeded wrote (the end of it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub tail: String,
}

/// One command to run.
#[derive(Debug, Clone, Copy)]
pub struct Command<'a> {
    /// What it is for, in words (`hook backup`, `deploy`, `nginx test`).
    pub what: &'a str,
    pub argv: &'a [String],
    /// Where it runs (the config's folder).
    pub dir: &'a Path,
    pub timeout: Duration,
}

/// Run `command` to its end (or its timeout): `Ok` when it exited 0.
pub async fn run(command: Command<'_>, cancel: &Cancel) -> Result<Output, CommandError> {
    let what = command.what.to_string();
    let shown = command.argv.join(" ");
    let Some((program, args)) = command.argv.split_first() else {
        return Err(CommandError::Empty { what });
    };
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .current_dir(command.dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .map_err(|source| CommandError::Spawn {
            what: what.clone(),
            program: program.clone(),
            source,
        })?;
    let pgid = child.id().unwrap_or(0);
    let _registered = cancel.register_group(pgid);
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let outputs = async { tokio::join!(tail_of(stdout), tail_of(stderr)) };
    let finished = tokio::time::timeout(command.timeout, async {
        let ((out, err), status) = tokio::join!(outputs, child.wait());
        (out, err, status)
    })
    .await;
    let Ok((out, err, status)) = finished else {
        stop_group(&mut child, pgid, GRACE).await;
        return Err(CommandError::Timeout {
            what,
            command: shown,
            timeout: command.timeout,
        });
    };
    // whatever it left running in its group
    if let Ok(group) = i32::try_from(pgid) {
        kill_group(group, rustix::process::Signal::KILL);
    }
    let status = status.map_err(|source| CommandError::Wait {
        what: what.clone(),
        command: shown.clone(),
        source,
    })?;
    let mut tail = out;
    if !err.is_empty() {
        if !tail.is_empty() && !tail.ends_with('\n') {
            tail.push('\n');
        }
        tail.push_str(&err);
    }
    if status.success() {
        return Ok(Output { tail });
    }
    Err(CommandError::Failed {
        what,
        command: shown,
        status: match status.code() {
            Some(code) => format!("status {code}"),
            None => "a signal".to_string(),
        },
        tail,
    })
}

/// Read `stream` to its end, keeping the last [`TAIL_BYTES`] (as text).
async fn tail_of(stream: Option<impl AsyncRead + Unpin>) -> String {
    let Some(mut stream) = stream else {
        return String::new();
    };
    let mut kept: Vec<u8> = Vec::new();
    let mut buf = [0_u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                kept.extend_from_slice(buf.get(..n).unwrap_or_default());
                if kept.len() > 2 * TAIL_BYTES {
                    kept.drain(..kept.len() - TAIL_BYTES);
                }
            }
        }
    }
    if kept.len() > TAIL_BYTES {
        kept.drain(..kept.len() - TAIL_BYTES);
    }
    String::from_utf8_lossy(&kept).into_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

    use super::*;

    fn argv(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|p| (*p).to_string()).collect()
    }

    async fn sh(script: &str, timeout: Duration) -> Result<Output, CommandError> {
        let argv = argv(&["sh", "-c", script]);
        let dir = std::env::temp_dir();
        run(
            Command {
                what: "test",
                argv: &argv,
                dir: &dir,
                timeout,
            },
            &Cancel::new(),
        )
        .await
    }

    #[tokio::test]
    async fn success_failure_and_the_end_of_the_output() {
        let ok = sh("echo started; echo warn >&2", Duration::from_secs(10)).await;
        assert_eq!(ok.map(|o| o.tail).ok().as_deref(), Some("started\nwarn\n"));
        let failed = sh("seq 1 5000; echo boom >&2; exit 3", Duration::from_secs(10)).await;
        match failed {
            Err(CommandError::Failed { status, tail, .. }) => {
                assert_eq!(status, "status 3");
                assert!(tail.ends_with("5000\nboom\n"), "{tail}");
                assert!(tail.len() <= 2 * TAIL_BYTES);
            }
            other => panic!("{other:?}"),
        }
        let missing = run(
            Command {
                what: "deploy",
                argv: &argv(&["/nonexistent/deploy.sh"]),
                dir: &std::env::temp_dir(),
                timeout: Duration::from_secs(1),
            },
            &Cancel::new(),
        )
        .await;
        assert!(matches!(missing, Err(CommandError::Spawn { .. })));
        let empty = run(
            Command {
                what: "deploy",
                argv: &[],
                dir: &std::env::temp_dir(),
                timeout: Duration::from_secs(1),
            },
            &Cancel::new(),
        )
        .await;
        assert!(matches!(empty, Err(CommandError::Empty { .. })));
    }

    #[tokio::test]
    async fn a_command_that_runs_out_of_time_is_stopped_with_its_children() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("child.pid");
        let script = format!("sleep 30 & echo $! > {}; wait", marker.display());
        let started = std::time::Instant::now();
        let result = sh(&script, Duration::from_millis(300)).await;
        assert!(
            matches!(result, Err(CommandError::Timeout { .. })),
            "{result:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        // the background child went with its group
        let pid: i32 = std::fs::read_to_string(&marker)
            .ok()
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or(0);
        assert!(pid > 0);
        // gone, or a zombie nobody has reaped yet (the signal takes a moment to land)
        let gone = || {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let state = stat
                .rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .chars()
                .next();
            matches!(state, None | Some('Z') | Some('X'))
        };
        let mut waited = 0;
        while !gone() && waited < 200 {
            std::thread::sleep(Duration::from_millis(10));
            waited += 1;
        }
        assert!(gone(), "the sleep the command started is still running");
    }
}
