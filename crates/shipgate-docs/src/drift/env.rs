//! `unknown-env`: environment variables the documents name that no truth file sets or
//! reads.
//!
//! A name (`[A-Z][A-Z0-9_]*`, two characters or more) counts as an environment variable
//! when code (a code block line or an inline code span; mermaid blocks excepted) shows it
//! as one:
//!
//! - `$NAME`, `${NAME}`, `${NAME:-default}` (and the other `${NAME...}` expansions);
//! - `${{ secrets.NAME }}`, `${{ vars.NAME }}`, `${{ env.NAME }}` expressions;
//! - `NAME=` at the start of a shell word (`DATABASE_URL=postgres://... ./run`,
//!   `export NAME=1`, `docker run -e NAME=1`), except in blocks of a programming language
//!   (`python`, `rust`, `js`, ...) where `NAME=` is an assignment; `ENV NAME`/`ARG NAME`
//!   in Dockerfile blocks;
//! - an inline code span that is exactly the name, when the name has an underscore
//!   (`DATABASE_URL`; not `GET`, `JSON`, `TODO`, nor acronyms such as `SHA256`) and the
//!   section it is in (heading to heading) speaks of the environment (`environment`,
//!   `env`, `envvar` in its heading or prose): elsewhere `USE_SABI` or `UPPER_SNAKE_CASE`
//!   is a CMake option or a naming rule.
//!
//! A name is looked up in [`EnvTruth`]: set or read, named as a word, or built from a
//! prefix the truth files use. Names [`super::env_builtin`] lists (the shell's, the CI
//! runner's, well-known programs', example names) and the rules' `ignore` list (`*`
//! wildcards allowed) are never reported, nor the snippet's own variables (a shell code block, or an inline code
//! span, read with [`shipgate_workflow::shell::assigned_names`]): a name it assigns with `for`,
//! `select`, `read`, `mapfile`, `getopts`, `printf -v`, `local`, `declare`, `typeset` or
//! `readonly`, or sets (`NAME=`, `NAME+=`, `export NAME=`). A snippet that sets a name
//! shows the reader setting it, for whatever program reads it next
//! (`BUILD_TIME="$(date)" ./build`); it is checked where a document reads it (`$NAME`) or
//! names it without setting it.
//!
//! Not references: `${NAME}` in a CMake block (a CMake variable; `$ENV{NAME}` is one),
//! `NAME=` in a configuration block (`toml`, `ini`, ...: a key), a name followed by `<`,
//! `{` or `*` (`SKBUILD_<SETTING>`, a pattern), and `${{ secrets.NAME }}`/`${{ vars.NAME }}`
//! when no truth file is a workflow (where else would a secret be looked up).
//! `secrets.GITHUB_TOKEN` is provided to every workflow run.
//!
//! Only the project's own names are drift. Documents also name other programs' variables
//! (a plugin's token, a CI service's secret, the compiler's flags), which no truth file of
//! the project can know. A name no truth file knows is reported when it is the project's:
//!
//! - with a namespace (`namespace:` patterns in the config, or else the one the truth
//!   files show, [`EnvTruth::namespace`]: `CIBW_` when the code reads `CIBW_BUILD`,
//!   `CIBW_SKIP` and `CIBW_ARCHS`), a name is the project's when it is in it;
//! - without one, every name is the project's except those named in a prose block (a
//!   paragraph, a whole list, a table; a list with the paragraph that introduces it) that
//!   links to another site: `Verify the presence of the ATOM_ACCESS_TOKEN variable` in the
//!   list item of a linked plugin, `Add the SSH_PASSPHRASE variable to [Travis](...)`. A
//!   name the documents give to another program that way is that program's throughout
//!   them (a recipe's code blocks that read it, another page that names it, included);
//! - and, either way, a plausible typo of a known name (the finding suggests it).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::env_builtin::is_builtin;
use super::outcome::DriftCheck;
use super::sections::Sections;
use super::snippets::{snippets, Snippet, SnippetKind};
use super::wildcard::wildcard_match;
use crate::truth::{upper_case_words, EnvTruth};
use crate::{Document, Finding, FindingKind};
use shipgate_core::nearest::{nearest, typo_distance};

