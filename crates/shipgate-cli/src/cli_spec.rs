//! shipgate's own command line as plain data, so that `shipgate ...` commands written in
//! the docs are checked against the real flags and subcommands (not against a list kept by
//! hand that could drift too).

use clap::CommandFactory;
use shipgate_docs::drift::cli_spec::{CliSpec, FlagSpec};

use crate::args::Cli;

/// The whole `shipgate` command tree; global flags are repeated in every subcommand.
pub fn shipgate() -> CliSpec {
    spec(&Cli::command(), &[])
}

fn spec(command: &clap::Command, inherited: &[FlagSpec]) -> CliSpec {
    let mut flags: Vec<FlagSpec> = inherited.to_vec();
    let mut globals: Vec<FlagSpec> = inherited.to_vec();
    for arg in command.get_arguments().filter(|a| !a.is_positional()) {
        let flag = FlagSpec {
            long: arg.get_long().map(str::to_owned),
            short: arg.get_short(),
            takes_value: arg.get_action().takes_values(),
            optional_value: false,
        };
        if arg.is_global_set() {
            globals.push(flag.clone());
        }
        flags.push(flag);
    }
    CliSpec {
        name: command.get_name().to_owned(),
        flags,
        subcommands: command
            .get_subcommands()
            .map(|sub| spec(sub, &globals))
            .collect(),
        positionals: command.get_positionals().next().is_some(),
        aliases: command.get_all_aliases().map(str::to_owned).collect(),
        any_flag: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(spec: &'a CliSpec, path: &[&str]) -> &'a CliSpec {
        path.iter().fold(spec, |at, name| {
            at.subcommands
                .iter()
                .find(|s| s.name == *name)
                .unwrap_or_else(|| panic!("no subcommand {name}"))
        })
    }

    #[test]
    fn global_flags_reach_every_subcommand_and_values_are_known() {
        let spec = shipgate();
        let check = find(&spec, &["docs", "check"]);
        let format = check
            .flags
            .iter()
            .find(|f| f.long.as_deref() == Some("format"))
            .expect("--format is global");
        assert!(format.takes_value);
        let tests = find(&spec, &["tests"]);
        assert!(tests
            .flags
            .iter()
            .any(|f| f.long.as_deref() == Some("junit")));
        assert!(!check
            .flags
            .iter()
            .any(|f| f.long.as_deref() == Some("junit")));
        let verbose = tests
            .flags
            .iter()
            .find(|f| f.short == Some('v'))
            .expect("-v is global");
        assert!(!verbose.takes_value, "-v counts, it takes no value");
        assert!(find(&spec, &["tests", "run"]).positionals);
        assert!(!check.positionals);
    }
}
