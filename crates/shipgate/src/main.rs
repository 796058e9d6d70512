//! The `shipgate` binary: it owns the one tokio runtime; everything else lives in
//! `shipgate-cli` and the crates below it.

use std::os::fd::AsFd;
use std::sync::atomic::{AtomicBool, Ordering};

/// A report of a million test cases is a million small records; mimalloc allocates and lays
/// them out faster than the system allocator (see docs/performance.md).
///
/// It is built without transparent huge pages (the `no_thp` feature in Cargo.toml): asked
/// for them, it made a fresh process on a machine whose memory is full of page cache stall
/// in the kernel's compaction for each 2 MiB page, and kept 30 MiB more resident.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Whether file descriptor 1 was closed when the process started, seen before the Rust
/// runtime's start-up replaces a closed one with `/dev/null`.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Runs before the runtime's start-up: the one place where a closed stdout can be told from
/// `/dev/null`. Duplicating a closed descriptor fails with EBADF.
extern "C" fn look_at_stdout() {
    let closed = std::io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .is_err_and(|e| e.raw_os_error() == Some(EBADF));
    STDOUT_CLOSED.store(closed, Ordering::Relaxed);
}

/// EBADF on Linux.
const EBADF: i32 = 9;

// The dynamic loader calls the functions listed in `.init_array` before `main`, and so
// before the runtime touches the standard descriptors. Placing a function pointer there is
// an unsafe attribute in Rust's eyes (a link section); the function itself is safe code.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
#[used]
#[link_section = ".init_array"]
static LOOK_AT_STDOUT: extern "C" fn() = look_at_stdout;

fn main() -> std::process::ExitCode {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        shipgate_cli::note_stdout_closed_at_start();
    }
    // Two workers: a section doing synchronous work (parsing, the docs check) hands the
    // other tasks, the signal handler among them, to the second.
    match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(shipgate_cli::main()),
        Err(e) => {
            eprintln!("shipgate: error: cannot start the async runtime: {e}");
            std::process::ExitCode::from(3)
        }
    }
}
