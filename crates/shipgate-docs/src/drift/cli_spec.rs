//! A command line interface as plain data ([`CliSpec`]), and the walk that tells whether
//! the words of a documented command are valid for it.

use shipgate_core::nearest::typo_distance;

/// One command of a command line interface: its flags, subcommands and whether it takes
/// positional arguments. Global flags are expected to be repeated in every subcommand.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CliSpec {
    /// The command's name (`shipgate`, `tests`, `check`).
    pub name: String,
    /// The flags the command accepts.
    pub flags: Vec<FlagSpec>,
    /// Its subcommands.
    pub subcommands: Vec<CliSpec>,
    /// Whether it takes positional arguments.
    pub positionals: bool,
    /// Other names of the command (`rm` for `remove`).
    pub aliases: Vec<String>,
    /// Whether any flag is accepted: the grammar lists none for the command, so none can be
    /// told unknown.
    pub any_flag: bool,
}

/// One flag of a command.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FlagSpec {
    /// The long name, without `--`.
    pub long: Option<String>,
    /// The short letter, without `-`.
    pub short: Option<char>,
    /// Whether the flag takes a value (`--junit PATH`).
    pub takes_value: bool,
    /// Whether the flag may take a value, given only as `--flag=value` (`--color=always`).
    pub optional_value: bool,
}

/// Why a command's words are not valid for a [`CliSpec`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliProblem {
    /// What is wrong: ``unknown flag `--junitt` for `shipgate tests` ``.
    pub message: String,
    /// The nearest valid subcommand or flag, when there is one.
    pub suggestion: Option<String>,
}

/// One argument word, as the walk sees it.
#[derive(Debug, Clone, Copy)]
pub struct Arg<'a> {
    /// The word with quotes removed.
    pub text: &'a str,
    /// Whether the whole word is a placeholder (`<path>`, `$FILE`, `${{ env.X }}`).
    pub placeholder: bool,
}

/// Flags every command accepts.
const ALWAYS_VALID: [&str; 4] = ["--help", "-h", "--version", "-V"];

/// Checks the words after the program name against `spec`: subcommand names descend,
/// `--flag`, `--flag=value`, `-x`, `-x value`, `-xyz` clusters and `--` are understood,
/// `--help`/`-h`/`--version`/`-V` are always valid, placeholders are accepted as values,
/// positionals and subcommand names.
///
/// # Errors
/// The first unknown subcommand, unknown flag or unexpected positional, with the nearest
/// valid alternative.
pub fn check_args(spec: &CliSpec, args: &[Arg<'_>]) -> Result<(), CliProblem> {
    let mut current = spec;
    let mut path = spec.name.clone();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        let word = arg.text;
        if word == "--" {
            return Ok(());
        }
        // `--help`/`--version` are valid anywhere, unless the command has a flag of its own
        // by that name (`rollout start --version V` takes a value)
        let own = |long: &str| {
            current
                .flags
                .iter()
                .any(|f| f.long.as_deref() == Some(long))
        };
        if arg.placeholder
            || (ALWAYS_VALID.contains(&word) && !word.strip_prefix("--").is_some_and(own))
        {
            continue;
        }
        if word.len() > 1
            && word
                .strip_prefix('-')
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        {
            // `-1`, `-20`: a number (`git log -3`), not a flag
            continue;
        }
        if current.any_flag && word.starts_with('-') {
            // skip the flag; a value that follows it reads as a positional
            continue;
        }
        if let Some(long) = word.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (long, None),
            };
            let Some(flag) = current
                .flags
                .iter()
                .find(|f| f.long.as_deref() == Some(name))
            else {
                return Err(unknown_flag(current, &path, &format!("--{name}")));
            };
            if flag.takes_value && value.is_none() {
                if args.get(i).is_none() {
                    return Err(missing_value(&format!("--{name}"), &path));
                }
                i += 1;
            } else if !flag.takes_value && !flag.optional_value && value.is_some() {
                return Err(CliProblem {
                    message: format!("flag `--{name}` of `{path}` takes no value"),
                    suggestion: Some(format!("--{name}")),
                });
            }
            continue;
        }
        if let Some(cluster) = word.strip_prefix('-').filter(|c| !c.is_empty()) {
            let mut letters = cluster.chars();
            while let Some(letter) = letters.next() {
                let Some(flag) = current.flags.iter().find(|f| f.short == Some(letter)) else {
                    if letter == 'h' || letter == 'V' {
                        continue;
                    }
                    return Err(unknown_flag(current, &path, &format!("-{letter}")));
                };
                if flag.optional_value {
                    break;
                }
                if flag.takes_value {
                    if letters.as_str().is_empty() {
                        if args.get(i).is_none() {
                            return Err(missing_value(&format!("-{letter}"), &path));
                        }
                        i += 1;
                    }
                    break;
                }
            }
            continue;
        }
        if let Some(sub) = current
            .subcommands
            .iter()
            .find(|s| s.name == word || s.aliases.iter().any(|a| a == word))
        {
            current = sub;
            path = format!("{path} {word}");
            continue;
        }
        if word == "help" && !current.subcommands.is_empty() {
            continue;
        }
        if current.positionals {
            if !current.subcommands.is_empty() {
                // a word that is no known subcommand of a command that also takes
                // arguments (a git alias, a subcommand the grammar leaves out): what
                // follows is not the grammar's to judge
                return Ok(());
            }
            continue;
        }
        if current.subcommands.is_empty() {
            return Err(CliProblem {
                message: format!("unexpected argument `{word}` for `{path}`"),
                suggestion: None,
            });
        }
        return Err(CliProblem {
            message: format!("unknown subcommand `{word}` for `{path}`"),
            suggestion: nearest(word, current.subcommands.iter().map(|s| s.name.clone())),
        });
    }
    Ok(())
}

