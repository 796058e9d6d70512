//! The link check: every relative link and image must point at an existing file or folder,
//! and a `#fragment` into a Markdown file at one of its anchors.

use std::collections::HashMap;
use std::path::Path;

use super::anchors::{Anchors, Suggester};
use super::resolve::{classify, split_destination, Target};
use crate::boundary::{Refused, Resolved};
use crate::files::RepoFiles;
use crate::markdown;
use crate::repo::files::SameName;
use crate::repo::relpath;
use crate::{Document, Finding, FindingKind, Link, Position};

/// The links to `http:` and `https:` URLs, with their documents, for a network check.
pub fn external(docs: &[Document]) -> Vec<(&Document, &Link)> {
    docs.iter()
        .flat_map(|doc| doc.links.iter().map(move |link| (doc, link)))
        .filter(|(_, link)| link.is_web())
        .collect()
}

/// Checks every link and image of `docs` (paths relative to `root`): `broken-link` when
/// the target does not exist (or lies outside the repository, symlinks followed, or cannot
/// be read), `missing-anchor` when a `#fragment` into a Markdown file matches none of its
/// anchors (compared without regard to case). External links, empty destinations,
/// fragments on other files and links to folders are not checked.
pub fn check(root: &Path, docs: &[Document]) -> Vec<Finding> {
    let files = crate::files::RepoFiles::scan(root)
        .unwrap_or_else(|_| crate::files::RepoFiles::from_list(root, Vec::new()));
    check_listed(&files, docs)
}

/// [`check`] with the repository's files listed already.
pub(crate) fn check_listed(files: &RepoFiles, docs: &[Document]) -> Vec<Finding> {
    let links = LinkCheck::new(files);
    let anchors: HashMap<String, Anchors> =
        docs.iter().map(|d| (own_path(d), Anchors::of(d))).collect();
    // MyST resolves a `#label` of any document of the site
    let mut later = CrossDocument::new(files).with_labels(docs.iter().flat_map(|d| &d.labels));
    let mut findings = Vec::new();
    for doc in docs {
        let own = anchors.get(&own_path(doc)).cloned().unwrap_or_default();
        let (found, pending) = links.check_document(doc, &own);
        findings.extend(found);
        findings.extend(later.check(&doc.path, doc.links.len(), pending, &anchors));
    }
    findings
}

/// A document's path as links resolve to it.
pub(crate) fn own_path(doc: &Document) -> String {
    relpath::normalize(&doc.path).unwrap_or_default()
}

/// A `#fragment` into another Markdown file, checked once every document's anchors are
/// known.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    at: Position,
    destination: String,
    /// The target, repository-relative.
    path: String,
    fragment: String,
    /// A fragment into the document itself that none of its anchors matched: it may
    /// still be a MyST label of another document (MyST resolves `#label` site-wide).
    own: bool,
}

/// The per-document part of the link check: targets resolved inside the repository,
/// fragments into the document itself looked up in its anchors.
pub(crate) struct LinkCheck<'a> {
    files: &'a RepoFiles,
    names: SameName<'a>,
}