/// What the environment check compares the documents with.
#[derive(Debug, Clone, Copy)]
pub struct EnvRules<'a> {
    /// What the truth files say about variables.
    pub truth: &'a EnvTruth,
    /// Names never reported, `*` matching any run of characters (`AWS_*`).
    pub ignore: &'a [String],
    /// Which names are the project's.
    pub namespace: &'a Namespace,
}

/// Which names are the project's: the configured patterns, or else the first words the
/// truth's names share. Made once per run, not per document.
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    configured: Vec<String>,
    derived: BTreeSet<String>,
}

/// Whose a name no truth file knows is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    /// The project's: reported.
    Project,
    /// Another program's: not checked.
    Other,
    /// Not known until every document has said whether it gives the name away.
    Unsettled,
}

impl Namespace {
    /// `configured` patterns (`APP_*`; `*` for all; empty: derived from `truth`).
    pub fn new(configured: &[String], truth: &EnvTruth) -> Namespace {
        Namespace {
            configured: configured.iter().map(|p| p.trim().to_string()).collect(),
            derived: truth.namespace(is_builtin),
        }
    }

    /// Whether the project has a namespace at all.
    fn exists(&self) -> bool {
        !self.configured.is_empty() || !self.derived.is_empty()
    }

    /// Whose `name` is, when the documents checked so far give `foreign` away.
    fn whose(&self, name: &str, foreign: &BTreeSet<String>) -> Whose {
        let owns = if !self.configured.is_empty() {
            self.configured.iter().any(|p| wildcard_match(p, name))
        } else if !self.derived.is_empty() {
            self.derived.iter().any(|w| name.starts_with(w.as_str()))
        } else if foreign.contains(name) {
            return Whose::Other;
        } else {
            return Whose::Unsettled;
        };
        if owns {
            Whose::Project
        } else {
            Whose::Other
        }
    }
}

/// Code block languages in which `NAME=` is a program's assignment or a configuration key,
/// not an environment variable.
const PROGRAM_LANGUAGES: &[&str] = &[
    "python",
    "py",
    "python3",
    "rust",
    "rs",
    "go",
    "golang",
    "js",
    "javascript",
    "jsx",
    "ts",
    "typescript",
    "tsx",
    "java",
    "kotlin",
    "kt",
    "scala",
    "c",
    "cpp",
    "c++",
    "h",
    "hpp",
    "cs",
    "csharp",
    "ruby",
    "rb",
    "php",
    "swift",
    "sql",
    "json",
    "json5",
    "jsonc",
    "html",
    "xml",
    "css",
    "scss",
    "graphql",
    "gql",
    "proto",
    "lua",
    "r",
    "perl",
    "pl",
    "haskell",
    "hs",
    "elixir",
    "ex",
    "erlang",
    "clojure",
    "dart",
    "zig",
    "nim",
    "mermaid",
    // configuration, where `NAME=` is a key
    "toml",
    "ini",
    "cfg",
    "conf",
    "properties",
    "cmake",
];

/// Words of a section that speaks of environment variables, where a bare `NAME` in
/// inline code is one.
const ENV_WORDS: &[&str] = &["environment", "env", "envvar", "envvars", "env-var"];

/// A pattern compiled on first use; `None` only if it were invalid (a test forces all).
type Pattern = LazyLock<Option<Regex>>;

static EXPRESSION: Pattern = LazyLock::new(|| Regex::new(r"\$\{\{([^}]*)\}\}").ok());
static CONTEXT_NAME: Pattern =
    LazyLock::new(|| Regex::new(r"\b(?:secrets|vars|env)\.([A-Z][A-Z0-9_]+)\b").ok());
