//! The two command checks. `invalid-command`: a documented command of a tool with a
//! grammar (the shipped ones, the user's, shipgate's own command line) must use only
//! subcommands and flags the grammar has. `unknown-command`: a documented command of a
//! listed tool whose tool and subcommand a truth file runs must match one of those truth
//! commands (or an allow pattern); a subcommand no truth file runs is an operator command,
//! not drift. A command that differs is drift only in a section (heading to heading) whose
//! heading or prose says it shows the pipeline (`CI`, `workflow`, `pipeline`, `deploy`,
//! `release`, `runbook`, ...): a contributor's `uv sync` in "Setting up a dev environment"
//! is not meant to be what the workflow runs.

use std::collections::BTreeMap;

use crate::drift::cli_spec::{check_args, Arg, CliSpec};
use crate::drift::code_lines::{code_lines, LineSource};
use crate::drift::outcome::DriftCheck;
use crate::drift::sections::Sections;
use crate::truth::commands::TruthCommand;
use crate::{Document, Finding, FindingKind, Position};
use shipgate_workflow::shell::{all_segments, unquote, Segment};

/// What the commands check compares the documents with.
#[derive(Debug, Clone, Copy)]
pub struct CommandRules<'a> {
    /// Programs whose documented commands are compared with the truth files (`kubectl`,
    /// `helm`, `make`).
    pub tools: &'a [String],
    /// The commands the truth files run.
    pub truth: &'a [TruthCommand],
    /// Commands accepted without a truth match; `*` matches any run of characters
    /// (`kubectl get *`).
    pub allow: &'a [String],
    /// shipgate's own command line: when given, `shipgate ...` commands are checked
    /// against it (and never against the truth files).
    pub cli: Option<&'a CliSpec>,
    /// The grammars of other tools (shipped and the user's): their commands are checked
    /// for subcommands and flags that do not exist.
    pub grammars: &'a [CliSpec],
}

impl<'a> CommandRules<'a> {
    /// The grammar of `program`, when it has one.
    fn grammar(&self, program: &str) -> Option<&'a CliSpec> {
        match self.cli {
            Some(cli) if is_cli(program, cli) => Some(cli),
            _ => self.grammars.iter().find(|g| is_cli(program, g)),
        }
    }
}

/// Checks every command in the documents' shell code blocks and inline code: a command of
/// a tool with a grammar against the grammar (`invalid-command`), then a command of a
/// listed tool against the truth commands of the same tool and subcommand
/// (`unknown-command`): it must match one of them word by word (placeholders such as
/// `<name>`, `$VAR`, `${VAR}`, `$(...)` and `${{ ... }}` match anything, on either side,
/// also inside a word) or an allow pattern. A command counts as verified when its grammar
/// or a truth command confirms it.
pub fn check(docs: &[Document], rules: &CommandRules<'_>) -> DriftCheck {
    let truth = TruthIndex::new(rules);
    let allow: Vec<Vec<Piece>> = rules.allow.iter().map(|a| allow_pattern(a)).collect();
    let mut out = DriftCheck::default();
    for doc in docs {
        // Every document checked has an entry, `0` included.
        out.verified.entry(doc.path.clone()).or_insert(0);
        let sections = std::cell::OnceCell::new();
        for line in code_lines(doc) {
            for segment in all_segments(&line.text) {
                let Some(program) = segment.program_name() else {
                    continue;
                };
                if line.source == LineSource::InlineCode && segment.command_words().len() == 1 {
                    // A tool named in prose (`kubectl`, `shipgate`) is not a command.
                    continue;
                }
                let grammar = rules.grammar(&program);
                let is_self = rules.cli.is_some_and(|cli| is_cli(&program, cli));
                let compared = rules.tools.contains(&program) && !is_self;
                if grammar.is_none() && !compared {
                    continue;
                }
                if let Some(spec) = grammar {
                    if let Some((message, suggestion)) = check_cli(spec, &segment) {
                        let kind = FindingKind::InvalidCommand;
                        out.findings
                            .push(finding(doc, line.at, kind, message, suggestion));
                        continue;
                    }
                }
                let verdict = if compared {
                    check_truth(&segment, &program, grammar, &truth, &allow)
                } else {
                    TruthVerdict::Matched
                };
                match verdict {
                    TruthVerdict::Matched => out.verify(&doc.path),
                    TruthVerdict::NotRun if grammar.is_some() => out.verify(&doc.path),
                    TruthVerdict::NotRun => {}
                    // a command shown where the text does not say it is the pipeline's
                    // (a contributor's `uv sync`) may differ from what the pipeline runs
                    TruthVerdict::Differs(..)
                        if !sections
                            .get_or_init(|| Sections::of(doc))
                            .speaks_of(line.at.line, PIPELINE_WORDS) => {}
                    TruthVerdict::Differs(message, suggestion) => {
                        let kind = FindingKind::UnknownCommand;
                        out.findings
                            .push(finding(doc, line.at, kind, message, suggestion));
                    }
                }
            }
        }
    }
    out
}

