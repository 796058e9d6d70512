//! The `shipgate-demo` binary: parses the command line and runs the library's server.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
