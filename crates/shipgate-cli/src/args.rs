//! The command-line definition. `--help` text here is the first documentation users read.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Exit codes:
  0  every evaluated gate passed (warnings allowed)
  1  a gate failed, or was inconclusive (missing data, zero tests, NaN)
  2  usage or configuration error: nothing was evaluated or changed
  3  a file, process, store or server (Prometheus) could not be read or reached:
     evaluation impossible
  129/130/143  SIGHUP/SIGINT/SIGTERM stopped the run; the report of what was evaluated
     is printed (the rest inconclusive). A second signal exits at once.

Configuration is read from ./shipgate.yaml or the repository root (override with --config).
Set NO_COLOR to disable colour. In GitHub Actions (GITHUB_ACTIONS=true) a Markdown summary is
appended to $GITHUB_STEP_SUMMARY and failed gates become ::error annotations.";

/// shipgate decides whether a release may ship: fail-closed gates over tests, releases, docs.
#[derive(Debug, Parser)]
#[command(name = "shipgate", version, long_about = None, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    /// Config file (default: shipgate.yaml here or at the repository root).
    #[arg(long, global = true, value_name = "PATH", env = "SHIPGATE_CONFIG")]
    pub config: Option<PathBuf>,

    /// Output format on stdout. Logs and progress always go to stderr.
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,

    /// History store (SQLite file). Giving it records this run even without a config.
    #[arg(long, global = true, value_name = "PATH")]
    pub store: Option<PathBuf>,

    /// More logging on stderr (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A table that reads well with or without colour.
    Human,
    /// The stable JSON contract (schema_version 1), printed whatever the verdict.
    Json,
    /// One JUnit test case per gate, for CI test-report viewers.
    Junit,
    /// A Markdown summary (what GitHub step summaries show); for `docs check`, the
    /// self-check report.
    Markdown,
    /// SARIF 2.1.0 for code-scanning upload (findings with file, line and column).
    Sarif,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Test-quality gates TQ-01..TQ-05 from JUnit and coverage reports.
    #[command(after_help = TESTS_HELP, args_conflicts_with_subcommands = true)]
    Tests(Box<TestsArgs>),
    /// Smoke checks: poll HTTP endpoints until every check passes or the deadline ends.
    #[command(after_help = SMOKE_HELP)]
    Smoke(SmokeArgs),
    /// Metric gates: measure PromQL queries against conditions, repeatedly, fail-closed.
    #[command(after_help = METRICS_HELP)]
    Metrics,
    /// Canary judge: compare the canary's metrics with the baseline's (Mann-Whitney U).
    #[command(after_help = ANALYZE_HELP)]
    Analyze(AnalyzeArgs),
    /// Evaluate every section present in shipgate.yaml: tests, docs, smoke, metrics, analysis.
    #[command(after_help = CHECK_HELP)]
    Check,
    /// Read the history store: flaky tests and the coverage trend.
    #[command(subcommand)]
    History(HistoryCommand),
    /// Documentation gates: Markdown docs checked against the repository they describe.
    #[command(subcommand)]
    Docs(DocsCommand),
    /// Progressive delivery: canary steps with analysis and exactly-once rollback.
    #[command(subcommand, after_help = ROLLOUT_HELP)]
    Rollout(RolloutCommand),
}

#[derive(Debug, Subcommand)]
pub enum DocsCommand {
    /// Check the documents of the `docs:` section: links, anchors, commands, environment
    /// variables, endpoints, ids, commits, paths, mermaid diagrams and requirements.
    #[command(after_help = DOCS_CHECK_HELP)]
    Check,
}