/// Words of a section that shows what the pipeline runs: only there is a command that
/// differs from the truth files' drift.
const PIPELINE_WORDS: &[&str] = &[
    "ci",
    "pipeline",
    "pipelines",
    "workflow",
    "workflows",
    "github actions",
    "continuous integration",
    "deploy",
    "deploys",
    "deployment",
    "release",
    "releases",
    "runbook",
    "rollback",
    "roll back",
];

/// What the truth files say of one documented command.
enum TruthVerdict {
    /// A truth command (or an allow pattern) matches it.
    Matched,
    /// No truth file runs its tool and subcommand: an operator command.
    NotRun,
    /// The truth files run its subcommand with other words: the message and suggestion.
    Differs(String, Option<String>),
}

fn finding(
    doc: &Document,
    at: Position,
    kind: FindingKind,
    message: String,
    suggestion: Option<String>,
) -> Finding {
    Finding {
        file: doc.path.clone(),
        line: Some(at.line),
        column: Some(at.column),
        kind,
        message,
        suggestion,
        excerpt: None,
    }
}

/// Whether a program is the CLI itself (`shipgate`, `./target/release/shipgate`).
fn is_cli(program: &str, cli: &CliSpec) -> bool {
    program == cli.name
        || program
            .rsplit('/')
            .next()
            .is_some_and(|base| base == cli.name && program.contains('/'))
}

/// A word of usage notation without its brackets and repetition marks: `[--config` ->
/// `--config`, `F]` -> `F`, `GLOB]...` -> `GLOB`, `...` -> ``.
fn usage_word(word: &str) -> String {
    let mut text = word.trim_start_matches(['[', '(']);
    loop {
        let trimmed = text.trim_end_matches("...").trim_end_matches([']', ')']);
        if trimmed.len() == text.len() {
            break;
        }
        text = trimmed;
    }
    text.to_owned()
}

/// An upper-case placeholder of usage notation: `F`, `URL`, `GLOB`, `K=V`.
fn is_metavariable(word: &str) -> bool {
    !word.starts_with('-')
        && word.chars().any(|c| c.is_ascii_uppercase())
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "_=,.-".contains(c))
}

/// Checks a `shipgate ...` segment against the CLI; the finding's message and suggestion.
///
/// Usage notation is read as such: `[--config F]` is the flag `--config` with a value,
/// `[--junit GLOB]...` a repeatable one, `|` separates alternatives, and an upper-case word
/// (`F`, `URL`, `GLOB`) is a placeholder.
fn check_cli(cli: &CliSpec, segment: &Segment) -> Option<(String, Option<String>)> {
    let rest = segment.command_words().get(1..).unwrap_or_default();
    let words: Vec<(&String, String)> = rest
        .iter()
        .filter_map(|raw| {
            let text = usage_word(&unquote(raw));
            (!text.is_empty() && text != "|").then_some((raw, text))
        })
        .collect();
    let args: Vec<Arg<'_>> = words
        .iter()
        .map(|(raw, text)| Arg {
            text,
            placeholder: word_pattern(raw).iter().all(|p| *p == Piece::Hole)
                || is_metavariable(text),
        })
        .collect();
    check_args(cli, &args)
        .err()
        .map(|p| (format!("`{}`: {}", segment.text, p.message), p.suggestion))
}