static BRACED: Pattern = LazyLock::new(|| Regex::new(r"\$\{#?([A-Z][A-Z0-9_]+)").ok());
static PLAIN: Pattern = LazyLock::new(|| Regex::new(r"\$([A-Z][A-Z0-9_]+)").ok());
static ASSIGN: Pattern = LazyLock::new(|| {
    Regex::new(r#"(?:^|[\s;(|`'"])(?:(?:export|env|set|readonly)\s+)?([A-Z][A-Z0-9_]+)="#).ok()
});
static CMAKE_ENV: Pattern = LazyLock::new(|| Regex::new(r"\$ENV\{([A-Z][A-Z0-9_]+)\}").ok());
static DOCKER: Pattern = LazyLock::new(|| Regex::new(r"^\s*(?:ENV|ARG)\s+([A-Z][A-Z0-9_]+)").ok());

/// Every variable the documents name is looked up in the truth; those missing (and not
/// ignored) are `unknown-env` findings at the reference (the `$` of `$NAME`/`${NAME}`,
/// the name otherwise), with the nearest known name when it is a plausible typo.
///
/// Where the project has no namespace, a name's finding waits in
/// [`DriftCheck::unless_foreign`] for the other documents to say whether it is another
/// program's ([`DriftCheck::settle`]).
pub fn check(docs: &[Document], rules: &EnvRules<'_>) -> DriftCheck {
    let mut out = DriftCheck::default();
    // the names these documents give to other programs (others may give more)
    let foreign: BTreeSet<String> = if rules.namespace.exists() {
        BTreeSet::new()
    } else {
        docs.iter().flat_map(foreign_names).collect()
    };
    let known = match rules.truth.len() {
        0 => "no variables known".to_string(),
        1 => "1 variable known".to_string(),
        n => format!("{n} variables known"),
    };
    for doc in docs {
        out.checked(&doc.path);
        let blocks: Vec<BlockLocals> = doc.code_blocks.iter().map(BlockLocals::of).collect();
        let sections = std::cell::OnceCell::new();

        for snippet in snippets(doc) {
            let inline: std::cell::OnceCell<BTreeSet<String>> = std::cell::OnceCell::new();
            // the snippet's own variables, read only when a name is not known otherwise
            let is_local = |name: &str| match snippet.kind {
                SnippetKind::InlineCode => {
                    inline.get_or_init(|| locals(&snippet.text)).contains(name)
                }
                // blocks are in document order: the one starting last at or before the line
                _ => {
                    let after = blocks.partition_point(|b| b.first <= snippet.at.line);
                    after
                        .checked_sub(1)
                        .and_then(|i| blocks.get(i))
                        .filter(|b| b.contains(&snippet))
                        .is_some_and(|b| b.names().contains(name))
                }
            };
            for (offset, name) in references(&snippet, rules.truth.workflows) {
                if rules.truth.knows(&name).is_some() {
                    out.verify(&doc.path);
                    continue;
                }
                if is_ignored(&name, rules.ignore) {
                    continue;
                }
                if is_local(&name) {
                    continue;
                }
                let bare = snippet.kind == SnippetKind::InlineCode && snippet.text.trim() == name;
                if bare
                    && !sections
                        .get_or_init(|| Sections::of(doc))
                        .speaks_of(snippet.at.line, ENV_WORDS)
                {
                    continue;
                }
                let max = typo_distance(name.chars().count()).min(2);
                let suggestion = nearest(&name, rules.truth.read.iter().map(String::as_str), max);
                // a plausible typo of a known name is the project's either way
                let whose = match suggestion {
                    Some(_) => Whose::Project,
                    None => rules.namespace.whose(&name, &foreign),
                };
                if whose == Whose::Other {
                    continue;
                }
                let at = snippet.position(offset);
                let mut finding = Finding::at(
                    FindingKind::UnknownEnv,
                    &doc.path,
                    at.line,
                    at.column,
                    format!("`{name}` is not set or read by any truth file ({known})"),
                );
                if let Some(s) = suggestion {
                    finding = finding.suggest(s);
                }
                if whose == Whose::Unsettled {
                    out.unless_foreign.push((name, finding));
                } else {
                    out.findings.push(finding);
                }
            }
        }
    }
    out.foreign = foreign;
    out
}

/// The names a document gives to other programs: those of its inline code in prose blocks
/// that link to another site (a list counts with the paragraph that introduces it).
fn foreign_names(doc: &Document) -> BTreeSet<String> {
    // links are in document order: those of a block are one run of them
    let links_away = |b: &crate::ProseBlock| {
        let from = doc.links.partition_point(|l| l.at.line < b.first);
        doc.links
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|l| l.at.line <= b.last)
            .any(crate::Link::is_web)
    };
    let linking: Vec<bool> = doc.blocks.iter().map(links_away).collect();
    let foreign: Vec<bool> = doc
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let at = |j: usize| linking.get(j).copied().unwrap_or(false);
            let intro = i
                .checked_sub(1)
                .and_then(|j| doc.blocks.get(j).map(|p| (j, p)))
                .is_some_and(|(j, p)| !p.list && p.last.saturating_add(2) >= b.first && at(j));
            at(i) || (b.list && intro)
        })
        .collect();
    let mut out = BTreeSet::new();
    for code in &doc.inline_code {
        let given = doc
            .block_at(code.at.line)
            .is_some_and(|(i, _)| foreign.get(i).copied().unwrap_or(false));
        if given {
            out.extend(upper_case_words(&code.text).map(str::to_string));
        }
    }
    out
}

