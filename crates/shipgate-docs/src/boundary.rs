//! The repository boundary: every file the documentation checks read or name must resolve,
//! symbolic links followed, inside the repository root. A path that leaves it (a symlink to
//! `/etc/hostname`, a folder symlink to `..`'s parent) is reported as pointing outside the
//! repository and is never read, so a pull request cannot make the check quote a file of
//! the machine it runs on.
//!
//! Resolution is cheap for the common case: files of the repository's listing that are
//! regular files in folders without symlinks ("plain") are known to be inside, and a path in
//! such a folder costs one `lstat`. Anything involving a symlink is canonicalised and
//! compared with the canonical root.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What a repository-relative path is, symlinks followed, seen from inside the repository.
#[derive(Debug)]
pub(crate) enum Resolved {
    /// A regular file inside the repository.
    File,
    /// A folder inside the repository.
    Dir,
    /// Nothing there (or a path through a file as if it were a folder).
    Missing,
    /// It resolves to a place outside the repository root.
    Outside,
    /// It cannot be looked at (a symlink loop, no permission, not a regular file).
    Unreadable(io::Error),
}

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum Refused {
    /// It resolves outside the repository root.
    Outside,
    /// It could not be read.
    Io(io::Error),
}

/// The root and what is known to lie inside it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Boundary {
    root: PathBuf,
    /// The root with every symlink resolved; `None` when the root itself cannot be resolved
    /// (then nothing is inside).
    canonical: Option<PathBuf>,
    /// Repository-relative folders whose every component is a real folder (no symlink),
    /// `""` (the root) included.
    plain_dirs: HashSet<String>,
    /// Repository-relative regular files (not symlinks) in plain folders.
    plain_files: HashSet<String>,
}

impl Boundary {
    /// The boundary of `root`; `files` are the repository's listing, checked once (one
    /// `lstat` per file, one canonicalisation per folder).
    pub(crate) fn new(root: &Path, files: &[String]) -> Boundary {
        let canonical = fs::canonicalize(root).ok();
        let mut boundary = Boundary {
            root: root.to_path_buf(),
            canonical,
            plain_dirs: HashSet::new(),
            plain_files: HashSet::new(),
        };
        if boundary.canonical.is_none() {
            return boundary;
        }
        boundary.plain_dirs.insert(String::new());
        let mut not_plain: HashSet<String> = HashSet::new();
        for file in files {
            let dir = parent(file);
            if !boundary.plain_dirs.contains(dir) {
                if not_plain.contains(dir) {
                    continue;
                }
                if boundary.dir_is_plain(dir) {
                    let mut at = dir;
                    while !at.is_empty() && boundary.plain_dirs.insert(at.to_owned()) {
                        at = parent(at);
                    }
                } else {
                    not_plain.insert(dir.to_owned());
                    continue;
                }
            }
            if fs::symlink_metadata(root.join(file)).is_ok_and(|m| m.file_type().is_file()) {
                boundary.plain_files.insert(file.clone());
            }
        }
        boundary
    }

    /// Whether the folder `dir` is exactly where it seems: its canonical path is the
    /// canonical root joined with it (no component is a symlink).
    fn dir_is_plain(&self, dir: &str) -> bool {
        let Some(canonical) = &self.canonical else {
            return false;
        };
        fs::canonicalize(self.root.join(dir)).is_ok_and(|c| c == canonical.join(dir))
    }

    /// What the repository-relative `rel` (normalised, `/`-separated) is.
    pub(crate) fn resolve(&self, rel: &str) -> Resolved {
        if self.canonical.is_none() {
            return Resolved::Outside;
        }
        if rel.is_empty() {
            return Resolved::Dir;
        }
        if self.plain_files.contains(rel) {
            return Resolved::File;
        }
        if self.plain_dirs.contains(parent(rel)) {
            match fs::symlink_metadata(self.root.join(rel)) {
                Ok(m) if m.file_type().is_symlink() => {}
                Ok(m) => return kind_of(&m),
                Err(e) if is_missing(&e) => return Resolved::Missing,
                Err(e) => return Resolved::Unreadable(e),
            }
        } else if self.missing_below_a_plain_folder(rel) {
            return Resolved::Missing;
        }
        self.resolve_slowly(rel)
    }

