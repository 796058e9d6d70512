//! The `shipgate` binary: everything lives in `shipgate-cli`.

/// A report of a million test cases is a million small records; mimalloc allocates and lays
/// them out faster than the system allocator (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    shipgate_cli::main()
}
