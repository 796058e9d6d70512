//! Cancellation: a signal (or a caller) asks the engine to stop. Work that has not started
//! does not start, running waits end, child process groups are stopped and temporary folders
//! removed; each section reports what it evaluated and marks the rest `inconclusive`.
//!
//! [`Cancel::abort_now`] is the last resort for a second signal: it kills every registered
//! process group and removes every registered temporary folder at once, so that the caller
//! can exit without leaving either behind.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio_util::sync::CancellationToken;

/// A cancellation shared by everything one command runs. Clones share the same state.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    token: CancellationToken,
    reason: Mutex<Option<&'static str>>,
    groups: Mutex<BTreeSet<i32>>,
    temp_dirs: Mutex<Vec<PathBuf>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Cancel {
    /// Not cancelled.
    pub fn new() -> Self {
        Cancel::default()
    }

    /// Ask everything to stop; `reason` names why (`SIGINT`, `SIGTERM`, …). The first reason
    /// given is kept.
    pub fn cancel(&self, reason: &'static str) {
        lock(&self.inner.reason).get_or_insert(reason);
        self.inner.token.cancel();
    }

    /// Whether a cancellation was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.inner.token.is_cancelled()
    }

    /// Why it was cancelled, if it was.
    pub fn reason(&self) -> Option<&'static str> {
        *lock(&self.inner.reason)
    }

    /// Resolves once a cancellation is asked for.
    pub async fn cancelled(&self) {
        self.inner.token.cancelled().await;
    }

    /// Remember a child process group so that [`Cancel::abort_now`] can kill it; forgotten
    /// when the guard drops.
    pub fn register_group(&self, pgid: u32) -> GroupGuard {
        let pgid = i32::try_from(pgid).unwrap_or(0);
        if pgid > 0 {
            lock(&self.inner.groups).insert(pgid);
        }
        GroupGuard {
            cancel: self.clone(),
            pgid,
        }
    }

    /// Remember a temporary folder so that [`Cancel::abort_now`] can remove it; forgotten
    /// when the guard drops (its owner removes it then).
    pub fn register_temp_dir(&self, path: PathBuf) -> TempDirGuard {
        lock(&self.inner.temp_dirs).push(path.clone());
        TempDirGuard {
            cancel: self.clone(),
            path,
        }
    }

    /// Cancel, kill every registered process group (SIGKILL) and remove every registered
    /// temporary folder now. For a second signal, just before the process exits.
    pub fn abort_now(&self, reason: &'static str) {
        self.cancel(reason);
        for pgid in lock(&self.inner.groups).iter() {
            kill_group(*pgid, rustix::process::Signal::KILL);
        }
        for dir in lock(&self.inner.temp_dirs).iter() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Stop a child's whole process group: SIGTERM, then SIGKILL after `grace`, then SIGKILL to
/// whatever the group still holds (workers that outlived their parent).
pub(crate) async fn stop_group(
    child: &mut tokio::process::Child,
    pgid: u32,
    grace: std::time::Duration,
) {
    let Ok(group) = i32::try_from(pgid) else {
        let _ = child.kill().await;
        return;
    };
    kill_group(group, rustix::process::Signal::TERM);
    if tokio::time::timeout(grace, child.wait()).await.is_err() {
        kill_group(group, rustix::process::Signal::KILL);
        let _ = child.wait().await;
    }
    kill_group(group, rustix::process::Signal::KILL);
}

/// Send `signal` to process group `pgid` (already gone is fine).
pub(crate) fn kill_group(pgid: i32, signal: rustix::process::Signal) {
    if let Some(pid) = rustix::process::Pid::from_raw(pgid) {
        if let Err(e) = rustix::process::kill_process_group(pid, signal) {
            tracing::debug!(pgid, error = %e, "could not signal the process group");
        }
    }
}

/// Keeps a process group registered while it lives.
#[derive(Debug)]
pub struct GroupGuard {
    cancel: Cancel,
    pgid: i32,
}

impl Drop for GroupGuard {
    fn drop(&mut self) {
        lock(&self.cancel.inner.groups).remove(&self.pgid);
    }
}

/// Keeps a temporary folder registered while it lives.
#[derive(Debug)]
pub struct TempDirGuard {
    cancel: Cancel,
    path: PathBuf,
}

impl Drop for TempDirGuard {
    fn drop(&mut self) {
        lock(&self.cancel.inner.temp_dirs).retain(|p| p != &self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_reason_is_kept_and_clones_share_the_state() {
        let cancel = Cancel::new();
        let other = cancel.clone();
        assert!(!other.is_cancelled());
        cancel.cancel("SIGTERM");
        other.cancel("SIGINT");
        assert!(other.is_cancelled());
        assert_eq!(cancel.reason(), Some("SIGTERM"));
    }

    #[test]
    fn abort_now_removes_registered_folders_and_guards_forget_them() {
        let cancel = Cancel::new();
        let kept = tempfile::tempdir().unwrap();
        let removed = tempfile::tempdir().unwrap();
        {
            let _forgotten = cancel.register_temp_dir(kept.path().to_path_buf());
        }
        let _guard = cancel.register_temp_dir(removed.path().to_path_buf());
        cancel.abort_now("SIGINT");
        assert!(
            kept.path().exists(),
            "a dropped guard's folder is its owner's business"
        );
        assert!(!removed.path().exists());
        assert!(cancel.is_cancelled());
    }

    #[test]
    fn abort_now_kills_a_registered_process_group() {
        let mut child = std::process::Command::new("sleep");
        std::os::unix::process::CommandExt::process_group(&mut child, 0);
        let mut child = child.arg("30").spawn().unwrap();
        let cancel = Cancel::new();
        let _guard = cancel.register_group(child.id());
        cancel.abort_now("SIGTERM");
        let status = child.wait().unwrap();
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&status),
            Some(9),
            "{status:?}"
        );
    }
}