    /// Whether the component of `rel` right below its deepest plain folder does not exist
    /// (then nothing below it does, wherever symlinks further down would lead): one `lstat`
    /// instead of a canonicalisation per ancestor.
    fn missing_below_a_plain_folder(&self, rel: &str) -> bool {
        let mut below = rel;
        let mut at = parent(rel);
        loop {
            if self.plain_dirs.contains(at) {
                return matches!(
                    fs::symlink_metadata(self.root.join(below)),
                    Err(e) if is_missing(&e)
                );
            }
            if at.is_empty() {
                return false;
            }
            below = at;
            at = parent(at);
        }
    }

    /// [`Boundary::resolve`] through the file system: the canonical path must lie under the
    /// canonical root. For a missing path, its deepest existing ancestor decides whether it
    /// would be outside (so that a missing file behind a symlink out says nothing about the
    /// machine's files).
    fn resolve_slowly(&self, rel: &str) -> Resolved {
        let Some(canonical_root) = &self.canonical else {
            return Resolved::Outside;
        };
        match fs::canonicalize(self.root.join(rel)) {
            Ok(c) if !c.starts_with(canonical_root) => Resolved::Outside,
            Ok(c) => match fs::metadata(&c) {
                Ok(m) => kind_of(&m),
                Err(e) if is_missing(&e) => Resolved::Missing,
                Err(e) => Resolved::Unreadable(e),
            },
            Err(e) if is_missing(&e) => {
                let mut at = parent(rel);
                loop {
                    match fs::canonicalize(self.root.join(at)) {
                        Ok(c) if !c.starts_with(canonical_root) => return Resolved::Outside,
                        Ok(_) => return Resolved::Missing,
                        Err(e) if is_missing(&e) && !at.is_empty() => at = parent(at),
                        Err(e) if is_missing(&e) => return Resolved::Missing,
                        Err(e) => return Resolved::Unreadable(e),
                    }
                }
            }
            Err(e) => Resolved::Unreadable(e),
        }
    }

    /// Whether `rel` is a listed regular file in a folder without symlinks.
    pub(crate) fn is_plain(&self, rel: &str) -> bool {
        self.plain_files.contains(rel)
    }

    /// The repository-relative path `rel` names once every symlink is followed; `None`
    /// when it does not resolve inside the repository.
    pub(crate) fn real_path(&self, rel: &str) -> Option<String> {
        if self.plain_files.contains(rel) {
            return Some(rel.to_owned());
        }
        let canonical_root = self.canonical.as_ref()?;
        let real = fs::canonicalize(self.root.join(rel)).ok()?;
        let inside = real.strip_prefix(canonical_root).ok()?;
        let mut parts = Vec::new();
        for part in inside.components() {
            parts.push(part.as_os_str().to_str()?);
        }
        Some(parts.join("/"))
    }

    /// The bytes of the repository file `rel`, when it resolves to a regular file inside
    /// the repository.
    pub(crate) fn read(&self, rel: &str) -> Result<Vec<u8>, Refused> {
        match self.resolve(rel) {
            Resolved::File => fs::read(self.root.join(rel)).map_err(Refused::Io),
            Resolved::Outside => Err(Refused::Outside),
            Resolved::Dir => Err(Refused::Io(io::Error::other("is a folder"))),
            Resolved::Missing => Err(Refused::Io(io::Error::from(io::ErrorKind::NotFound))),
            Resolved::Unreadable(e) => Err(Refused::Io(e)),
        }
    }
}

/// A file, a folder, or something that is neither and is not read (a FIFO would block).
fn kind_of(m: &fs::Metadata) -> Resolved {
    if m.is_file() {
        Resolved::File
    } else if m.is_dir() {
        Resolved::Dir
    } else {
        Resolved::Unreadable(io::Error::other("not a regular file"))
    }
}

