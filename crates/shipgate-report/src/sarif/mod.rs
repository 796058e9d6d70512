//! The SARIF 2.1.0 format, for code-scanning tools (GitHub code scanning and others).
//!
//! One run of the `shipgate` driver. Its rules are the documentation finding kinds (id =
//! the kind's key, `broken-link`, ...; descriptions from the kind), plus one rule per gate id
//! that has a result. Results, in order: every documentation finding (level `error`, or
//! `warning` when its gate only warns) at `file` relative to `%SRCROOT%`, with a region when
//! the line is known; then every gate that did not pass and is not already told by its
//! findings, without a location; and when the report did not pass but nothing says why (no
//! gate was evaluated), one `verdict` result so that the log never reads clean. Columns
//! count characters: the run's `columnKind` is `unicodeCodePoints`.

mod document;
mod results;
mod rules;
mod uri;

pub(crate) use document::render;
