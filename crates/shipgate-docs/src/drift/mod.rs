//! Drift checks against truth sources: `unknown-command`, `unknown-env`, `unknown-endpoint`, `unknown-id`.
