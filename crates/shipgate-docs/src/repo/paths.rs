//! `missing-path`: repository paths named in inline code (`` `docs/setup.md` ``,
//! `` `examples/live/` ``) or in shell code blocks (`./scripts/smoke.sh`; see
//! [`super::path_candidates`]) that do not exist.

use std::path::Path;

use super::files::SameName;
use super::path_candidates::path_candidates;
use super::reader_paths::{foreign_tool_folder, is_build_output, is_placeholder, Prose};
use super::relpath;
use crate::boundary::Resolved;
use crate::files::RepoFiles;
use crate::{Document, Finding, FindingKind};

/// Characters that mark a placeholder, pattern or non-path text (`<name>`, `$HOME`,
/// `*.md`, `user@host`, `key=value`, `C:`...).
const PLACEHOLDER: [char; 13] = [
    '<', '>', '$', '{', '}', '*', '?', '[', ']', '|', '@', ':', '=',
];

/// Top-level domains that mark a first segment as a host (`github.com/org/repo.git`).
const DOMAINS: [&str; 24] = [
    "com", "org", "net", "io", "dev", "rs", "sh", "co", "ai", "app", "cloud", "gov", "edu", "me",
    "info", "xyz", "uk", "de", "eu", "us", "ly", "gl", "so", "page",
];

/// Whether an inline code span reads as a repository path: no whitespace, at least one
/// `/`, no URI scheme, not absolute (`/`) nor home-relative (`~`), no placeholder
/// characters, not starting with a host name, and either a last segment with a file
/// extension (`name.ext`, the extension letters and digits with at least one letter) or a
/// trailing `/`.
pub fn looks_like_path(code: &str) -> bool {
    if code.is_empty()
        || code.chars().any(char::is_whitespace)
        || !code.contains('/')
        || code.starts_with('/')
        || code.starts_with('~')
        || code.contains("://")
        || code.contains(PLACEHOLDER)
    {
        return false;
    }
    let first = code
        .trim_start_matches("./")
        .split('/')
        .next()
        .unwrap_or("");
    if looks_like_host(first) {
        return false;
    }
    if code.ends_with('/') {
        return true;
    }
    let last = code.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((name, ext)) => {
            !name.is_empty()
                && !name.ends_with('.')
                && !ext.is_empty()
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && ext.chars().any(|c| c.is_ascii_alphabetic())
        }
        None => false,
    }
}

/// The root `.gitignore`'s rules (none when there is no such file, it cannot be read or it
/// resolves outside the repository).
fn generated(files: &RepoFiles) -> ignore::gitignore::Gitignore {
    let mut builder = ignore::gitignore::GitignoreBuilder::new(files.root());
    if let Ok(bytes) = files.read(".gitignore") {
        for line in String::from_utf8_lossy(&bytes).lines() {
            // a line that is not a valid rule is ignored, as git does
            let _ = builder.add_line(None, line);
        }
    }
    builder
        .build()
        .unwrap_or_else(|_| ignore::gitignore::Gitignore::empty())
}

/// `www.example.com`, `github.com`, `docs.rs`: a dotted name ending in a common top-level
/// domain.
fn looks_like_host(segment: &str) -> bool {
    if segment.starts_with("www.") {
        return true;
    }
    match segment.rsplit_once('.') {
        Some((name, tld)) => !name.is_empty() && !name.starts_with('.') && DOMAINS.contains(&tld),
        None => false,
    }
}

/// Checks every inline code span of `docs` that [`looks_like_path`]: it must exist
/// relative to `root` or to the document's folder (a trailing `/` asks for a folder), and
/// resolve inside the repository (symlinks followed). Findings are `missing-path`, with the
/// closest same-named file as the suggestion.
///
/// A path that the repository's root `.gitignore` ignores (`target/release/shipgate`,
/// `.shipgate/history.db`) is something a build or a run creates, so its absence is
/// normal: it is not reported.
pub fn check_paths(root: &Path, docs: &[Document]) -> Vec<Finding> {
    let files = RepoFiles::scan(root).unwrap_or_else(|_| RepoFiles::from_list(root, Vec::new()));
    let check = PathCheck::new(&files);
    docs.iter()
        .flat_map(|doc| check.check_document(doc).0)
        .collect()
}

/// The path check over a repository's listing: its `.gitignore` read and its file names
/// indexed once.
pub(crate) struct PathCheck<'a> {
    files: &'a RepoFiles,
    names: SameName<'a>,
    ignored: ignore::gitignore::Gitignore,
}

/// Whether a path exists, and where.
enum Found {
    Yes,
    No,
    Outside,
}

