//! Drift checks against truth sources: `unknown-command`, `unknown-env`, `unknown-endpoint`, `unknown-id`.

pub mod code_lines;
pub mod shell;