/// The own variables of one code block, and the lines it covers.
struct BlockLocals {
    first: u32,
    last: u32,
    language: Option<String>,
    text: String,
    program: bool,
    /// Read with the shell reader only when the block names a variable to look up.
    names: std::cell::OnceCell<BTreeSet<String>>,
}

impl BlockLocals {
    fn of(block: &crate::CodeBlock) -> BlockLocals {
        let lines = u32::try_from(block.text.split('\n').count()).unwrap_or(u32::MAX);
        let program = block
            .language
            .as_deref()
            .is_some_and(|l| PROGRAM_LANGUAGES.contains(&l.to_ascii_lowercase().as_str()));
        BlockLocals {
            first: block.at.line,
            last: block.at.line.saturating_add(lines.saturating_sub(1)),
            language: block.language.clone(),
            text: block.text.clone(),
            program,
            names: std::cell::OnceCell::new(),
        }
    }

    fn names(&self) -> &BTreeSet<String> {
        self.names.get_or_init(|| {
            if self.program {
                return BTreeSet::new();
            }
            let yaml = matches!(self.language.as_deref(), Some("yaml" | "yml"));
            // `$ ` prompts and, in YAML, the `key:` before a value are not the shell's
            let script: Vec<&str> = self
                .text
                .split('\n')
                .map(|line| {
                    let line = line.trim_start();
                    let line = line.strip_prefix("$ ").unwrap_or(line);
                    if yaml {
                        yaml_value(line)
                    } else {
                        line
                    }
                })
                .collect();
            locals(&script.join("\n"))
        })
    }

    fn contains(&self, snippet: &Snippet<'_>) -> bool {
        snippet.kind == SnippetKind::CodeLine
            && (self.first..=self.last).contains(&snippet.at.line)
            && snippet.language == self.language.as_deref()
    }
}

/// The value of a YAML line `key: value` or `- key: value` (the line itself otherwise).
fn yaml_value(line: &str) -> &str {
    let item = line.strip_prefix("- ").unwrap_or(line);
    match item.split_once(": ") {
        Some((key, value))
            if !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) =>
        {
            value
        }
        _ => line,
    }
}

/// The variables a snippet of shell assigns itself (`NAME=`, `export NAME=`, `for`,
/// `read`, `local`, ...): its own, whoever else reads them.
fn locals(script: &str) -> BTreeSet<String> {
    let assigned = shipgate_workflow::shell::assigned_names(script);
    let mut out = assigned.shell;
    out.extend(assigned.set);
    out
}

/// Whether `name` is [built in](is_builtin) or matches one of the `ignore` patterns.
fn is_ignored(name: &str, ignore: &[String]) -> bool {
    is_builtin(name) || ignore.iter().any(|p| wildcard_match(p.trim(), name))
}