impl<'a> PathCheck<'a> {
    pub(crate) fn new(files: &'a RepoFiles) -> PathCheck<'a> {
        PathCheck {
            files,
            names: SameName::listed(files),
            ignored: generated(files),
        }
    }

    /// The `missing-path` findings of one document, and how many of its paths exist.
    pub(crate) fn check_document(&self, doc: &Document) -> (Vec<Finding>, usize) {
        let mut findings = Vec::new();
        let mut verified = 0;
        let prose = std::cell::OnceCell::new();
        for code in path_candidates(doc) {
            let wanted = code.text.as_str();
            let folder_wanted = wanted.ends_with('/');
            let exists = |rel: Option<String>| match rel {
                None => Found::No,
                Some(rel) => match self.files.resolve(&rel) {
                    Resolved::Dir => Found::Yes,
                    Resolved::File if !folder_wanted => Found::Yes,
                    Resolved::Outside => Found::Outside,
                    _ => Found::No,
                },
            };
            let from_root = relpath::normalize(wanted);
            let mut outside = false;
            let mut found = false;
            // from the root first; from the document's folder only when that fails, then
            // from the folders the snippet `cd`s into
            let mut bases: Vec<Option<String>> = vec![
                from_root.clone(),
                relpath::join(relpath::parent(&doc.path), wanted),
            ];
            for dir in &code.also_from {
                bases.push(relpath::join(dir, wanted));
                let from_doc = relpath::join(relpath::parent(&doc.path), dir);
                bases.push(from_doc.and_then(|d| relpath::join(&d, wanted)));
            }
            for at in bases {
                match exists(at) {
                    Found::Yes => found = true,
                    Found::Outside => outside = true,
                    Found::No => {}
                }
                if found {
                    break;
                }
            }
            let finding = |message: String| {
                Finding::at(
                    FindingKind::MissingPath,
                    &doc.path,
                    code.at.line,
                    code.at.column,
                    message,
                )
            };
            if found {
                verified += 1;
                continue;
            }
            if outside {
                findings.push(finding(format!("`{wanted}` points outside the repository")));
                continue;
            }
            if from_root.as_deref().is_some_and(|p| {
                self.ignored
                    .matched_path_or_any_parents(p, folder_wanted)
                    .is_ignore()
            }) {
                continue;
            }
            let has_dir = |d: &str| matches!(self.files.resolve(d), Resolved::Dir);
            if is_placeholder(wanted)
                || is_build_output(wanted)
                || prose
                    .get_or_init(|| Prose::of(doc))
                    .says_reader(code.at.line)
                || foreign_tool_folder(wanted, has_dir)
            {
                continue;
            }
            let suggestion = if folder_wanted {
                None
            } else {
                from_root
                    .as_deref()
                    .and_then(|missing| self.names.nearest_same_name(missing))
            };
            let finding = finding(format!("`{wanted}` does not exist"));
            findings.push(match suggestion {
                Some(s) => finding.suggest(s),
                None => finding,
            });
        }
        (findings, verified)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;
    use proptest::prelude::*;
    use std::fs;

    #[test]
    fn what_reads_as_a_path() {
        for yes in [
            "docs/setup.md",
            "./docs/setup.md",
            "../README.md",
            ".github/workflows/ci.yml",
            "examples/live/",
            "src/main.rs",
            "conf.d/default.conf",
            "a/b.tar.gz",
            "media/clip.mp4",
        ] {
            assert!(looks_like_path(yes), "{yes}");
        }
        for no in [
            "setup.md",
            "docs/setup",
            "/etc/hosts.conf",
            "~/.config/x.toml",
            "https://example.com/a.md",
            "docs/<name>.md",
            "$HOME/x.md",
            "docs/*.md",
            "docs/{a,b}.md",
            "user@host:/x.md",
            "key=a/b.md",
            "run docs/a.md",
            "image/svg+xml",
            "application/vnd.api+json",
            "3/4.5",
            "github.com/org/repo.git",
            "www.example.org/a.html",
            "docs.rs/regex/latest/index.html",
            "a/.env",
            "",
        ] {
            assert!(!looks_like_path(no), "{no}");
        }
    }

    fn write(root: &Path, rel: &str) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, "x").unwrap();
    }