fn missing_value(flag: &str, path: &str) -> CliProblem {
    CliProblem {
        message: format!("flag `{flag}` of `{path}` needs a value"),
        suggestion: None,
    }
}

fn unknown_flag(command: &CliSpec, path: &str, flag: &str) -> CliProblem {
    let spellings = command.flags.iter().flat_map(|f| {
        f.long
            .iter()
            .map(|l| format!("--{l}"))
            .chain(f.short.iter().map(|s| format!("-{s}")))
            .collect::<Vec<_>>()
    });
    CliProblem {
        message: format!("unknown flag `{flag}` for `{path}`"),
        suggestion: nearest(flag, spellings),
    }
}

/// The candidate nearest to `word`, when it is close enough to be the one meant.
fn nearest(word: &str, candidates: impl Iterator<Item = String>) -> Option<String> {
    let candidates: Vec<String> = candidates.collect();
    let bare = word.trim_start_matches('-');
    shipgate_core::nearest::nearest(
        word,
        candidates.iter().map(String::as_str),
        typo_distance(bare.chars().count()),
    )
    .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn flag(long: &str, short: Option<char>, takes_value: bool) -> FlagSpec {
        FlagSpec {
            long: Some(long.into()),
            short,
            takes_value,
            optional_value: false,
        }
    }

    pub(crate) fn shipgate() -> CliSpec {
        let globals = vec![
            flag("config", Some('c'), true),
            flag("format", None, true),
            flag("verbose", Some('v'), false),
        ];
        let with = |extra: Vec<FlagSpec>| globals.iter().cloned().chain(extra).collect();
        CliSpec {
            name: "shipgate".into(),
            flags: globals.clone(),
            positionals: false,
            aliases: vec![],
            any_flag: false,
            subcommands: vec![
                CliSpec {
                    name: "tests".into(),
                    flags: with(vec![
                        flag("junit", Some('j'), true),
                        flag("coverage", None, true),
                        flag("strict", Some('s'), false),
                    ]),
                    subcommands: vec![CliSpec {
                        name: "run".into(),
                        flags: with(vec![]),
                        subcommands: vec![],
                        positionals: true,
                        aliases: vec![],
                        any_flag: false,
                    }],
                    positionals: false,
                    aliases: vec![],
                    any_flag: false,
                },
                CliSpec {
                    name: "start".into(),
                    flags: with(vec![flag("version", None, true)]),
                    subcommands: vec![],
                    positionals: false,
                    aliases: vec![],
                    any_flag: false,
                },
                CliSpec {
                    name: "docs".into(),
                    flags: with(vec![]),
                    subcommands: vec![CliSpec {
                        name: "check".into(),
                        flags: with(vec![flag("fix", None, false)]),
                        subcommands: vec![],
                        positionals: false,
                        aliases: vec![],
                        any_flag: false,
                    }],
                    positionals: false,
                    aliases: vec![],
                    any_flag: false,
                },
            ],
        }
    }

    fn check(line: &str) -> Result<(), CliProblem> {
        let words: Vec<&str> = line.split_whitespace().collect();
        let args: Vec<Arg<'_>> = words
            .iter()
            .map(|w| Arg {
                text: w,
                placeholder: w.starts_with('<') && w.ends_with('>'),
            })
            .collect();
        check_args(&shipgate(), &args)
    }

    #[test]
    fn valid_commands() {
        for line in [
            "",
            "tests --junit reports/*.xml --strict",
            "tests --junit=reports/a.xml -sv",
            "tests -j <path> -c shipgate.yaml",
            "-c ci.yaml --format json docs check --fix",
            "docs check --help",
            "tests run a b c",
            "tests run -- --anything goes",
            "--version",
            "<command> --verbose",
            "help tests",
        ] {
            assert_eq!(check(line), Ok(()), "{line}");
        }
    }

    #[test]
    fn a_command_s_own_version_flag_takes_its_value() {
        assert_eq!(check("start --version v2"), Ok(()));
        assert_eq!(check("tests --version"), Ok(()));
        assert_eq!(check("--version"), Ok(()));
        let p = check("start --version").unwrap_err();
        assert_eq!(
            p.message,
            "flag `--version` of `shipgate start` needs a value"
        );
    }

    #[test]
    fn unknown_flag_names_command_and_suggests() {
        let p = check("tests --junitt a.xml").unwrap_err();
        assert_eq!(p.message, "unknown flag `--junitt` for `shipgate tests`");
        assert_eq!(p.suggestion.as_deref(), Some("--junit"));
        let p = check("docs check -x").unwrap_err();
        assert_eq!(p.message, "unknown flag `-x` for `shipgate docs check`");
    }

    #[test]
    fn flag_of_another_subcommand_is_unknown() {
        let p = check("docs check --junit a.xml").unwrap_err();
        assert_eq!(
            p.message,
            "unknown flag `--junit` for `shipgate docs check`"
        );
    }

    #[test]
    fn unknown_subcommand_suggests_nearest() {
        let p = check("tets --junit a.xml").unwrap_err();
        assert_eq!(p.message, "unknown subcommand `tets` for `shipgate`");
        assert_eq!(p.suggestion.as_deref(), Some("tests"));
        let p = check("docs chek").unwrap_err();
        assert_eq!(p.suggestion.as_deref(), Some("check"));
    }

    #[test]
    fn positional_where_none_is_taken() {
        let p = check("docs check README.md").unwrap_err();
        assert_eq!(
            p.message,
            "unexpected argument `README.md` for `shipgate docs check`"
        );
    }

    #[test]
    fn value_rules() {
        // The value of --config is consumed, not taken for a subcommand.
        assert_eq!(check("--config tests docs check"), Ok(()));
        let p = check("tests --junit").unwrap_err();
        assert_eq!(
            p.message,
            "flag `--junit` of `shipgate tests` needs a value"
        );
        let p = check("tests --strict=yes").unwrap_err();
        assert_eq!(
            p.message,
            "flag `--strict` of `shipgate tests` takes no value"
        );
    }

    proptest! {
        #[test]
        fn never_panics(words in proptest::collection::vec("[-a-z=<>]{0,8}", 0..8)) {
            let args: Vec<Arg<'_>> = words
                .iter()
                .map(|w| Arg { text: w, placeholder: w.starts_with('<') })
                .collect();
            // the same answer twice; flags that are known alone never make a problem
            let first = format!("{:?}", check_args(&shipgate(), &args));
            prop_assert_eq!(&first, &format!("{:?}", check_args(&shipgate(), &args)));
            prop_assert!(check_args(&shipgate(), &[]).is_ok());
        }
    }
}