/// Checks a tool's segment against the truth commands of the same tool and subcommand
/// and the allow patterns.
fn check_truth(
    segment: &Segment,
    program: &str,
    grammar: Option<&CliSpec>,
    truth: &TruthIndex,
    allow: &[Vec<Piece>],
) -> TruthVerdict {
    let doc = CommandShape::new(segment, grammar, None);
    let candidates: Vec<CommandShape> = truth
        .by_program
        .get(program)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|t| t.subcommand == doc.subcommand)
        .cloned()
        .collect();
    if candidates.is_empty() {
        return TruthVerdict::NotRun;
    }
    if candidates.iter().any(|t| words_match(&doc.words, &t.words)) {
        return TruthVerdict::Matched;
    }
    if allow.iter().any(|a| patterns_meet(a, &doc.joined)) {
        return TruthVerdict::Matched;
    }
    let Some(near) = nearest(&doc, &candidates) else {
        return TruthVerdict::NotRun;
    };
    let command = std::iter::once(program.to_string())
        .chain(doc.subcommand.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    let more = match candidates.len() {
        1 => String::new(),
        n => format!(
            " (and {} other `{command}` line{})",
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
    };
    let message = format!(
        "`{}` differs from the `{command}` the truth files run: `{}` ({}){more}",
        segment.text, near.text, near.at
    );
    TruthVerdict::Differs(message, Some(near.text.clone()))
}

/// The subcommand path of a command's words after the program: with a grammar, the
/// subcommands it descends (flags and their values skipped); without one, the first word
/// that is not a flag.
fn subcommand_path(grammar: Option<&CliSpec>, words: &[String]) -> Vec<String> {
    let mut path = Vec::new();
    let Some(mut current) = grammar else {
        return words
            .iter()
            .map(|w| unquote(w))
            .find(|w| !w.starts_with('-'))
            .into_iter()
            .collect();
    };
    let mut rest = words.iter().map(|w| unquote(w));
    while let Some(word) = rest.next() {
        if let Some(long) = word.strip_prefix("--") {
            let takes = !long.contains('=')
                && current
                    .flags
                    .iter()
                    .any(|f| f.takes_value && f.long.as_deref() == Some(long));
            if takes {
                rest.next();
            }
            continue;
        }
        if let Some(cluster) = word.strip_prefix('-') {
            let last = cluster.chars().last();
            let takes = cluster.chars().count() == 1
                && current
                    .flags
                    .iter()
                    .any(|f| f.takes_value && f.short == last);
            if takes {
                rest.next();
            }
            continue;
        }
        match current
            .subcommands
            .iter()
            .find(|s| s.name == word || s.aliases.contains(&word))
        {
            Some(sub) => {
                path.push(sub.name.clone());
                current = sub;
            }
            None => break,
        }
    }
    path
}

/// The truth segment nearest to a documented one: the one sharing the most leading words
/// (the same subcommand: `kubectl rollout status deployment/web` is nearer to a
/// `kubectl rollout status` line with one more flag than to `kubectl rollout undo ...`),
/// then the fewest differing words, then the fewest differing characters.
fn nearest<'a>(doc: &CommandShape, candidates: &'a [CommandShape]) -> Option<&'a CommandShape> {
    candidates.iter().min_by_key(|candidate| {
        let shared = doc
            .words
            .iter()
            .zip(&candidate.words)
            .take_while(|(a, b)| patterns_meet(a, b))
            .count();
        (
            std::cmp::Reverse(shared),
            word_distance(&doc.words, &candidate.words),
            shipgate_core::nearest::edit_distance(&doc.plain, &candidate.plain),
        )
    })
}

/// Edit distance over words, two words being equal when their patterns meet.
fn word_distance(a: &[Vec<Piece>], b: &[Vec<Piece>]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, wa) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, wb) in b.iter().enumerate() {
            let substitute = previous
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(usize::from(!patterns_meet(wa, wb)));
            let delete = previous
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let insert = current
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// The truth commands' segments by program.
struct TruthIndex {
    by_program: BTreeMap<String, Vec<CommandShape>>,
}

impl TruthIndex {
    fn new(rules: &CommandRules<'_>) -> Self {
        let mut by_program: BTreeMap<String, Vec<CommandShape>> = BTreeMap::new();
        for command in rules.truth {
            for segment in all_segments(&command.text) {
                let Some(program) = segment.program_name() else {
                    continue;
                };
                if !rules.tools.contains(&program) {
                    continue;
                }
                let at = format!("{}:{}", command.file, command.line);
                let shape = CommandShape::new(&segment, rules.grammar(&program), Some(at));
                let known = by_program.entry(program).or_default();
                if !known.iter().any(|k| k.text == shape.text) {
                    known.push(shape);
                }
            }
        }
        TruthIndex { by_program }
    }
}

/// A command segment prepared for matching.
#[derive(Debug, Clone)]
struct CommandShape {
    /// The segment's source text.
    text: String,
    /// One pattern per word, from the program on, `--flag=value` split in two (so that
    /// it matches `--flag value`).
    words: Vec<Vec<Piece>>,
    /// The whole command from the program on as one pattern, words as written, joined
    /// with spaces (what allow patterns are matched against).
    joined: Vec<Piece>,
    /// The words, quotes removed, joined with spaces (for character distances).
    plain: String,
    /// The subcommand path (`rollout undo` of `kubectl rollout undo ...`).
    subcommand: Vec<String>,
    /// Where a truth command is written: `file:line`.
    at: String,
}

impl CommandShape {
    fn new(segment: &Segment, grammar: Option<&CliSpec>, at: Option<String>) -> Self {
        let words = segment.command_words();
        let as_written: Vec<Vec<Piece>> = words.iter().map(|w| word_pattern(w)).collect();
        CommandShape {
            text: segment.text.clone(),
            words: words
                .iter()
                .flat_map(|w| split_long_flag(w))
                .map(word_pattern)
                .collect(),
            joined: joined_pattern(&as_written),
            plain: words
                .iter()
                .map(|w| unquote(w))
                .collect::<Vec<_>>()
                .join(" "),
            subcommand: subcommand_path(grammar, words.get(1..).unwrap_or_default()),
            at: at.unwrap_or_default(),
        }
    }
}

/// `--flag=value` as `--flag` and `value`; other words unchanged.
fn split_long_flag(word: &str) -> Vec<&str> {
    if let Some((flag, value)) = word.split_once('=') {
        let name = flag.strip_prefix("--").unwrap_or_default();
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return vec![flag, value];
        }
    }
    vec![word]
}