    #[test]
    fn existing_paths_from_root_or_document_folder_pass() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "docs/setup.md");
        write(dir.path(), "docs/guide/run.md");
        write(dir.path(), "examples/live/a.yml");
        let doc = parse(
            "docs/index.md",
            "`docs/setup.md` `./docs/setup.md` `guide/run.md` `../docs/setup.md` \
             `examples/live/` `docs/guide/` `github.com/x/y.git` `docs/<file>.md`\n",
        );
        assert_eq!(check_paths(dir.path(), &[doc]), Vec::<Finding>::new());
    }

    #[test]
    fn code_block_paths_resolve_from_the_folders_the_snippet_enters() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "docs/c8/project/test/run.js");
        write(dir.path(), "web/dist/index.html");
        let doc = parse(
            "docs/README.md",
            "```sh\ncd c8/project\nnode test/run.js\ncd web && ls dist/index.html\nls gone/x.js\n```\n",
        );
        let findings = check_paths(dir.path(), &[doc]);
        let missing: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(missing, ["`gone/x.js` does not exist"]);
    }

    #[test]
    fn paths_git_ignores_are_build_outputs_and_not_reported() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".gitignore"), "/target\n.cache/\n*.log\n").unwrap();
        let doc = parse(
            "README.md",
            "`target/release/app` `.cache/db/state.db` `logs/run.log` `src/app.rs`\n",
        );
        let findings = check_paths(dir.path(), &[doc]);
        let missing: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(missing, ["`src/app.rs` does not exist"]);
    }

    #[test]
    fn missing_paths_are_reported_with_suggestions() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "docs/ops/setup.md");
        write(dir.path(), "docs/notes.txt");
        let doc = parse(
            "README.md",
            "Read `docs/setup.md`.\n\nSee `examples/none/` and `docs/notes.txt/`.\n",
        );
        let findings = check_paths(dir.path(), &[doc]);
        let got: Vec<_> = findings
            .iter()
            .map(|f| {
                (
                    f.kind,
                    f.line,
                    f.column,
                    f.message.as_str(),
                    f.suggestion.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    FindingKind::MissingPath,
                    Some(1),
                    Some(7),
                    "`docs/setup.md` does not exist",
                    Some("docs/ops/setup.md")
                ),
                (
                    FindingKind::MissingPath,
                    Some(3),
                    Some(6),
                    "`examples/none/` does not exist",
                    None
                ),
                (
                    FindingKind::MissingPath,
                    Some(3),
                    Some(27),
                    "`docs/notes.txt/` does not exist",
                    None
                ),
            ]
        );
    }

    #[test]
    fn a_bare_file_name_is_not_a_path_until_dot_slash_names_its_folder() {
        // proptest's shrunk cases: no `/`, so no path; `./` in front adds the `/` and makes
        // it one (a file of the document's folder or the root)
        for name in ["!.A", "\u{11da0}.a", "setup.md"] {
            assert!(!looks_like_path(name), "{name}");
            assert!(looks_like_path(&format!("./{name}")), "./{name}");
        }
        // `~` is home-relative only at the start: behind `./` it is a folder's name
        assert!(!looks_like_path("~/a.md"));
        assert!(looks_like_path("./~/a.md"));
    }

    /// Any text, one made of the characters paths are built of, or `/`-separated segments
    /// that are names, file names, hosts, `.`, `..`, `~` or placeholders.
    fn code_text() -> impl Strategy<Value = String> {
        let segment = prop_oneof![
            "[a-zA-Z0-9_-]{1,5}",
            "[a-z]{1,4}\\.(com|org|rs|io|md|yml|tar\\.gz|[a-z0-9]{1,3})",
            "www\\.[a-z]{1,4}",
            Just(String::new()),
            Just(".".to_string()),
            Just("..".to_string()),
            Just("~".to_string()),
            "[<>$*@:= ]",
        ];
        prop_oneof![
            any::<String>(),
            "[a-zA-Z0-9./~_:$@ -]{0,16}",
            prop::collection::vec(segment, 1..5).prop_map(|segments| segments.join("/")),
        ]
    }

    proptest! {
        #[test]
        fn looks_like_path_never_panics(s in code_text()) {
            // a path has a `/`, no whitespace, and is neither absolute nor home-relative
            if looks_like_path(&s) {
                prop_assert!(s.contains('/'));
                prop_assert!(!s.chars().any(char::is_whitespace));
                prop_assert!(!s.starts_with('/'));
                prop_assert!(!s.starts_with('~'));
            }
            // `./` in front of a relative text with a `/` does not change the answer (it
            // only adds a `/` to a text without one, and hides a leading `/` or `~`); in
            // front of a path it keeps it a path
            let dotted = format!("./{s}");
            if s.contains('/') && !s.starts_with(['/', '~']) {
                prop_assert_eq!(looks_like_path(&s), looks_like_path(&dotted), "{}", dotted);
            }
            if looks_like_path(&s) {
                prop_assert!(looks_like_path(&dotted), "{}", dotted);
            }
        }
    }
}