/// The variables one snippet names, as (byte offset of the reference, name), in order.
fn references(snippet: &Snippet<'_>, workflows: bool) -> Vec<(usize, String)> {
    let code = match snippet.kind {
        SnippetKind::Text => return Vec::new(),
        SnippetKind::InlineCode => true,
        SnippetKind::CodeLine => snippet.language != Some("mermaid"),
    };
    if !code {
        return Vec::new();
    }
    let text = snippet.text.as_str();
    let language = snippet.language.map(str::to_ascii_lowercase);
    let mut out: Vec<(usize, String)> = Vec::new();
    for c in captures(&EXPRESSION, text) {
        let Some(inner) = c.get(1) else { continue };
        for n in captures(&CONTEXT_NAME, inner.as_str()) {
            let (Some(all), Some(name)) = (n.get(0), n.get(1)) else {
                continue;
            };
            let repository = !all.as_str().starts_with("env.");
            if repository && (!workflows || all.as_str() == "secrets.GITHUB_TOKEN") {
                continue;
            }
            out.push((inner.start() + name.start(), name.as_str().to_string()));
        }
    }
    let reads: &[&'static Pattern] = if language.as_deref() == Some("cmake") {
        &[&CMAKE_ENV]
    } else {
        &[&BRACED, &PLAIN]
    };
    for pattern in reads {
        for c in captures(pattern, text) {
            let (Some(all), Some(name)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let escaped = text.get(..all.start()).is_some_and(|h| h.ends_with('\\'));
            if !escaped && !followed_by_lowercase(text, name.end()) && !is_pattern(text, name.end())
            {
                out.push((all.start(), name.as_str().to_string()));
            }
        }
    }
    let program = language
        .as_deref()
        .is_some_and(|l| PROGRAM_LANGUAGES.contains(&l));
    if !program {
        for c in captures(&ASSIGN, text) {
            let Some(name) = c.get(1) else { continue };
            if text
                .get(name.end() + 1..)
                .is_some_and(|t| t.starts_with('='))
            {
                continue;
            }
            out.push((name.start(), name.as_str().to_string()));
        }
    }
    if matches!(
        language.as_deref(),
        Some("dockerfile" | "docker" | "containerfile")
    ) {
        for name in captures(&DOCKER, text).filter_map(|c| c.get(1)) {
            out.push((name.start(), name.as_str().to_string()));
        }
    }
    if snippet.kind == SnippetKind::InlineCode {
        let trimmed = text.trim();
        let lead = text.len() - text.trim_start().len();
        if is_bare_name(trimmed) {
            out.push((lead, trimmed.to_string()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `DATABASE_URL`: upper case, digits and underscores, with at least one underscore.
fn is_bare_name(s: &str) -> bool {
    s.len() >= 2
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && s.contains('_')
        && !s.ends_with('_')
}

/// Whether the name ending at byte `end` is a pattern: `SKBUILD_<SETTING>`, `APP_{key}`,
/// `CIBW_*`.
fn is_pattern(text: &str, end: usize) -> bool {
    text.get(end..)
        .is_some_and(|t| t.starts_with(['<', '{', '*']))
}

/// Whether a lower-case letter follows byte `end` (`$HOMEdir` is not `$HOME`).
fn followed_by_lowercase(text: &str, end: usize) -> bool {
    text.get(end..)
        .and_then(|t| t.chars().next())
        .is_some_and(|c| c.is_ascii_lowercase())
}

fn captures<'t>(
    pattern: &'static Pattern,
    text: &'t str,
) -> impl Iterator<Item = regex::Captures<'t>> {
    pattern
        .as_ref()
        .into_iter()
        .flat_map(move |re| re.captures_iter(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;
    use proptest::prelude::*;

    /// The check over these documents alone, settled.
    fn check(docs: &[Document], rules: &EnvRules<'_>) -> DriftCheck {
        super::check(docs, rules).settled()
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn run(
        markdown: &str,
        truth: &[&str],
        ignore: &[&str],
    ) -> Vec<(u32, u32, String, Option<String>)> {
        let doc = parse("docs/config.md", markdown);
        let truth = EnvTruth {
            workflows: true,
            ..EnvTruth::from_names(set(truth))
        };
        let ignore: Vec<String> = ignore.iter().map(|s| s.to_string()).collect();
        check(
            &[doc],
            &EnvRules {
                truth: &truth,
                ignore: &ignore,
                namespace: &Namespace::new(&[], &truth),
            },
        )
        .findings
        .into_iter()
        .map(|f| (f.line.unwrap(), f.column.unwrap(), f.message, f.suggestion))
        .collect()
    }

    fn names(findings: &[(u32, u32, String, Option<String>)]) -> Vec<String> {
        findings
            .iter()
            .map(|(_, _, m, _)| m.split('`').nth(1).unwrap().to_string())
            .collect()
    }

    #[test]
    fn patterns_compile() {
        for p in [
            &EXPRESSION,
            &CONTEXT_NAME,
            &BRACED,
            &PLAIN,
            &ASSIGN,
            &DOCKER,
        ] {
            assert!(p.is_some());
        }
    }

    #[test]
    fn reference_forms() {
        let md = "```bash\nexport A_SET=1\nB_RUN=2 ./x ${C_DEF:-none} $D_PLAIN \"${E_BRACE}\"\ndocker run -e F_OPT=1 img\n```\n\n\
                  Environment: `G_BARE` and `${{ secrets.H_SECRET }}` and `${{ vars.I_VAR || env.J_ENV }}`\n";
        let found = run(md, &[], &[]);
        assert_eq!(
            names(&found),
            [
                // `A_SET` and `B_RUN` are set by the snippet: the reader's own
                "C_DEF", "D_PLAIN", "E_BRACE", "F_OPT", "G_BARE", "H_SECRET", "I_VAR", "J_ENV"
            ]
        );
        let at: Vec<(u32, u32)> = found.iter().map(|(l, c, _, _)| (*l, *c)).collect();
        assert_eq!(
            at,
            [
                (3, 13),
                (3, 28),
                (3, 38),
                (4, 15),
                (7, 15),
                (7, 40),
                (7, 67),
                (7, 80)
            ]
        );
    }

    #[test]
    fn repository_secrets_are_looked_up_only_in_workflows() {
        let md = "`${{ secrets.H_SECRET }}` `${{ vars.I_VAR }}` `${{ env.J_ENV }}` \
                  `${{ secrets.GITHUB_TOKEN }}`\n";
        let doc = parse("docs/ci.md", md);
        let mut truth = EnvTruth::default();
        let found = |truth: &EnvTruth| {
            let rules = EnvRules {
                truth,
                ignore: &[],
                namespace: &Namespace::new(&[], truth),
            };
            let names: Vec<String> = check(std::slice::from_ref(&doc), &rules)
                .findings
                .into_iter()
                .map(|f| f.message.split('`').nth(1).unwrap().to_string())
                .collect();
            names
        };
        assert_eq!(found(&truth), ["J_ENV"]);
        truth.workflows = true;
        assert_eq!(found(&truth), ["H_SECRET", "I_VAR", "J_ENV"]);
    }

    #[test]
    fn patterns_cmake_and_configuration_are_not_references() {
        let md = "`SKBUILD_<SETTING>` `${SKBUILD_<TREE>_DIR}` `$APP_{key}` `CIBW_*`\n\n\
                  ```cmake\nset(OUT ${PROJECT_VERSION})\nmessage($ENV{OUT_DIR_ENV})\n```\n\n\
                  ```toml\nenvironment = { BUILD_TIME=\"$(date)\" }\n```\n\n\
                  ```yaml\nrun: echo $BUILD_FLAG\n```\n";
        assert_eq!(names(&run(md, &[], &[])), ["OUT_DIR_ENV", "BUILD_FLAG"]);
    }

    #[test]
    fn known_by_mention_or_prefix_and_builtin_names() {
        let doc = parse(
            "docs/a.md",
            "Environment: `APP_MODE` `CIBW_SKIP` `CFLAGS` `MY_ENV_VAR` `GONE_VAR`\n",
        );
        let mut truth = EnvTruth::default();
        truth
            .add_file("src/c.py", "MODE = 'APP_MODE'\nkey = f\"CIBW_{name}\"\n")
            .unwrap();
        let found = |namespace: &[String]| {
            let result = check(
                std::slice::from_ref(&doc),
                &EnvRules {
                    truth: &truth,
                    ignore: &[],
                    namespace: &Namespace::new(namespace, &truth),
                },
            );
            assert_eq!(result.verified.get("docs/a.md"), Some(&2));
            result
                .findings
                .iter()
                .map(|f| f.message.split('`').nth(1).unwrap_or_default().to_string())
                .collect::<Vec<String>>()
        };
        // the truth's namespace is CIBW_ (a prefix it builds names from): GONE_VAR is
        // another program's
        assert!(found(&[]).is_empty());
        // every name the project's
        assert_eq!(found(&["*".to_string()]), ["GONE_VAR"]);
        assert!(found(&["APP_*".to_string()]).is_empty());
    }

    #[test]
    fn without_a_namespace_names_given_to_other_programs_are_not_checked() {
        let md = "# Setup\n\nThe [apm](https://example.com/apm) plugin checks the environment \
                  variable `ATOM_TOKEN`.\n\nAdd these [variables](https://ci.example/env) to CI:\n\n\
                  - `SSL_PASS` - your passphrase\n- `REPO_KEY`\n\n\
                  ```yaml\nrun: openssl -K $REPO_KEY\n```\n\n\
                  Set `OWN_TOKEN` for this service's environment; see [setup](setup.md).\n";
        let doc = parse("docs/a.md", md);
        let other = parse("docs/b.md", "Environment: `ATOM_TOKEN` and `B_ONLY`\n");
        let truth = EnvTruth::from_names(set(&["API_TOKEN"]));
        let rules = EnvRules {
            truth: &truth,
            ignore: &[],
            namespace: &Namespace::new(&[], &truth),
        };
        let all = [doc, other];
        let names_of = |r: &DriftCheck| -> Vec<String> {
            r.findings
                .iter()
                .map(|f| f.message.split('`').nth(1).unwrap().to_string())
                .collect()
        };
        // together: the names a linking block gives away are not checked anywhere
        assert_eq!(names_of(&check(&all, &rules)), ["OWN_TOKEN", "B_ONLY"]);
        // one document at a time: b.md's ATOM_TOKEN waits for the other documents
        let alone = super::check(&all[1..], &rules);
        assert!(alone.findings.is_empty());
        assert_eq!(alone.unless_foreign.len(), 2);
        let given = super::check(&all[..1], &rules).foreign;
        assert!(
            given.contains("ATOM_TOKEN") && given.contains("REPO_KEY"),
            "{given:?}"
        );
        let mut settled = alone;
        settled.settle(&given);
        assert_eq!(names_of(&settled), ["B_ONLY"]);
    }

    #[test]
    fn a_bare_name_is_a_variable_only_where_the_section_speaks_of_the_environment() {
        let md = "# CMake\n\nSet `USE_SABI` for `UPPER_SNAKE_CASE` constants; `$SHELL_REF`.\n\n\
                  # Deploy\n\nThe job's env needs `DEPLOY_KEY`.\n\n\
                  # Settings\n\nAlso `LOG_LEVEL`.\n\nThese are environment variables.\n";
        assert_eq!(
            names(&run(md, &[], &[])),
            ["SHELL_REF", "DEPLOY_KEY", "LOG_LEVEL"]
        );
    }

    #[test]
    fn prompts_and_yaml_values_set_variables_too() {
        let md = "```console\n$ ZMQ_PREFIX=/opt/zmq pip install .\n```\n\n\
                  ```yaml\nCIBW_ENVIRONMENT: BUILD_TIME=\"$(date)\"\n- run: OTHER=1 make\n```\n\n\
                  ```yaml\nrun: echo $STILL_READ\n```\n";
        assert_eq!(names(&run(md, &["CIBW_ENVIRONMENT"], &[])), ["STILL_READ"]);
    }

    #[test]
    fn near_misses_are_not_reported() {
        let md = "Not variables: `GET`, `JSON`, `TODO`, `YAML`, `SHA256`, `_X`, `A`.\n\n\
                  Prose DATABASE_URL and $PROSE_VAR are not code.\n\n\
                  ```python\nMAX_SIZE=5\n```\n\n\
                  ```bash\necho \\$ESCAPED_VAR $HOMEdir ${Lower} $HOME ${GITHUB_SHA} $EDITOR\nif [ \"$X\" == y ]; then :; fi\n```\n\n\
                  ```mermaid\ngraph TD\n  A[$MERMAID_VAR]\n```\n\n\
                  `${PORT:-8080}` `AWS_REGION`\n";
        assert_eq!(run(md, &["PORT"], &["EDITOR", "AWS_*"]), []);
    }

    #[test]
    fn shell_local_variables_are_not_reported() {
        let md = "```bash\nSTART_TIME=$(date +%s)\n./deploy\nEND_TIME=$(date +%s)\n\
                  DURATION=$((END_TIME-START_TIME))\necho \"took ${DURATION}s\"\n\
                  for POD in $(kubectl get pods -o name); do kubectl logs $POD; done\n\
                  while read -r NAME VALUE; do echo \"$NAME=$VALUE\"; done < f\n\
                  f() { local COUNT=0; COUNT+=1; echo $COUNT; }\nexport TAG=v1; echo $TAG\n```\n\n\
                  `for X_ITEM in a b; do echo $X_ITEM; done`\n\n\
                  ```bash\necho $POD\nSET_ONLY=1 ./run\nexport ALSO_SET=1\n```\n";
        // a name another block assigns stays checked
        assert_eq!(names(&run(md, &[], &[])), ["POD"]);
    }

    #[test]
    fn message_and_suggestion() {
        let found = run("Use `$API_TOKN`.\n", &["API_TOKEN", "OTHER"], &[]);
        assert_eq!(
            found,
            [(
                1,
                6,
                "`API_TOKN` is not set or read by any truth file (2 variables known)".to_string(),
                Some("API_TOKEN".to_string())
            )]
        );
        let found = run("Environment: `SENTRY_DSN`\n", &["API_TOKEN"], &[]);
        assert_eq!(found[0].3, None);
        assert!(found[0].2.ends_with("(1 variable known)"));
    }

    #[test]
    fn verified_counts_per_document() {
        let doc = parse("docs/a.md", "`$PORT` `$PORT` `$HOME` `$NOPE`\n");
        let empty = parse("docs/b.md", "nothing\n");
        let truth = EnvTruth::from_names(set(&["PORT"]));
        let result = check(
            &[doc, empty],
            &EnvRules {
                truth: &truth,
                ignore: &[],
                namespace: &Namespace::new(&[], &truth),
            },
        );
        assert_eq!(result.verified.get("docs/a.md"), Some(&2));
        assert_eq!(result.verified.get("docs/b.md"), Some(&0));
        assert_eq!(result.findings.len(), 1);
    }

    #[test]
    fn fixture_repository() {
        let fixture = "unknown-env";
        let mut truth = EnvTruth::default();
        for file in [".github/workflows/ci.yml", "src/app/settings.py"] {
            let text = super::super::fixture::read(fixture, file);
            truth.add_file(file, &text).unwrap();
        }
        let doc = parse(
            "docs/config.md",
            &super::super::fixture::read(fixture, "docs/config.md"),
        );
        let ignore = vec!["EDITOR".to_string()];
        let result = check(
            &[doc],
            &EnvRules {
                truth: &truth,
                ignore: &ignore,
                namespace: &Namespace::new(&[], &truth),
            },
        );
        super::super::fixture::assert_expected("unknown-env", "unknown-env", &result.findings);
    }

    proptest! {
        #[test]
        fn never_panics(markdown in "\\PC{0,300}") {
            let docs = [parse("a.md", &markdown)];
            let truth = EnvTruth::from_names(set(&["A_B"]));
            let ignore = ["*X*".to_string()];
            let rules = EnvRules { truth: &truth, ignore: &ignore, namespace: &Namespace::new(&[], &truth) };
            let result = check(&docs, &rules);
            crate::drift::properties::check_properties(
                &docs[0],
                crate::drift::properties::line_count(&markdown),
                FindingKind::UnknownEnv,
                &result,
                &check(&docs, &rules),
            )?;
            for f in &result.findings {
                // an ignored (`*X*`) or known (`A_B`) name is never reported
                let name = f.message.split('`').nth(1).unwrap_or_default();
                prop_assert!(!name.contains('X'), "{}", f.message);
                prop_assert_ne!(name, "A_B");
            }
        }

        #[test]
        fn never_panics_on_variable_like_code(parts in prop::collection::vec(prop::sample::select(vec![
            "$", "{", "}", "${{", "}}", "secrets.", "A_B", "=", "==", " ", "\\", "é", "`", "\n", "export ",
        ]), 0..30)) {
            let markdown = format!("```sh\n{}\n```\n`{}`", parts.concat(), parts.concat());
            let docs = [parse("a.md", &markdown)];
            let truth = EnvTruth::default();
            let rules = EnvRules { truth: &truth, ignore: &[], namespace: &Namespace::new(&[], &truth) };
            let result = check(&docs, &rules);
            crate::drift::properties::check_properties(
                &docs[0],
                crate::drift::properties::line_count(&markdown),
                FindingKind::UnknownEnv,
                &result,
                &check(&docs, &rules),
            )?;
        }
    }
}