/// One element of a pattern: a character or a hole that matches any run of characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Char(char),
    Hole,
}

/// Whether two commands match word by word.
fn words_match(a: &[Vec<Piece>], b: &[Vec<Piece>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| patterns_meet(x, y))
}

/// All words' patterns joined with spaces (for allow patterns).
fn joined_pattern(words: &[Vec<Piece>]) -> Vec<Piece> {
    let mut out = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(Piece::Char(' '));
        }
        out.extend(word);
    }
    out
}

/// An allow pattern: `*` is a hole, quotes are dropped, runs of whitespace are one space.
fn allow_pattern(pattern: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    for c in pattern.trim().chars() {
        match c {
            '*' => push_hole(&mut out),
            '\'' | '"' => {}
            c if c.is_whitespace() => {
                if out.last() != Some(&Piece::Char(' ')) {
                    out.push(Piece::Char(' '));
                }
            }
            c => out.push(Piece::Char(c)),
        }
    }
    out
}

fn push_hole(out: &mut Vec<Piece>) {
    if out.last() != Some(&Piece::Hole) {
        out.push(Piece::Hole);
    }
}

/// A word as a pattern: quotes and escapes removed; `${{ ... }}`, `$(...)`, `${...}`,
/// `` `...` ``, `$NAME`, `$1` and `<placeholder>` become holes.
fn word_pattern(word: &str) -> Vec<Piece> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied();
    while let Some(c) = at(i) {
        match c {
            '\'' | '"' => i += 1,
            '\\' => {
                if let Some(next) = at(i + 1) {
                    out.push(Piece::Char(next));
                }
                i += 2;
            }
            '$' if at(i + 1) == Some('{') && at(i + 2) == Some('{') => {
                i = find_from(&chars, i + 3, &['}', '}']).map_or(chars.len(), |e| e + 2);
                push_hole(&mut out);
            }
            '$' if at(i + 1) == Some('(') => {
                i = balanced_end(&chars, i + 1);
                push_hole(&mut out);
            }
            '$' if at(i + 1) == Some('{') => {
                i = find_from(&chars, i + 2, &['}']).map_or(chars.len(), |e| e + 1);
                push_hole(&mut out);
            }
            '$' if at(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || n == '_') => {
                i += 1;
                while at(i).is_some_and(|n| n.is_ascii_alphanumeric() || n == '_') {
                    i += 1;
                }
                push_hole(&mut out);
            }
            '$' if at(i + 1).is_some_and(|n| n.is_ascii_digit() || "@*#?!-$".contains(n)) => {
                i += 2;
                push_hole(&mut out);
            }
            '`' => {
                i = find_from(&chars, i + 1, &['`']).map_or(chars.len(), |e| e + 1);
                push_hole(&mut out);
            }
            '<' => match placeholder_end(&chars, i) {
                Some(end) => {
                    i = end + 1;
                    push_hole(&mut out);
                }
                None => {
                    out.push(Piece::Char('<'));
                    i += 1;
                }
            },
            c => {
                out.push(Piece::Char(c));
                i += 1;
            }
        }
    }
    out
}

/// Index of the first occurrence of `needle` at or after `from`.
fn find_from(chars: &[char], from: usize, needle: &[char]) -> Option<usize> {
    let tail = chars.get(from..)?;
    tail.windows(needle.len().max(1))
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Index just past the `)` closing the `(` at `open` (or the end).
fn balanced_end(chars: &[char], open: usize) -> usize {
    let mut depth = 0usize;
    for (offset, &c) in chars.get(open..).unwrap_or_default().iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return open + offset + 1;
                }
            }
            _ => {}
        }
    }
    chars.len()
}

