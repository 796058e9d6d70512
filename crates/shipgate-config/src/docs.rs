//! The resolved `docs:` section: which Markdown documents are checked, the minimums some
//! of them must meet, and the truth sources (workflows, code) that commands, environment
//! variables, HTTP paths and identifiers written in the documents are compared with.
//!
//! Paths and globs are kept as written (after `${VAR}` expansion); the documentation
//! checks read them relative to the repository root they run from (the current folder),
//! not to [`crate::Config::dir`]. Regular expressions (`ids[].pattern`) are kept as text with
//! their position: the documentation checks compile them and report an invalid one at
//! [`IdRuleConfig::pattern_at`].

use crate::location::Pos;

/// The `docs:` section.
#[derive(Debug, Clone, PartialEq)]
pub struct DocsConfig {
    /// `include:`: globs of the documents to check (default `["**/*.md"]`; never empty).
    pub include: Vec<String>,
    /// `exclude:`: globs of documents left out even when `include` matches them
    /// (default none).
    pub exclude: Vec<String>,
    /// `require:`: per-document minimums, in file order; each path appears once.
    pub require: Vec<DocRequirementConfig>,
    /// `links.external`: also check `http(s)://` links (default `false`). Relative links,
    /// images and anchors are always checked.
    pub external_links: bool,
    /// `commands:`: commands of the listed tools must match what the truth files run.
    pub commands: Option<CommandsConfig>,
    /// `env:`: environment variables named in the documents must appear in the truth files.
    pub env: Option<EnvConfig>,
    /// `endpoints:`: HTTP paths named in the documents must match a route in the truth
    /// files.
    pub endpoints: Option<EndpointsConfig>,
    /// `diagrams:`: mermaid flowcharts about workflow jobs must show the jobs' real
    /// dependencies and triggers.
    pub diagrams: Option<DiagramsConfig>,
    /// `ids:`: identifiers matching a pattern must appear in the truth files, in file order.
    pub ids: Vec<IdRuleConfig>,
    /// `commits:`: commit hashes named in the documents must be in the repository's git
    /// history (default `true`).
    pub commits: bool,
    /// `paths:`: repository paths written in inline code must exist (default `true`).
    pub paths: bool,
    /// `mermaid:`: mermaid diagrams must parse (default `true`).
    pub mermaid: bool,
    /// `history:`: globs of changelogs and release notes;
    /// their paths, commits and endpoints are what existed then, so they are not checked
    /// (default [`DEFAULT_HISTORY`]; `[]` checks them like any document).
    pub history: Vec<String>,
    /// Where the `docs:` key is written, for errors raised after loading.
    pub at: Pos,
}

/// `history:` when not given: changelogs and release notes, wherever they are. Globs are
/// case-sensitive: a lower-case `history.md` or `news.md` is often a page about something
/// else, while `changelog.md` and `release-notes.md` are not.
pub const DEFAULT_HISTORY: [&str; 15] = [
    "**/CHANGELOG*",
    "**/Changelog*",
    "**/changelog*",
    "**/CHANGES*",
    "**/HISTORY*",
    "**/NEWS*",
    "**/RELEASE*NOTES*",
    "**/Release*Notes*",
    "**/release*notes*",
    "**/RELEASES*",
    "**/changelog/**",
    "**/changelogs/**",
    "**/release-notes/**",
    "**/releasenotes/**",
    "**/releases/**",
];

/// One entry of `require:`: minimums for one document. At least one of the minimums or
/// `links_to` is given.
#[derive(Debug, Clone, PartialEq)]
pub struct DocRequirementConfig {
    /// `path:`: the document, relative to the repository root (required, not empty).
    pub path: String,
    /// `min_lines:`: the least number of lines.
    pub min_lines: Option<u64>,
    /// `min_code_blocks:`: the least number of code blocks.
    pub min_code_blocks: Option<u64>,
    /// `min_mermaid:`: the least number of mermaid diagrams.
    pub min_mermaid: Option<u64>,
    /// `links_to:`: documents the document must link to (default none; when written, not
    /// empty).
    pub links_to: Vec<String>,
    /// Where the entry is written (its first key).
    pub at: Pos,
}

/// The `commands:` part of `docs:`.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandsConfig {
    /// `tools:`: the programs whose command lines in the documents are checked, such as
    /// `kubectl` (required, not empty).
    pub tools: Vec<String>,
    /// `truth:`: globs of the files holding the commands really run, such as
    /// `.github/workflows/*.yml` (required, not empty).
    pub truth: Vec<String>,
    /// `allow:`: command patterns accepted even when no truth file runs them, such as
    /// `kubectl get *` (default none).
    pub allow: Vec<String>,
    /// `grammars:`: grammar files of the user's own tools (the format of the shipped ones),
    /// relative to the repository root (default none).
    pub grammars: Vec<String>,
    /// `shipped_grammars:`: which shipped grammars (`kubectl`, `gh`, `helm`, `docker`, `git`)
    /// check commands; `None` (not written) is all of them, `[]` none.
    pub shipped_grammars: Option<Vec<String>>,
}

/// The `env:` part of `docs:`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvConfig {
    /// `truth:`: globs of the files that define or read the variables (required, not empty).
    pub truth: Vec<String>,
    /// `ignore:`: variable names never reported, such as `HOME` (default none).
    pub ignore: Vec<String>,
    /// `namespace:`: patterns of the project's own variable names, such as `APP_*`; `*`
    /// for every name. A name no truth file knows is reported only when it is the
    /// project's. Default: derived from the names the truth files read (see the docs).
    pub namespace: Vec<String>,
}

/// The `diagrams:` part of `docs:`.
#[derive(Debug, Clone, PartialEq)]
pub struct DiagramsConfig {
    /// `truth:`: globs of the workflow files the diagrams describe, such as
    /// `.github/workflows/*.yml` (required, not empty).
    pub truth: Vec<String>,
}

/// The `endpoints:` part of `docs:`.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointsConfig {
    /// `truth:`: globs of the source files that declare the routes (required, not empty).
    pub truth: Vec<String>,
    /// `ignore:`: glob patterns of documented HTTP paths that are not checked, such as
    /// `/internal/*` (default none).
    pub ignore: Vec<String>,
    /// `base_urls:`: the variables, placeholders and hosts that stand for this project's
    /// service, such as `[STAGING_URL, BASE_URL, api.example.com]` (`*` allowed). A URL
    /// on any other variable or host is another service's and is not checked; relative
    /// `METHOD /path` lines and local hosts are always checked (default none).
    pub base_urls: Vec<String>,
}

/// One entry of `ids:`.
#[derive(Debug, Clone, PartialEq)]
pub struct IdRuleConfig {
    /// `pattern:`: a regular expression, as text (not empty; compiled by the checks).
    pub pattern: String,
    /// Where the pattern's value is written, to report an invalid regular expression.
    pub pattern_at: Pos,
    /// `truth:`: globs of the files where every matching identifier must appear (required,
    /// not empty).
    pub truth: Vec<String>,
}
