//! Facts about the repository itself: paths that exist (`missing-path`) and commits in git history (`unknown-commit`).

mod commits;
pub(crate) mod files;
mod git;
mod path_candidates;
mod paths;
mod reader_paths;
pub mod relpath;

pub use commits::{check_commits, commit_candidates};
pub(crate) use commits::{document_candidates, unknown_commits};
pub use git::{GitCli, GitObjects, RepoError};
pub(crate) use paths::PathCheck;
pub use paths::{check_paths, looks_like_path};