impl<'a> LinkCheck<'a> {
    /// The check over a repository's listing (its file names indexed once for suggestions).
    pub(crate) fn new(files: &'a RepoFiles) -> LinkCheck<'a> {
        LinkCheck {
            files,
            names: SameName::listed(files),
        }
    }

    /// The findings of `doc`'s links that need no other document, and the fragments into
    /// other Markdown files left for [`CrossDocument::check`]. `own` are `doc`'s anchors.
    pub(crate) fn check_document(
        &self,
        doc: &Document,
        own: &Anchors,
    ) -> (Vec<Finding>, Vec<Pending>) {
        let me = own_path(doc);
        let mut findings = Vec::new();
        let mut pending = Vec::new();
        let mut suggester = Suggester::for_links(doc.links.len());
        let mut missing: HashMap<String, Option<String>> = HashMap::new();
        for link in &doc.links {
            let destination = link.destination.trim();
            let finding = |kind, message: String, suggestion: Option<String>| Finding {
                suggestion,
                ..Finding::at(kind, &doc.path, link.at.line, link.at.column, message)
            };
            let outside = || {
                finding(
                    FindingKind::BrokenLink,
                    format!(
                        "`{destination}` (from {}) points outside the repository",
                        doc.path
                    ),
                    None,
                )
            };
            let (path, fragment) = match classify(&doc.path, destination) {
                Target::Empty | Target::External => continue,
                Target::Outside => {
                    findings.push(outside());
                    continue;
                }
                Target::Local { path, fragment } => (path, fragment),
            };
            let is_dir = match self.files.resolve(&path) {
                Resolved::File => false,
                Resolved::Dir => true,
                Resolved::Outside => {
                    findings.push(outside());
                    continue;
                }
                Resolved::Missing if self.is_site_url(destination, &path) => continue,
                Resolved::Missing => {
                    let suggestion = self.suggest(&path, &mut suggester, &mut missing);
                    findings.push(finding(
                        FindingKind::BrokenLink,
                        format!(
                            "`{destination}` (from {}) resolves to `{path}`, which does not exist",
                            doc.path
                        ),
                        suggestion.map(|found| corrected(doc, destination, &found)),
                    ));
                    continue;
                }
                Resolved::Unreadable(e) => {
                    findings.push(unreadable(doc, link, destination, &path, &e));
                    continue;
                }
            };
            let Some(fragment) = fragment else { continue };
            if is_dir || !is_markdown(&path) || fragment.eq_ignore_ascii_case("top") {
                continue;
            }
            if path != me {
                pending.push(Pending {
                    at: link.at,
                    destination: destination.to_owned(),
                    path,
                    fragment,
                    own: false,
                });
                continue;
            }
            let wanted = fragment.to_lowercase();
            if own.contains(&wanted) {
                continue;
            }
            // judged with the other documents' MyST labels known
            pending.push(Pending {
                at: link.at,
                destination: destination.to_owned(),
                path,
                fragment,
                own: true,
            });
        }
        (findings, pending)
    }
}

impl LinkCheck<'_> {
    /// The existing file `path` (missing) was probably meant to be, within the document's
    /// budget. Only suggestions that were looked for are remembered: a path no file shares
    /// its name with has none (and costs nothing), and once the budget cannot pay for a
    /// path it never can (the budget only shrinks), so neither is kept for the link after.
    fn suggest(
        &self,
        path: &str,
        suggester: &mut Suggester,
        made: &mut HashMap<String, Option<String>>,
    ) -> Option<String> {
        if let Some(found) = made.get(path) {
            return found.clone();
        }
        let cost = self.names.candidates(path);
        if cost == 0 || !suggester.spend(cost) {
            return None;
        }
        let found = self.names.nearest_same_name(path);
        made.insert(path.to_owned(), found.clone());
        found
    }

    /// Whether a root-relative link that resolves to nothing is a page of the published
    /// site rather than a repository path: a page URL (`/dev/community/users/`, no file
    /// extension in its last segment) whose first folder the repository does not have.
    fn is_site_url(&self, destination: &str, path: &str) -> bool {
        let (written, _) = split_destination(destination);
        if !written.starts_with('/') {
            return false;
        }
        let last = written
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("");
        let first = path.split('/').next().unwrap_or("");
        !last.contains('.')
            && !first.is_empty()
            && matches!(self.files.resolve(first), Resolved::Missing)
    }
}

/// The cross-document part of the link check: fragments into other Markdown files, looked
/// up in the checked documents' anchors or, for other files, in anchors read and parsed
/// once per file.
pub(crate) struct CrossDocument<'a> {
    files: &'a RepoFiles,
    parsed: HashMap<String, Result<Anchors, String>>,
    /// The checked documents' MyST labels, lower-cased.
    labels: std::collections::HashSet<String>,
}

impl<'a> CrossDocument<'a> {
    pub(crate) fn new(files: &'a RepoFiles) -> CrossDocument<'a> {
        CrossDocument {
            files,
            parsed: HashMap::new(),
            labels: std::collections::HashSet::new(),
        }
    }

    /// The checked documents' MyST labels: a `#label` of any of them resolves from all.
    pub(crate) fn with_labels<'l>(mut self, labels: impl IntoIterator<Item = &'l String>) -> Self {
        self.labels = labels.into_iter().map(|l| l.to_lowercase()).collect();
        self
    }