/// Index of the `>` closing a `<placeholder>` that starts at `open`: one or more
/// characters, none of them `<`, `>` or whitespace.
fn placeholder_end(chars: &[char], open: usize) -> Option<usize> {
    let mut i = open + 1;
    while let Some(&c) = chars.get(i) {
        if c == '>' {
            return (i > open + 1).then_some(i);
        }
        if c == '<' || c.is_whitespace() {
            return None;
        }
        i += 1;
    }
    None
}

/// Whether some string matches both patterns.
///
/// Without holes on either side the patterns must be equal; with holes on one side, it
/// must match the other as a glob; with holes on both sides, a common string exists
/// exactly when their prefixes before the first hole agree (one is a prefix of the other)
/// and their suffixes after the last hole agree.
fn patterns_meet(a: &[Piece], b: &[Piece]) -> bool {
    let a_holes = a.contains(&Piece::Hole);
    let b_holes = b.contains(&Piece::Hole);
    match (a_holes, b_holes) {
        (false, false) => a == b,
        (true, false) => glob_match(a, b),
        (false, true) => glob_match(b, a),
        (true, true) => {
            let prefix = |p: &[Piece]| -> Vec<Piece> {
                p.iter()
                    .take_while(|x| **x != Piece::Hole)
                    .copied()
                    .collect()
            };
            let suffix = |p: &[Piece]| -> Vec<Piece> {
                let mut s: Vec<Piece> = p
                    .iter()
                    .rev()
                    .take_while(|x| **x != Piece::Hole)
                    .copied()
                    .collect();
                s.reverse();
                s
            };
            let (pa, pb) = (prefix(a), prefix(b));
            let (sa, sb) = (suffix(a), suffix(b));
            (pa.starts_with(&pb) || pb.starts_with(&pa)) && (sa.ends_with(&sb) || sb.ends_with(&sa))
        }
    }
}

