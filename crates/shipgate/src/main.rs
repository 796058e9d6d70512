//! The `shipgate` binary: it owns the one tokio runtime; everything else lives in
//! `shipgate-cli` and the crates below it.

/// A report of a million test cases is a million small records; mimalloc allocates and lays
/// them out faster than the system allocator (see docs/performance.md).
///
/// It is built without transparent huge pages (the `no_thp` feature in Cargo.toml): asked
/// for them, it made a fresh process on a machine whose memory is full of page cache stall
/// in the kernel's compaction for each 2 MiB page, and kept 30 MiB more resident.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
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
