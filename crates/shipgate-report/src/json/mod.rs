//! The JSON format: the stable, versioned contract (`schema_version` 1).
//!
//! Built from explicit view structs so that a change to the core model never silently
//! changes the contract. Non-finite numbers are written as `null`.
//!
//! Top-level keys: `schema_version`, `verdict`, `gates`, then one key per section the
//! report has — `tests`, `coverage`, `smoke`, `metric_checks` (the metric gates of
//! `shipgate metrics`), `canary` (the judge of `shipgate analyze`), and for the
//! documentation checks `findings` and `documents` — and the headline keys `score` and
//! `metrics`: with a canary analysis and no metric checks, `score` is the canary score and
//! `metrics` the canary rows; with metric checks and no canary analysis, `metrics` is the
//! metric-check rows (no `score`); with both, neither headline key is written. Sections and headline keys a report does not have are absent, never `null`.

mod canary;
mod coverage;
mod docs;
mod document;
mod gate;
mod headline;
mod metric_checks;
mod number;
mod smoke;
mod tests_section;

pub(crate) use document::render;