const DOCS_CHECK_HELP: &str = "\
Run from the repository root: document paths, globs and the paths in the output are
relative to the current folder. Reads the `docs:` section of shipgate.yaml:

  docs:
    include: [\"README.md\", \"docs/**/*.md\"]
    commands: { tools: [kubectl], truth: [\".github/workflows/*.yml\"] }
    env:       { truth: [\".github/workflows/*.yml\", \"src/**/*.py\"] }
    endpoints: { truth: [\"backend/**/*.py\"] }

Relative links, images and #anchors are always checked; repository paths in inline code,
commit hashes and mermaid diagrams unless switched off (`paths: false`, `commits: false`,
`mermaid: false`); commands, environment variables, endpoints and ids when their key is
present. `shipgate` commands in the docs are checked against shipgate's own flags.
Findings: exit 1; none: exit 0; a config error: exit 2; a glob matching nothing or an
unreadable truth file: exit 3.

Examples:
  shipgate docs check
  shipgate docs check --format sarif > docs.sarif
  shipgate docs check --format markdown >> \"$GITHUB_STEP_SUMMARY\"";

const SMOKE_HELP: &str = "\
Reads the `smoke:` section of shipgate.yaml. Checks run concurrently and failing ones are
retried every `wait.interval` until `wait.timeout`; a service that never answers, or answers
wrong until the deadline, fails the gate (exit 1). A check may `capture` a value (a login
token) that later checks use as ${name}; captured values and every secret from the
environment are printed as ***.

Examples:
  shipgate smoke
  shipgate smoke --base-url http://127.0.0.1:8080 --format json";

const METRICS_HELP: &str = "\
Reads the `prometheus:` and `metrics:` sections. Each check is measured `count` times,
`interval` apart. An empty result, NaN or Inf is inconclusive, never a pass; with several
series every series must pass. Failed or inconclusive beyond the limits: exit 1. Prometheus
unreachable, timing out or answering garbage past `consecutive_error_limit`: exit 3.

Example:
  PROMETHEUS_URL=http://127.0.0.1:9090 shipgate metrics";

const ANALYZE_HELP: &str = "\
Reads the `prometheus:` and `analysis:` sections. Every metric's query is run over the last
`window` (every `step`) once with the canary's labels and once with the baseline's in place
of {{selector}}. Each metric is classified with a two-sided Mann-Whitney U test and the
Hodges-Lehmann shift against a tolerance fixed by the baseline level (alpha 0.01 and
min_samples 20 by default). Score = 100 x passing / metrics. Marginal fails (exit 1) unless
`allow_marginal`; no data on either side is inconclusive (exit 1); Prometheus unreachable is
exit 3. A rate window longer than `step` makes samples overlap (a warning).

Examples:
  shipgate analyze
  shipgate analyze --canary version=v2 --baseline version=v1 --format json";

const CHECK_HELP: &str = "\
Runs, in this order, every section the config has: tests, docs, smoke, metrics, analysis, and
prints one combined report. The verdict is the worst of all sections; a section that could
not reach what it needs makes the exit code 3.";

const TESTS_HELP: &str = "\
Examples:
  shipgate tests --junit 'reports/*.xml' --coverage coverage.xml
  shipgate tests --run 'run1/*.xml' --run 'run2/*.xml' --shuffled-run 'shuffled/*.xml'
  shipgate tests --coverage coverage.xml --base origin/main --patch-coverage '>= 90%'
  shipgate tests run --runs 3 --shuffle-arg=-p --shuffle-arg=randomly \\
      --shuffle-arg=--randomly-seed={seed} -- pytest --junitxml={junit}

Any combination of evidence may be given; a gate whose evidence is missing is reported as
'not evaluated', never as passed. A glob that matches nothing is an error (exit 3).";

#[derive(Debug, Args)]
pub struct TestsArgs {
    #[command(subcommand)]
    pub command: Option<TestsCommand>,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    #[command(flatten)]
    pub coverage: CoverageArgs,
    #[command(flatten)]
    pub gates: GateArgs,
}

/// `shipgate smoke` options.
#[derive(Debug, Args)]
pub struct SmokeArgs {
    /// Run the checks against this URL instead of the config's `smoke.base_url`.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// `shipgate analyze` options.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Labels selecting the canary, e.g. `version=v2,track=canary` (overrides `analysis.canary`).
    #[arg(long, value_name = "K=V,..")]
    pub canary: Option<String>,
    /// Labels selecting the baseline, e.g. `version=v1` (overrides `analysis.baseline`).
    #[arg(long, value_name = "K=V,..")]
    pub baseline: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TestsCommand {
    /// Run the test suite N times (first in order, then shuffled), then evaluate the gates.
    #[command(after_help = RUN_HELP)]
    Run(RunArgs),
}

const RUN_HELP: &str = "\
The command runs without a shell. In its arguments {run} becomes the run number (1..N),
{junit} the file that run must write its JUnit report to, and {seed} the shuffle seed.
Runs after the first get every --shuffle-arg appended. Shuffle arguments by runner:
  pytest (pytest-randomly): --shuffle-arg=-p --shuffle-arg=randomly --shuffle-arg=--randomly-seed={seed}
  jest:                     --shuffle-arg=--randomize --shuffle-arg=--seed={seed}
  cargo test (libtest):     --shuffle-arg=--shuffle-seed={seed} -- sh -c 'cargo test --lib -- -Z unstable-options --format junit \"$@\" > {junit}' sh
  go test:                  --shuffle-arg=-shuffle={seed}
The test command's output goes to stderr; stdout carries only the report.";

#[derive(Debug, Args)]
pub struct RunArgs {
    /// How many times to run the suite; runs after the first are shuffled.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub runs: u32,
    /// An argument appended to shuffled runs ({seed} is substituted). Repeat for several.
    #[arg(long = "shuffle-arg", value_name = "ARG", allow_hyphen_values = true)]
    pub shuffle_args: Vec<String>,
    /// Seed of the first shuffled run (later runs add 1). Default: derived from the clock.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Keep each run's JUnit report in DIR (default: a temporary folder, removed afterwards).
    #[arg(long, value_name = "DIR")]
    pub junit_dir: Option<PathBuf>,
    #[command(flatten)]
    pub coverage: CoverageArgs,
    #[command(flatten)]
    pub gates: GateArgs,
    /// The test command and its arguments, after `--`.
    #[arg(last = true, required = true, value_name = "CMD")]
    pub command: Vec<String>,
}

#[derive(Debug, Args, Default)]
pub struct EvidenceArgs {
    /// JUnit files (glob); all --junit files together form one in-order run.
    #[arg(long, value_name = "GLOB")]
    pub junit: Vec<String>,
    /// One more in-order run (glob). Repeat for several runs.
    #[arg(long = "run", value_name = "GLOB")]
    pub runs: Vec<String>,
    /// One shuffled run (glob), compared with the in-order runs for TQ-01.
    #[arg(long = "shuffled-run", value_name = "GLOB")]
    pub shuffled_runs: Vec<String>,
}

#[derive(Debug, Args, Default)]
pub struct CoverageArgs {
    /// Coverage reports (glob): Cobertura, LCOV, JaCoCo or coverage.py JSON, detected from content.
    #[arg(long, value_name = "GLOB")]
    pub coverage: Vec<String>,
    /// Git base for patch coverage: lines changed since REF must be covered.
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
}

/// Per-gate condition overrides (`>= 98%`, `< 30s`, `== 0` ...); they win over the config.
#[derive(Debug, Args, Default)]
pub struct GateArgs {
    /// TQ-01: order-dependent tests [default: == 0]
    #[arg(long, value_name = "COND", allow_hyphen_values = true)]
    pub order_dependent: Option<String>,
    /// TQ-02: pass rate of the worst run, skips excluded [default: >= 98%]
    #[arg(long, value_name = "COND", allow_hyphen_values = true)]
    pub pass_rate: Option<String>,
    /// TQ-03: suite duration [default: < 60m]
    #[arg(long, value_name = "COND", allow_hyphen_values = true)]
    pub suite_duration: Option<String>,
    /// TQ-03: slowest single test [default: < 30s]
    #[arg(long, value_name = "COND", allow_hyphen_values = true)]
    pub test_duration: Option<String>,
    /// TQ-04: flaky tests [default: == 0]
    #[arg(long, value_name = "COND", allow_hyphen_values = true)]
    pub flaky: Option<String>,
    /// TQ-05: line coverage [default: >= 25%]
    #[arg(long, value_name = "COND", allow_hyphen_values = true)]
    pub line_coverage: Option<String>,
    /// TQ-05: branch coverage [default: not evaluated]
    #[arg(long, value_name = "COND", allow_hyphen_values = true)]
    pub branch_coverage: Option<String>,
    /// TQ-05: coverage of lines changed since --base [default: >= 80%]
    #[arg(long, value_name = "COND", allow_hyphen_values = true)]
    pub patch_coverage: Option<String>,
    /// TQ-05: drop against the last recorded line coverage on this branch [default: <= 1%]
    #[arg(long, value_name = "COND", allow_hyphen_values = true)]
    pub coverage_drop: Option<String>,
}

impl GateArgs {
    /// (gate name, condition text) for every override given.
    pub fn overrides(&self) -> Vec<(&'static str, &str)> {
        [
            ("order_dependent", &self.order_dependent),
            ("pass_rate", &self.pass_rate),
            ("suite_duration", &self.suite_duration),
            ("test_duration", &self.test_duration),
            ("flaky", &self.flaky),
            ("line_coverage", &self.line_coverage),
            ("branch_coverage", &self.branch_coverage),
            ("patch_coverage", &self.patch_coverage),
            ("coverage_drop", &self.coverage_drop),
        ]
        .into_iter()
        .filter_map(|(name, v)| v.as_deref().map(|v| (name, v)))
        .collect()
    }
}

const ROLLOUT_HELP: &str = "\
The `rollout:` section of shipgate.yaml says how versions are deployed, promoted and removed
(target), how traffic is weighted (nginx), what is analysed, and the steps. Every transition
is recorded in the history store before its action runs and after: a rollout interrupted in
any way is continued with `resume` or rolled back with `abort`.

Exit codes of `start` and `resume`:
  0  promoted
  1  rolled back, or stopped before any change (a hook failed), or stuck in a rollback
     action that failed (still active: `resume` retries it)
  2  usage or config error, or another rollout of the service is active: nothing changed
  3  a program the rollout runs is missing, or the store cannot be read: nothing changed

A first signal (SIGINT, SIGTERM: a cancelled CI job) rolls back and exits 1 with the
report; a second exits at once and leaves the state for `resume`/`abort`.

Examples:
  shipgate rollout start --version v2 --stable v1     # the first rollout of the service
  shipgate rollout start --version v3 --plan hotfix
  shipgate rollout approve                            # from another job or terminal
  shipgate rollout abort --reason \"error budget\"
  shipgate history deployments --format json";

#[derive(Debug, Subcommand)]
pub enum RolloutCommand {
    /// Roll a version out: run the plan's steps to promotion or rollback.
    #[command(disable_version_flag = true)]
    Start {
        /// The version to roll out (`{{version}}` in commands, URLs and queries).
        #[arg(long)]
        version: String,
        /// The version to return to; needed on the first rollout of a service only (later,
        /// the last promoted version).
        #[arg(long)]
        stable: Option<String>,
        /// A plan of `rollout.plans` instead of `rollout.steps`.
        #[arg(long)]
        plan: Option<String>,
    },
    /// The latest rollout of the service: its state, failure and timeline.
    Status {
        /// The service (default: the config's `rollout.service`).
        #[arg(long)]
        service: Option<String>,
    },
    /// Continue the active rollout from its last recorded transition.
    Resume {
        #[arg(long)]
        service: Option<String>,
    },
    /// Roll the active rollout back now (the process running it does so within a second).
    Abort {
        #[arg(long)]
        service: Option<String>,
        /// Why, for the record.
        #[arg(long, default_value = "aborted by hand")]
        reason: String,
    },
    /// Let the active rollout pass the approve step it is waiting at.
    Approve {
        #[arg(long)]
        service: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Tests by flip rate over the most recent recorded runs.
    Flaky {
        /// How many recorded runs to look back over.
        #[arg(long, default_value_t = 50)]
        window: usize,
        /// Show at most this many tests.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Rollouts of a service: version, outcome, failure, who started and approved them.
    Deployments {
        /// The service (default: the config's `rollout.service`).
        #[arg(long)]
        service: Option<String>,
    },
    /// Line and branch coverage over the most recent recorded runs.
    Coverage {
        /// Only this branch (default: all branches).
        #[arg(long)]
        branch: Option<String>,
        /// Show at most this many points.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}
