//! Reporters: render a [`shipgate_core::Report`] for people and machines.
//!
//! One module per output format — [`Format::Human`] (an aligned table that reads well
//! without colour), [`Format::Json`] (the stable `schema_version` 1 contract),
//! [`Format::Junit`] (one test case per gate), [`Format::Markdown`] (also used as the
//! GitHub Actions step summary) and [`Format::Sarif`] (SARIF 2.1.0 for code-scanning tools)
//! — plus GitHub workflow-command annotations.
//!
//! Besides the gate table, each format renders the evidence sections a report carries:
//! test runs and coverage, for live release checks the smoke checks (`shipgate smoke`),
//! the metric checks (`shipgate metrics`: every measurement with its values next to the
//! condition) and the canary analysis (`shipgate analyze`: score, warnings and per-metric
//! comparison), and for the documentation checks (`shipgate docs check`) every finding at
//! its file, line and column with the offending line, plus what was checked per document.
//! A report without a section renders exactly as before it existed.
//!
//! SARIF has one rule per finding kind (`broken-link`, ...) and one result per finding, at
//! its file, line and column (columns count characters: `columnKind` `unicodeCodePoints`);
//! every gate that did not pass and has no findings to show for it (any gate of a command
//! without documentation checks) is a result without a location, so the format serves
//! every command.
//!
//! # JSON keys
//!
//! `schema_version`, `verdict` and `gates` are always present; then, only for the sections
//! the report has: `tests`, `coverage`, `smoke` (`base_url`, `elapsed_seconds`, `checks[]`),
//! `metric_checks` (`metrics[]` with `name`, `query`, `condition`, `verdict`,
//! `measurements[]` of `at_seconds`, `outcome`, `values[]` of `series`/`value`, `error`),
//! `canary` (`score`, `pass_score`, `marginal_score`, `outcome`, `warnings`,
//! `metrics[]`), and for the documentation checks `findings[]` (`kind`, `file`, `line`,
//! `column`, `message`, and `suggestion` only when there is one; `line` and `column` are
//! 1-based, the column in characters, both `null` for a finding about a whole document)
//! and `documents[]` (`path`, `lines`, `code_blocks` by language, `mermaid`,
//! `mermaid_valid`, `links_checked`, `external_links`, `commands_verified`,
//! `env_verified`, `endpoints_verified`, `ids_verified`, `commits_verified`,
//! `paths_verified`, `findings`, `requirements[]` of `what`, `min`, `actual`, `verdict`).
//! Two headline keys sit at the top level so that a command's JSON reads the
//! same whichever section produced it:
//!
//! - a report with a canary analysis and no metric checks (`shipgate analyze`) has `score`
//!   (the canary score) and `metrics` (the canary's per-metric rows);
//! - a report with metric checks and no canary analysis (`shipgate metrics`) has `metrics`
//!   (the metric-check rows) and no `score`;
//! - a report with both (`shipgate check` running both sections) has neither headline key,
//!   since `metrics` would be ambiguous; read `metric_checks` and `canary` instead.
//!
//! `warnings` (an array of strings) is present only when the report has warnings: things the
//! reader must know although no gate failed on them, such as TLS certificate verification
//! being off. Human output prints each as a `warning:` line before the verdict, Markdown as
//! a quoted line under the heading, JUnit as a `<property name="warning">` of the suite and
//! SARIF as a tool execution notification of the run's invocation.
//!
//! So top-level `metrics` is always an array of per-metric rows, and the metric gates are
//! always at `metric_checks.metrics`. Non-finite numbers are `null`.
//!
//! Every function returns a `String`; nothing here prints, reads the environment or touches
//! files. Deciding whether colour is wanted (`NO_COLOR`, a terminal) and where output goes
//! (stdout, `$GITHUB_STEP_SUMMARY`) is the caller's job.

mod format;
mod github;
mod human;
mod json;
mod junit;
mod markdown;
mod options;
mod render;
mod sarif;
mod sections;
mod text;

pub use format::{Format, ParseFormatError};
pub use github::{github_annotations, step_summary};
pub use options::RenderOptions;
pub use render::render;
