//! Missing paths that are not this repository's: placeholders (`src/foo/file.ext`,
//! `mypackage/data.json`, `a/b/c.txt`, `constraints-pyodideXYZ.txt`), files the text tells
//! the reader to make in their own project ("create a `.github/workflows/wheels.yml` in
//! your repo", "for example `x/y.txt`"), and another tool's configuration folder that the
//! repository does not have (`.circleci/config.yml` where there is no `.circleci/`).
//!
//! These rules are applied only to a path that does not exist, so a path that does is
//! still verified whatever its words.

use std::collections::BTreeMap;

use crate::drift::has_word;
use crate::Document;

/// Words of a path (split at `/`, `.`, `-`, `_`, compared lower-cased) that make it a
/// placeholder.
const PLACEHOLDER_WORDS: &[&str] = &[
    "foo",
    "bar",
    "baz",
    "qux",
    "example",
    "mypackage",
    "mypkg",
    "mymodule",
    "myproject",
    "myapp",
    "mylib",
    "yourpackage",
    "yourproject",
    "xyz",
    "ext",
    "the",
];

/// Words of the prose around a path (its line and the two before, lower-cased) that say
/// the path is the reader's.
const READER_WORDS: &[&str] = &[
    "your",
    "yours",
    "create",
    "you could",
    "for example",
    "e.g.",
    "such as",
];

/// Whether the path `text` is a placeholder.
pub(crate) fn is_placeholder(text: &str) -> bool {
    let segments: Vec<&str> = text
        .trim_start_matches("./")
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    if segments
        .iter()
        .any(|s| s.contains("XYZ") || s.contains("XXX"))
    {
        return true;
    }
    let words = segments
        .iter()
        .flat_map(|s| s.split(['.', '-', '_']))
        .map(str::to_ascii_lowercase);
    if words
        .clone()
        .any(|w| PLACEHOLDER_WORDS.contains(&w.as_str()))
    {
        return true;
    }
    // `a/b/c.txt`: folders of one letter
    let folders = segments.len().saturating_sub(1);
    folders > 0
        && segments
            .iter()
            .take(folders)
            .all(|s| s.chars().count() == 1)
}

/// The lower-cased prose of each line of a document.
#[derive(Debug, Default)]
pub(crate) struct Prose {
    lines: BTreeMap<u32, String>,
    /// The document's prose blocks that are not lists (a list's items speak of different
    /// things).
    blocks: Vec<crate::ProseBlock>,
}

impl Prose {
    /// The prose of `doc` by line.
    pub(crate) fn of(doc: &Document) -> Prose {
        let mut lines: BTreeMap<u32, String> = BTreeMap::new();
        for span in &doc.text {
            let line = lines.entry(span.at.line).or_default();
            line.push(' ');
            line.push_str(&span.text.to_lowercase());
        }
        let blocks = doc.blocks.iter().filter(|b| !b.list).copied().collect();
        Prose { lines, blocks }
    }

    /// Whether the prose around `line` says the path is the reader's: the paragraph (or
    /// admonition, table, quote) holding it, else the line and the two before.
    pub(crate) fn says_reader(&self, line: u32) -> bool {
        let block =
            crate::document::block_holding(&self.blocks, line).and_then(|i| self.blocks.get(i));
        let lines = match block {
            Some(b) => b.first..=b.last,
            None => line.saturating_sub(2)..=line,
        };
        self.lines
            .range(lines)
            .any(|(_, text)| READER_WORDS.iter().any(|w| has_word(text, w)))
    }
}

/// File extensions of what a build makes (executables, libraries, objects, wheels): a
/// repository's sources do not hold them, a document naming one names a build's output.
const BUILD_OUTPUTS: &[&str] = &[
    "exe", "dll", "so", "dylib", "o", "obj", "pyd", "whl", "pdb", "lib",
];

/// Whether the path `text` names a build's output (`Release/main.exe`, `build/x.so`).
pub(crate) fn is_build_output(text: &str) -> bool {
    let name = text
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(text);
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && BUILD_OUTPUTS.contains(&ext.to_ascii_lowercase().as_str())
    })
}

/// Whether `text` starts with a dot-folder (`.circleci/`) that `has_dir` says the
/// repository does not have: another tool's configuration, in the reader's project.
pub(crate) fn foreign_tool_folder(text: &str, has_dir: impl Fn(&str) -> bool) -> bool {
    let path = text.trim_start_matches("./");
    match path.split_once('/') {
        Some((first, _)) => first.starts_with('.') && first.len() > 1 && !has_dir(first),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    #[test]
    fn placeholders() {
        for yes in [
            "src/foo/file.ext",
            "bar/file.ext",
            "mypackage/data.json",
            "site-packages/mypackage/",
            "src/example/__init__.py",
            "a/b/c.txt",
            "./cibuildwheel/resources/constraints-pyodideXYZ.txt",
            "tests/the-tests-file.py",
        ] {
            assert!(is_placeholder(yes), "{yes}");
        }
        for no in [
            "scripts/deploy.sh",
            "src/main.py",
            "config/old/",
            "examples/live/",
            "docs/a.md",
            "ab/c.txt",
            "barcode/scan.py",
            "./scripts/smoke-tests.sh",
        ] {
            assert!(!is_placeholder(no), "{no}");
        }
    }

    #[test]
    fn the_reader_s_files() {
        let doc = parse(
            "docs/ci.md",
            "Create a `.github/workflows/wheels.yml` in your repo.\n\n\n\nMoved away: `scripts/deploy.sh`.\n\n\
             such as\ntwo\n`p/q.txt`\nfour `x/y.txt`\n",
        );
        let prose = Prose::of(&doc);
        assert!(prose.says_reader(1));
        assert!(!prose.says_reader(5));
        // the paragraph is the window
        assert!(prose.says_reader(9));
        assert!(prose.says_reader(10));
    }

    #[test]
    fn build_outputs() {
        for yes in [
            "Release/main.exe",
            "build/lib/x.so",
            "dist/pkg-1.0-py3-none-any.whl",
            "a.DLL",
        ] {
            assert!(is_build_output(yes), "{yes}");
        }
        for no in ["src/main.rs", "lib/", "docs/.so", "scripts/deploy.sh", "so"] {
            assert!(!is_build_output(no), "{no}");
        }
    }

    #[test]
    fn the_paragraph_says_whose_a_path_is() {
        let doc = crate::markdown::parse(
            "docs/a.md",
            "!!! note\n    Put them in the same folder; e.g. if your\n    file is\n    `a.txt`, then\n    `./b.txt` is used.\n\n\
             Another paragraph\nnames\n`c/d.txt` alone.\n\n- your list item\n- second\n- third\n- fourth `e/f.txt`\n",
        );
        let prose = Prose::of(&doc);
        assert!(prose.says_reader(5));
        assert!(!prose.says_reader(9));
        // a list is not one piece of prose: its items say different things
        assert!(!prose.says_reader(14));
    }

    #[test]
    fn another_tool_s_folder() {
        let has = |d: &str| d == ".github";
        assert!(foreign_tool_folder(".circleci/config.yml", has));
        assert!(!foreign_tool_folder(".github/workflows/x.yml", has));
        assert!(!foreign_tool_folder("scripts/x.sh", has));
        assert!(!foreign_tool_folder(".env", has));
        assert!(!foreign_tool_folder("./.circleci", has));
    }
}
