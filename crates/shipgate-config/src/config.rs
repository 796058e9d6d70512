//! The resolved configuration: plain values, ready for the CLI.

use std::path::PathBuf;

use shipgate_core::quality::TestGates;

/// A loaded, validated `shipgate.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file, as given to the loader.
    pub path: PathBuf,
    /// The folder of the file (`.` for a bare file name); relative paths and globs in the
    /// config are relative to it.
    pub dir: PathBuf,
    /// Where the SQLite history lives, resolved against `dir`; `None` when not configured.
    /// A value containing `://` (a database URL) is kept as written.
    pub store: Option<PathBuf>,
    /// The `tests:` section, when present.
    pub tests: Option<TestsConfig>,
    /// Every value substituted from the environment, so that output can be redacted.
    /// Never print these.
    pub secrets: Vec<String>,
}

/// The `tests:` section.
#[derive(Debug, Clone, PartialEq)]
pub struct TestsConfig {
    /// Globs that together form one in-order run (relative to [`Config::dir`]).
    pub junit: Vec<String>,
    /// Globs, each one extra in-order run.
    pub runs: Vec<String>,
    /// Globs, each one shuffled run.
    pub shuffled_runs: Vec<String>,
    /// Coverage report globs.
    pub coverage: Vec<String>,
    /// Git base for patch coverage.
    pub base: Option<String>,
    /// The defaults overlaid with the configured conditions.
    pub gates: TestGates,
    /// Names of the gates set explicitly in the file, in file order.
    pub configured_gates: Vec<String>,
}
