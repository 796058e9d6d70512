//! Facts about the repository itself: paths that exist (`missing-path`) and commits in git history (`unknown-commit`).

pub(crate) mod files;
pub mod relpath;