    /// The findings of the fragments `pending` of the document `doc` (which has `links`
    /// links); `checked` are the checked documents' anchors by path.
    pub(crate) fn check(
        &mut self,
        doc: &str,
        links: usize,
        pending: Vec<Pending>,
        checked: &HashMap<String, Anchors>,
    ) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut suggester = Suggester::for_links(links);
        for p in pending {
            let anchors = match checked.get(&p.path) {
                Some(anchors) => anchors,
                None => {
                    let files = self.files;
                    let read = self.parsed.entry(p.path.clone()).or_insert_with(|| {
                        match files.read(&p.path) {
                            Ok(bytes) => Ok(Anchors::of(&markdown::parse(
                                &p.path,
                                &String::from_utf8_lossy(&bytes),
                            ))),
                            Err(Refused::Outside) => {
                                Err("it points outside the repository".to_owned())
                            }
                            Err(Refused::Io(e)) => Err(e.to_string()),
                        }
                    });
                    match read {
                        Ok(anchors) => &*anchors,
                        Err(e) => {
                            findings.push(Finding::at(
                                FindingKind::BrokenLink,
                                doc,
                                p.at.line,
                                p.at.column,
                                format!(
                                    "`{}` (from {doc}) resolves to `{}`, which cannot be read: {e}",
                                    p.destination, p.path
                                ),
                            ));
                            continue;
                        }
                    }
                }
            };
            let wanted = p.fragment.to_lowercase();
            if anchors.contains(&wanted) || (p.own && self.labels.contains(&wanted)) {
                continue;
            }
            let mut finding = Finding::at(
                FindingKind::MissingAnchor,
                doc,
                p.at.line,
                p.at.column,
                missing_anchor(&p.destination, doc, &p.fragment, &p.path),
            );
            finding.suggestion = suggester.nearest(&p.path, &wanted, anchors);
            findings.push(finding);
        }
        findings
    }
}

fn missing_anchor(destination: &str, doc: &str, fragment: &str, path: &str) -> String {
    format!("`{destination}` (from {doc}): no heading or id `{fragment}` in `{path}`")
}

fn unreadable(
    doc: &Document,
    link: &Link,
    destination: &str,
    path: &str,
    e: &dyn std::fmt::Display,
) -> Finding {
    Finding::at(
        FindingKind::BrokenLink,
        &doc.path,
        link.at.line,
        link.at.column,
        format!(
            "`{destination}` (from {}) resolves to `{path}`, which cannot be read: {e}",
            doc.path
        ),
    )
}

