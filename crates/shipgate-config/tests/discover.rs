//! Finding the config: the current folder first, then the git repository root.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::fs;

use shipgate_config::find_config;

#[test]
fn prefers_the_start_folder_then_the_git_root() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    fs::create_dir(root.join(".git")).unwrap();
    let sub = root.join("a").join("b");
    fs::create_dir_all(&sub).unwrap();

    assert_eq!(find_config(&sub), None);

    fs::write(root.join("shipgate.yaml"), "").unwrap();
    assert_eq!(find_config(&sub), Some(root.join("shipgate.yaml")));
    assert_eq!(find_config(root), Some(root.join("shipgate.yaml")));

    fs::write(sub.join("shipgate.yml"), "").unwrap();
    assert_eq!(find_config(&sub), Some(sub.join("shipgate.yml")));
    fs::write(sub.join("shipgate.yaml"), "").unwrap();
    assert_eq!(find_config(&sub), Some(sub.join("shipgate.yaml")));

    // A folder between the start and the root is not searched.
    let mid = root.join("a");
    fs::remove_file(sub.join("shipgate.yaml")).unwrap();
    fs::remove_file(sub.join("shipgate.yml")).unwrap();
    fs::write(mid.join("shipgate.yaml"), "").unwrap();
    assert_eq!(find_config(&sub), Some(root.join("shipgate.yaml")));
}

#[test]
fn a_git_file_marks_a_worktree_root() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    fs::write(root.join(".git"), "gitdir: elsewhere\n").unwrap();
    fs::write(root.join("shipgate.yml"), "").unwrap();
    let sub = root.join("x");
    fs::create_dir(&sub).unwrap();
    assert_eq!(find_config(&sub), Some(root.join("shipgate.yml")));
}

#[test]
fn outside_a_repository_only_the_start_folder_counts() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("s");
    fs::create_dir(&sub).unwrap();
    fs::write(dir.path().join("shipgate.yaml"), "").unwrap();
    // The temp folder is not inside a git repository (unless the system's temp is).
    if dir.path().ancestors().all(|d| !d.join(".git").exists()) {
        assert_eq!(find_config(&sub), None);
    }
}