/// Glob matching of a pattern with holes against a hole-free string.
fn glob_match(pattern: &[Piece], text: &[Piece]) -> bool {
    super::wildcard::matches_by(pattern, text, |p| *p == Piece::Hole)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drift::cli_spec::FlagSpec;
    use crate::truth::commands::commands_from_file;
    use crate::{CodeBlock, InlineCode};
    use proptest::prelude::*;

    const WORKFLOW: &str = r#"name: deploy
on: [push]
env:
  APP: web
  REGISTRY: ghcr.io/acme
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      NAMESPACE: prod
    steps:
      - uses: actions/checkout@v4
      - name: Deploy
        env:
          KUBECONFIG: ${{ runner.temp }}/kubeconfig
        run: |
          echo "${{ secrets.KUBE_CONFIG }}" | base64 -d > "$KUBECONFIG"
          kubectl set image deployment/${{ env.APP }} \
            app=${{ env.REGISTRY }}/app:${{ github.sha }} \
            --namespace "$NAMESPACE"
          kubectl rollout status deployment/${{ env.APP }} --timeout=10m
          helm upgrade --install web ./chart -n "$NAMESPACE" && kubectl get pods -n "$NAMESPACE"
          POD=$(kubectl get pods -l app=${{ env.APP }} -o name | head -n 1)
"#;

    fn truth() -> Vec<TruthCommand> {
        commands_from_file(".github/workflows/deploy.yml", WORKFLOW).unwrap()
    }

    fn tools() -> Vec<String> {
        vec!["kubectl".into(), "helm".into()]
    }

    fn doc_with_block(text: &str) -> Document {
        Document {
            path: "docs/deploy.md".into(),
            text: vec![crate::TextSpan {
                text: "Deploy (what the workflow runs):".into(),
                at: Position { line: 8, column: 1 },
            }],
            code_blocks: vec![CodeBlock {
                language: Some("bash".into()),
                text: text.into(),
                at: Position {
                    line: 10,
                    column: 1,
                },
            }],
            ..Document::default()
        }
    }

    fn run(doc: &Document, allow: &[String], cli: Option<&CliSpec>) -> DriftCheck {
        let truth = truth();
        let tools = tools();
        let grammars = crate::drift::grammar::shipped();
        check(
            std::slice::from_ref(doc),
            &CommandRules {
                tools: &tools,
                truth: &truth,
                allow,
                cli,
                grammars: &grammars,
            },
        )
    }

    #[test]
    fn near_misses_that_match_are_not_reported() {
        let doc = doc_with_block(
            "kubectl rollout status deployment/<name> --timeout=10m\n\
             kubectl set image deployment/web app=ghcr.io/acme/app:<sha> --namespace prod\n\
             cd deploy && sudo kubectl get pods -n \"$NS\" | grep web\n\
             helm upgrade --install web ./chart -n staging\n\
             kubectl get pods -n prod",
        );
        let result = run(&doc, &[], None);
        assert_eq!(result.findings, vec![]);
        assert_eq!(result.verified.get("docs/deploy.md"), Some(&5));
    }

    #[test]
    fn a_differing_command_outside_a_pipeline_section_is_not_drift() {
        let mut doc = doc_with_block("kubectl get pods -n prod -o wide");
        doc.text[0].text = "Set up a development cluster:".into();
        let result = run(&doc, &[], None);
        assert_eq!(result.findings, vec![]);
        // the heading says it: the section is the pipeline's
        doc.headings.push(crate::Heading {
            level: 2,
            text: "Deploying from CI".into(),
            anchor: "deploying-from-ci".into(),
            at: Position { line: 7, column: 1 },
        });
        assert_eq!(run(&doc, &[], None).findings.len(), 1);
    }

    #[test]
    fn allow_listed_command_is_not_reported() {
        let doc = doc_with_block("kubectl get pods -n prod -o wide");
        assert_eq!(run(&doc, &[], None).findings.len(), 1);
        let allow = vec!["kubectl get *".to_string()];
        let result = run(&doc, &allow, None);
        assert_eq!(result.findings, vec![]);
        assert_eq!(result.verified.get("docs/deploy.md"), Some(&1));
    }

    #[test]
    fn missing_flag_is_reported_with_the_truth_command() {
        let doc = doc_with_block("# wait for it\nkubectl rollout status deployment/web");
        let result = run(&doc, &[], None);
        assert_eq!(result.findings.len(), 1);
        let f = &result.findings[0];
        assert_eq!(f.kind, FindingKind::UnknownCommand);
        assert_eq!((f.line, f.column), (Some(11), Some(1)));
        assert_eq!(
            f.message,
            "`kubectl rollout status deployment/web` differs from the `kubectl rollout status` the truth files run: `kubectl rollout status deployment/${{ env.APP }} --timeout=10m` (.github/workflows/deploy.yml:21)"
        );
        assert_eq!(
            f.suggestion.as_deref(),
            Some("kubectl rollout status deployment/${{ env.APP }} --timeout=10m")
        );
        assert_eq!(result.verified.get("docs/deploy.md"), Some(&0));
    }

    #[test]
    fn a_subcommand_no_truth_file_runs_is_an_operator_command() {
        let doc = doc_with_block(
            "kubectl rollout restart deployment/web\nhelm install web ./chart -n prod\nkubectl cluster-info",
        );
        let result = run(&doc, &[], None);
        assert_eq!(result.findings, vec![]);
        assert_eq!(result.verified.get("docs/deploy.md"), Some(&3));
    }

    #[test]
    fn a_flag_the_tool_does_not_have_is_an_invalid_command() {
        let doc = doc_with_block(
            "kubectl rollout undo deployment/web --timeout=1m\nkubectl rollout undo deployment/web --to-revision=2\nhelm upgrade web ./chart --atomik",
        );
        let result = run(&doc, &[], None);
        let got: Vec<(FindingKind, Option<u32>, &str, Option<&str>)> = result
            .findings
            .iter()
            .map(|f| (f.kind, f.line, f.message.as_str(), f.suggestion.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    FindingKind::InvalidCommand,
                    Some(10),
                    "`kubectl rollout undo deployment/web --timeout=1m`: unknown flag `--timeout` for `kubectl rollout undo`",
                    None
                ),
                (
                    FindingKind::InvalidCommand,
                    Some(12),
                    "`helm upgrade web ./chart --atomik`: unknown flag `--atomik` for `helm upgrade`",
                    Some("--atomic")
                ),
            ]
        );
        // a grammar-checked tool need not be listed in `tools`
        let truth = truth();
        let grammars = crate::drift::grammar::shipped();
        let doc = doc_with_block("gh run view <run-id> --logs\ngh run view <run-id> --log");
        let result = check(
            std::slice::from_ref(&doc),
            &CommandRules {
                tools: &[],
                truth: &truth,
                allow: &[],
                cli: None,
                grammars: &grammars,
            },
        );
        assert_eq!(result.findings.len(), 1);
        assert_eq!(result.findings[0].suggestion.as_deref(), Some("--log"));
        assert_eq!(result.verified.get("docs/deploy.md"), Some(&1));
    }

    #[test]
    fn commands_inside_substitutions_count_on_both_sides() {
        let doc = doc_with_block("kubectl get pods -l app=web -o name");
        assert!(run(&doc, &[], None).findings.is_empty());
        let doc = doc_with_block("echo \"$(kubectl get pods -l app=web -o json)\"");
        let result = run(&doc, &[], None);
        assert_eq!(result.findings.len(), 1);
        assert!(result.findings[0]
            .message
            .starts_with("`kubectl get pods -l app=web -o json` differs from the `kubectl get`"));
        assert_eq!(
            result.findings[0].suggestion.as_deref(),
            Some("kubectl get pods -l app=${{ env.APP }} -o name")
        );
    }

    #[test]
    fn flag_values_with_or_without_equals_sign() {
        let doc = doc_with_block("kubectl rollout status deployment/web --timeout 10m");
        assert!(run(&doc, &[], None).findings.is_empty());
        let doc = doc_with_block(
            "kubectl set image deployment/web app=ghcr.io/acme/app:v2 --namespace=prod",
        );
        assert!(run(&doc, &[], None).findings.is_empty());
        let doc = doc_with_block("kubectl rollout status deployment/web --timeout 5m");
        assert_eq!(run(&doc, &[], None).findings.len(), 1);
        // `app=web` is not a flag: it is not split.
        assert_eq!(split_long_flag("app=web"), vec!["app=web"]);
        assert_eq!(
            split_long_flag("--label=\"a=b\""),
            vec!["--label", "\"a=b\""]
        );
    }

    #[test]
    fn markdown_document_end_to_end() {
        let source = "# Deploy\n\nRun `kubectl rollout status deployment/web` to wait.\n\n\
                      - Then:\n\n  ```console\n  $ kubectl get pods -n prod\n  NAME READY\n  $ kubectl delete pod web-1\n  ```\n";
        let doc = crate::markdown::parse("docs/deploy.md", source);
        let result = run(&doc, &[], None);
        let got: Vec<(Option<u32>, Option<u32>)> =
            result.findings.iter().map(|f| (f.line, f.column)).collect();
        // `kubectl delete` is run by no truth file: an operator command, valid for kubectl
        assert_eq!(got, vec![(Some(3), Some(6))]);
        assert_eq!(result.verified.get("docs/deploy.md"), Some(&2));
    }

    #[test]
    fn trailing_dots_are_not_a_wildcard() {
        let doc = doc_with_block("kubectl rollout status ...");
        assert_eq!(run(&doc, &[], None).findings.len(), 1);
    }

    #[test]
    fn other_programs_and_prose_mentions_are_ignored() {
        let mut doc = doc_with_block("make deploy\nnpm ci");
        doc.inline_code = vec![
            InlineCode {
                text: "kubectl".into(),
                at: Position { line: 2, column: 5 },
            },
            InlineCode {
                text: "kubectl rollout status deployment/web".into(),
                at: Position { line: 3, column: 7 },
            },
        ];
        let result = run(&doc, &[], None);
        assert_eq!(result.findings.len(), 1);
        assert_eq!(result.findings[0].line, Some(3));
        assert_eq!(result.findings[0].column, Some(7));
    }

    fn cli() -> CliSpec {
        let format = FlagSpec {
            long: Some("format".into()),
            short: None,
            takes_value: true,
            optional_value: false,
        };
        CliSpec {
            name: "shipgate".into(),
            flags: vec![format.clone()],
            positionals: false,
            aliases: vec![],
            any_flag: false,
            subcommands: vec![CliSpec {
                name: "tests".into(),
                flags: vec![
                    format,
                    FlagSpec {
                        long: Some("junit".into()),
                        short: None,
                        takes_value: true,
                        optional_value: false,
                    },
                ],
                subcommands: vec![],
                positionals: false,
                aliases: vec![],
                any_flag: false,
            }],
        }
    }

    #[test]
    fn shipgate_commands_are_checked_against_the_cli() {
        let doc = doc_with_block(
            "shipgate tests --junit 'reports/*.xml' --format json\n\
             shipgate tests --junit <path>\n\
             shipgate tests [--junit GLOB]... [--format human|json]\n\
             shipgate tests --junitt reports/a.xml\n\
             shipgate test",
        );
        let cli = cli();
        let result = run(&doc, &[], Some(&cli));
        let got: Vec<(&str, Option<&str>)> = result
            .findings
            .iter()
            .map(|f| (f.message.as_str(), f.suggestion.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "`shipgate tests --junitt reports/a.xml`: unknown flag `--junitt` for `shipgate tests`",
                    Some("--junit")
                ),
                ("`shipgate test`: unknown subcommand `test` for `shipgate`", Some("tests")),
            ]
        );
        assert_eq!(result.verified.get("docs/deploy.md"), Some(&3));
        // Without a CLI and with shipgate not a tool, shipgate commands are not checked.
        let result = run(&doc, &[], None);
        assert!(result.findings.is_empty());
    }

    #[test]
    fn shipgate_as_a_tool_uses_the_cli_not_the_truth_files() {
        let truth = truth();
        let tools = vec!["shipgate".to_string()];
        let cli = cli();
        let doc = doc_with_block("shipgate tests --junit a.xml");
        let result = check(
            std::slice::from_ref(&doc),
            &CommandRules {
                tools: &tools,
                truth: &truth,
                allow: &[],
                cli: Some(&cli),
                grammars: &[],
            },
        );
        assert!(result.findings.is_empty());
        let result = check(
            std::slice::from_ref(&doc),
            &CommandRules {
                tools: &tools,
                truth: &truth,
                allow: &[],
                cli: None,
                grammars: &[],
            },
        );
        // no truth file runs shipgate: an operator command, not drift
        assert!(result.findings.is_empty());
    }

    #[test]
    fn one_line_doc_matches_multi_line_truth() {
        let doc = doc_with_block(
            "kubectl set image deployment/<app> app=<image> --namespace \"$NAMESPACE\"",
        );
        assert!(run(&doc, &[], None).findings.is_empty());
        // and a doc command split over lines matches too
        let doc = doc_with_block(
            "kubectl set image deployment/web \\\n  app=ghcr.io/acme/app:abc123 \\\n  --namespace prod",
        );
        assert!(run(&doc, &[], None).findings.is_empty());
    }

    #[test]
    fn patterns_meet_on_either_side() {
        let p = word_pattern;
        assert!(patterns_meet(
            &p("deployment/<name>"),
            &p("deployment/${{ env.APP }}")
        ));
        assert!(patterns_meet(&p("--namespace=$NS"), &p("--namespace=prod")));
        assert!(patterns_meet(&p("\"$(cat v)\"-x"), &p("1.2-x")));
        assert!(!patterns_meet(&p("deployment/<name>"), &p("service/web")));
        assert!(patterns_meet(&p("a<x>"), &p("<y>b<z>c")));
        assert!(!patterns_meet(&p("a<x>d"), &p("<y>b<z>c")));
        assert!(!patterns_meet(&p("a$X"), &p("b$Y")));
        assert!(!patterns_meet(&p("--timeout=10m"), &p("--timeout=5m")));
        assert!(patterns_meet(&p("'--timeout=10m'"), &p("--timeout=10m")));
        assert!(patterns_meet(
            &allow_pattern("kubectl get *"),
            &joined_pattern(&[p("kubectl"), p("get"), p("pods")])
        ));
        assert!(!patterns_meet(
            &allow_pattern("kubectl get *"),
            &joined_pattern(&[p("kubectl"), p("delete"), p("pods")])
        ));
    }

    proptest! {
        #[test]
        fn matching_never_panics(a in "\\PC{0,40}", b in "\\PC{0,40}") {
            let (wa, wb) = (word_pattern(&a), word_pattern(&b));
            // meeting is symmetric, and a pattern meets itself
            prop_assert_eq!(patterns_meet(&wa, &wb), patterns_meet(&wb, &wa));
            prop_assert!(patterns_meet(&wa, &wa));
            let aa = allow_pattern(&a);
            prop_assert_eq!(patterns_meet(&aa, &wb), patterns_meet(&wb, &aa));
            if a == b {
                prop_assert!(patterns_meet(&wa, &wb));
            }
        }

        #[test]
        fn check_never_panics(text in "\\PC{0,120}") {
            let doc = doc_with_block(&text);
            let cli = cli();
            let allow = ["kubectl *".to_string()];
            let result = run(&doc, &allow, Some(&cli));
            // the block starts at line 10
            let lines = 10 + crate::drift::properties::line_count(&text);
            crate::drift::properties::check_properties(
                &doc,
                lines,
                FindingKind::UnknownCommand,
                &result,
                &run(&doc, &allow, Some(&cli)),
            )?;
            for f in &result.findings {
                // every kubectl command is allowed: what is reported is shipgate's own
                prop_assert!(f.message.contains("shipgate"), "{}", f.message);
            }
        }

        #[test]
        fn a_command_always_matches_itself(words in proptest::collection::vec("[a-z$<>{}/=-]{1,8}", 1..6)) {
            let a: Vec<Vec<Piece>> = words.iter().map(|w| word_pattern(w)).collect();
            prop_assert!(words_match(&a, &a));
        }
    }
}