/// Whether an error of looking at a path means that nothing is there (including a path
/// that goes through a file as if it were a folder).
pub(crate) fn is_missing(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// The folder of a repository-relative path (`""` for a top-level one).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn tree() -> (tempfile::TempDir, tempfile::TempDir) {
        let repo = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.md"), "# Secret heading\n").unwrap();
        fs::create_dir_all(repo.path().join("docs/real")).unwrap();
        fs::write(repo.path().join("docs/a.md"), "# A\n").unwrap();
        fs::write(repo.path().join("docs/real/b.md"), "# B\n").unwrap();
        symlink(
            outside.path().join("secret.md"),
            repo.path().join("docs/leak.md"),
        )
        .unwrap();
        symlink(outside.path(), repo.path().join("docs/out")).unwrap();
        symlink("a.md", repo.path().join("docs/alias.md")).unwrap();
        symlink("real", repo.path().join("docs/inner")).unwrap();
        symlink("loop.md", repo.path().join("docs/loop.md")).unwrap();
        (repo, outside)
    }

    fn listing() -> Vec<String> {
        [
            "docs/a.md",
            "docs/real/b.md",
            "docs/leak.md",
            "docs/alias.md",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn symlinks_out_of_the_repository_are_outside_and_never_read() {
        let (repo, _outside) = tree();
        let b = Boundary::new(repo.path(), &listing());
        assert!(matches!(b.resolve("docs/leak.md"), Resolved::Outside));
        assert!(matches!(b.resolve("docs/out"), Resolved::Outside));
        assert!(matches!(b.resolve("docs/out/secret.md"), Resolved::Outside));
        // a missing file behind the symlink says nothing about the outside
        assert!(matches!(b.resolve("docs/out/none.md"), Resolved::Outside));
        assert!(matches!(b.read("docs/leak.md"), Err(Refused::Outside)));
        assert!(matches!(
            b.read("docs/out/secret.md"),
            Err(Refused::Outside)
        ));
    }

    #[test]
    fn symlinks_inside_the_repository_resolve() {
        let (repo, _outside) = tree();
        let b = Boundary::new(repo.path(), &listing());
        assert!(matches!(b.resolve("docs/a.md"), Resolved::File));
        assert!(matches!(b.resolve("docs/alias.md"), Resolved::File));
        assert!(matches!(b.resolve("docs/inner/b.md"), Resolved::File));
        assert!(matches!(b.resolve("docs/inner"), Resolved::Dir));
        assert!(matches!(b.resolve("docs"), Resolved::Dir));
        assert!(matches!(b.resolve(""), Resolved::Dir));
        assert!(matches!(b.resolve("docs/none.md"), Resolved::Missing));
        assert!(matches!(b.resolve("docs/a.md/x.md"), Resolved::Missing));
        assert!(matches!(b.resolve("docs/loop.md"), Resolved::Unreadable(_)));
        assert_eq!(b.read("docs/inner/b.md").unwrap(), b"# B\n");
        assert_eq!(b.real_path("docs/alias.md").as_deref(), Some("docs/a.md"));
        assert_eq!(
            b.real_path("docs/inner/b.md").as_deref(),
            Some("docs/real/b.md")
        );
        assert_eq!(b.real_path("docs/leak.md"), None);
    }

    #[test]
    fn plain_files_need_no_system_call_and_symlinks_are_never_plain() {
        let (repo, _outside) = tree();
        let b = Boundary::new(repo.path(), &listing());
        assert!(b.plain_files.contains("docs/a.md"));
        assert!(b.plain_files.contains("docs/real/b.md"));
        assert!(!b.plain_files.contains("docs/leak.md"));
        assert!(!b.plain_files.contains("docs/alias.md"));
        assert!(!b.plain_dirs.contains("docs/out"));
    }

    #[test]
    fn a_root_that_is_itself_a_symlink_is_still_its_own_inside() {
        let (repo, _outside) = tree();
        let holder = tempfile::tempdir().unwrap();
        let via = holder.path().join("repo");
        symlink(repo.path(), &via).unwrap();
        let b = Boundary::new(&via, &listing());
        assert!(matches!(b.resolve("docs/a.md"), Resolved::File));
        assert!(matches!(b.resolve("docs/leak.md"), Resolved::Outside));
    }
}
