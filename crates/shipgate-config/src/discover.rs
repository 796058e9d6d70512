//! Finding `shipgate.yaml`: in the starting folder, else at the root of its git repository.

use std::path::{Path, PathBuf};

/// File names tried, in order, in each folder.
pub const CONFIG_FILE_NAMES: [&str; 2] = ["shipgate.yaml", "shipgate.yml"];

/// The config file for a command started in `start_dir`: `shipgate.yaml` (or `.yml`) in
/// `start_dir` itself, else in the nearest enclosing folder that contains `.git` (a folder,
/// or a file for worktrees and submodules). `None` when neither has one.
pub fn find_config(start_dir: &Path) -> Option<PathBuf> {
    if let Some(found) = in_dir(start_dir) {
        return Some(found);
    }
    let root = start_dir.ancestors().find(|d| d.join(".git").exists())?;
    in_dir(root)
}

fn in_dir(dir: &Path) -> Option<PathBuf> {
    CONFIG_FILE_NAMES
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
}
