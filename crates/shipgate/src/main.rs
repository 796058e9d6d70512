fn main() -> std::process::ExitCode {
    shipgate_cli::main()
}