/// Whether the repository path names a Markdown file.
fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// The destination rewritten to point at `found` (repository-relative), written the way
/// the original was (root-relative or relative to the document), keeping its `?query` and
/// `#fragment`.
fn corrected(doc: &Document, destination: &str, found: &str) -> String {
    let (path, _) = split_destination(destination);
    let suffix = destination.get(path.len()..).unwrap_or("");
    let new_path = if destination.starts_with('/') {
        format!("/{found}")
    } else {
        relpath::relative(relpath::parent(&doc.path), found)
    };
    format!("{new_path}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;
    use proptest::prelude::*;
    use std::fs;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// Writes the files and parses the ones named in `docs` as the checked documents.
    fn repo(files: &[(&str, &str)], docs: &[&str]) -> (tempfile::TempDir, Vec<Document>) {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            write(dir.path(), rel, text);
        }
        let docs = docs
            .iter()
            .map(|rel| {
                let text = fs::read_to_string(dir.path().join(rel)).unwrap();
                parse(rel, &text)
            })
            .collect();
        (dir, docs)
    }

    const GUIDE: &str = "# Guide\n\n## What's new? (v2.0)\n\n## Usage\n\n## Usage\n\n## Install {#setup-steps}\n\n<a name=\"legacy\"></a>\n";

    #[test]
    fn near_misses_are_not_reported() {
        let intro = "\
[a](#whats-new-v20) [b](#usage-1) [c](#setup-steps) [d](#legacy) [e](#USAGE) [f](#top)\n\
[g](my%20file.md) [h](/README.md) [i](../ops/) [j](../../src/main.rs#L10)\n\
[k](mailto:ops@example.com) [l](https://example.com/x.md) <ops@example.com>\n\
[m](../../README.md#project) [n](../ops/run.md#run-it) ![img](../img/logo.png)\n\
[o](../ops) [p](../../src/main.rs?plain=1) [q]() [r](<my file.md#guide>)\n\
[s](../../docs/guide/#anything)\n";
        let (dir, docs) = repo(
            &[
                ("docs/guide/intro.md", &format!("{GUIDE}\n{intro}")),
                ("docs/guide/my file.md", "# Guide\n"),
                ("README.md", "# Project\n"),
                ("docs/ops/run.md", "## Run it\n"),
                ("docs/img/logo.png", "png"),
                ("src/main.rs", "fn main() {}\n"),
            ],
            &["docs/guide/intro.md", "README.md"],
        );
        assert_eq!(check(dir.path(), &docs), Vec::<Finding>::new());
    }

    #[test]
    fn missing_target_with_suggestion() {
        let (dir, docs) = repo(
            &[
                (
                    "docs/guide/intro.md",
                    "# Intro\n\nSee [setup](../setup.md#install).\n",
                ),
                ("setup.md", "## Install\n"),
            ],
            &["docs/guide/intro.md"],
        );
        let findings = check(dir.path(), &docs);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.kind, FindingKind::BrokenLink);
        assert_eq!(f.file, "docs/guide/intro.md");
        assert_eq!((f.line, f.column), (Some(3), Some(5)));
        assert_eq!(
            f.message,
            "`../setup.md#install` (from docs/guide/intro.md) resolves to `docs/setup.md`, which does not exist"
        );
        assert_eq!(f.suggestion.as_deref(), Some("../../setup.md#install"));
    }

    #[test]
    fn root_relative_suggestion_stays_root_relative() {
        let (dir, docs) = repo(
            &[
                ("docs/a.md", "[x](/guide/run.md)\n"),
                ("docs/guide/run.md", "x"),
            ],
            &["docs/a.md"],
        );
        let findings = check(dir.path(), &docs);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].suggestion.as_deref(),
            Some("/docs/guide/run.md")
        );
    }

    #[test]
    fn missing_image_without_any_same_name_file() {
        let (dir, docs) = repo(&[("a.md", "![x](img/none.png)\n")], &["a.md"]);
        let findings = check(dir.path(), &docs);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].kind, FindingKind::BrokenLink);
        assert_eq!(findings[0].suggestion, None);
    }

    #[test]
    fn link_above_the_root() {
        let (dir, docs) = repo(&[("docs/a.md", "[x](../../outside.md)\n")], &["docs/a.md"]);
        let findings = check(dir.path(), &docs);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].kind, FindingKind::BrokenLink);
        assert!(findings[0]
            .message
            .contains("points outside the repository"));
    }

    #[test]
    fn missing_anchor_in_self_and_other_files() {
        let (dir, docs) = repo(
            &[
                (
                    "docs/a.md",
                    "## Install\n\n[x](#instal) [y](b.md#configure) [z](c.md#nothing-like-it)\n",
                ),
                ("docs/b.md", "## Configuration\n\n## Configure it\n"),
                ("docs/c.md", "## Usage\n"),
            ],
            // b.md and c.md are not checked documents: read from disk.
            &["docs/a.md"],
        );
        let findings = check(dir.path(), &docs);
        let got: Vec<_> = findings
            .iter()
            .map(|f| (f.kind, f.column, f.suggestion.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (FindingKind::MissingAnchor, Some(1), Some("install")),
                (FindingKind::MissingAnchor, Some(14), Some("configure-it")),
                (FindingKind::MissingAnchor, Some(34), None),
            ]
        );
        assert_eq!(
            findings[1].message,
            "`b.md#configure` (from docs/a.md): no heading or id `configure` in `docs/b.md`"
        );
    }

    #[test]
    fn myst_labels_are_anchors_and_generated_pages_are_not_judged() {
        let (dir, docs) = repo(
            &[
                (
                    "docs/a.md",
                    "[x](b.md#soabi) [y](api.md#cibuildwheel.options) [z](b.md#nope) [w](#here) [v](#limited-api)\n\n(here)=\n## There\n",
                ),
                ("docs/b.md", "(soabi)=\n## The SOABI\n\n(limited-api)=\n## Limited API\n"),
                // mkdocstrings fills this page in when the site is built
                ("docs/api.md", "# API\n\n::: cibuildwheel.options\n"),
            ],
            &["docs/a.md", "docs/b.md", "docs/api.md"],
        );
        let findings = check(dir.path(), &docs);
        // only the fragment a plain page lacks is reported (a MyST label of another page,
        // `#limited-api`, resolves site-wide)
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].message.contains("`nope`"), "{findings:?}");
    }

    #[test]
    fn a_file_used_as_a_folder_is_missing() {
        let (dir, docs) = repo(&[("a.md", "[x](a.md/b.md)\n")], &["a.md"]);
        let findings = check(dir.path(), &docs);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.contains("does not exist"));
    }

    #[test]
    fn fragment_on_a_folder_named_like_markdown_is_not_checked() {
        // A folder named like a Markdown file cannot be read as one, but a folder is fine
        // as a plain target; a fragment on it is not checked.
        let (dir, docs) = repo(
            &[("a.md", "[x](dir.md#x)\n"), ("dir.md/keep", "")],
            &["a.md"],
        );
        assert!(check(dir.path(), &docs).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_file_reports_the_io_error() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, docs) = repo(&[("a.md", "[x](b.md#x)\n"), ("b.md", "# X\n")], &["a.md"]);
        let b = dir.path().join("b.md");
        fs::set_permissions(&b, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(&b).is_ok() {
            // Running with privileges that ignore permissions: nothing to observe.
            return;
        }
        let findings = check(dir.path(), &docs);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].kind, FindingKind::BrokenLink);
        assert!(
            findings[0].message.contains("cannot be read"),
            "{}",
            findings[0].message
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_reports_the_io_error() {
        let (dir, docs) = repo(&[("a.md", "[x](loop.md)\n")], &["a.md"]);
        std::os::unix::fs::symlink("loop.md", dir.path().join("loop.md")).unwrap();
        let findings = check(dir.path(), &docs);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].kind, FindingKind::BrokenLink);
        assert!(
            findings[0].message.contains("cannot be read"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn a_nul_byte_in_a_path_is_an_error_not_a_panic() {
        let (dir, docs) = repo(&[("a.md", "[x](a%00b.md)\n")], &["a.md"]);
        let findings = check(dir.path(), &docs);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].kind, FindingKind::BrokenLink);
    }

    #[test]
    fn external_lists_http_links_only() {
        let doc = parse(
            "a.md",
            "[a](https://x.org) [b](HTTP://y.org) [c](mailto:z@x) [d](b.md) ![e](https://i/e.png)\n",
        );
        let docs = [doc];
        let ext: Vec<_> = external(&docs)
            .iter()
            .map(|(_, l)| &*l.destination)
            .collect();
        assert_eq!(ext, ["https://x.org", "HTTP://y.org", "https://i/e.png"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn arbitrary_destinations_never_panic(
            dests in prop::collection::vec("[./#%a-z0-9?: -]{0,16}|\\PC{0,12}", 0..8)
        ) {
            let (dir, _) = repo(&[("docs/a.md", "## Usage\n"), ("b.md", "# B\n")], &[]);
            let text: String = dests.iter().map(|d| format!("[x](<{d}>) ")).collect();
            let docs = [parse("docs/a.md", &text)];
            let findings = check(dir.path(), &docs);
            prop_assert_eq!(&findings, &check(dir.path(), &docs));
            // at most one finding per link, each at a link, of the link check's kinds
            prop_assert!(findings.len() <= docs[0].links.len());
            for f in &findings {
                prop_assert!(matches!(f.kind, FindingKind::BrokenLink | FindingKind::MissingAnchor));
                prop_assert_eq!(f.file.as_str(), "docs/a.md");
                prop_assert!(docs[0].links.iter().any(|l| Some(l.at.line) == f.line && Some(l.at.column) == f.column));
            }
            // the links that exist are never reported
            let good = parse("docs/a.md", "## Usage\n\n[x](#usage) [y](../b.md#b) [z](a.md)");
            prop_assert_eq!(check(dir.path(), &[good]), Vec::<Finding>::new());
            // and a link that does not is
            let bad = parse("docs/a.md", &format!("{text}\n\n[w](nowhere.md)"));
            prop_assert_eq!(check(dir.path(), &[bad]).len(), findings.len() + 1);
        }
    }
}
