//! Running work so that a cancellation ends it: async work is raced against the
//! cancellation, synchronous work runs where it does not hold up the signal handler.

use std::future::Future;

use crate::cancel::Cancel;

/// `work`'s output, or `None` when a cancellation came first (the work is dropped).
pub async fn until_cancelled<F: Future>(cancel: &Cancel, work: F) -> Option<F::Output> {
    if cancel.is_cancelled() {
        return None;
    }
    tokio::select! {
        biased;
        () = cancel.cancelled() => None,
        out = work => Some(out),
    }
}

/// Run CPU- or file-bound synchronous work. On a multi-threaded runtime the worker hands its
/// other tasks (the signal handler among them) to another thread while `work` runs; on any
/// other runtime, or outside one, `work` simply runs.
pub fn blocking<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_cancellation_ends_a_pending_wait() {
        let cancel = Cancel::new();
        let trigger = cancel.clone();
        let waited = until_cancelled(&cancel, async move {
            trigger.cancel("SIGINT");
            std::future::pending::<()>().await;
        })
        .await;
        assert_eq!(waited, None);
        assert_eq!(
            until_cancelled(&cancel, async { 1 }).await,
            None,
            "already cancelled"
        );
        assert_eq!(until_cancelled(&Cancel::new(), async { 2 }).await, Some(2));
    }

    #[test]
    fn blocking_work_runs_outside_a_runtime() {
        assert_eq!(blocking(|| 3), 3);
    }
}
