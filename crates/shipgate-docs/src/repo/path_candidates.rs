//! Where the path check finds repository paths: whole inline code spans, and the words of
//! shell code block lines, read with the same rule ([`super::looks_like_path`]).
//!
//! In a shell code block (`bash`, `sh`, `console`, ..., or no language) every word of a
//! command line is a candidate (quotes removed, `#` comments and `$ ` prompts left out),
//! except the paths the snippet creates itself: a redirection's target (`> out/log.txt`),
//! the value of `-o`/`--output`, the operands of `mkdir` and `touch`, and the last
//! operand of `cp`, `mv`, `ln`, `git clone` (and curl's `-o` at the end of a cluster,
//! `-Lo`), in that block or any other of the document (a file downloaded in one step is
//! there for the next). A path after `cd dir` in the block may also exist relative to
//! `dir`.
//!
//! Example layouts are not candidates: a block drawing a tree (`├──`, `└──`, `│`, `|--`,
//! `` `-- ``), an unlabelled block listing one name per line with indentation, and a block
//! whose language is `example`, `tree` or `text`, or whose caption (the prose just above
//! it) says it is an example ("for example", "e.g.", "layout", "looks like").

use super::paths::looks_like_path;
use crate::drift::code_lines::is_shell_block;
use crate::{CodeBlock, Document, Position};

/// One candidate path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathCandidate {
    /// The path as written.
    pub(crate) text: String,
    /// Where it is.
    pub(crate) at: Position,
    /// Folders (repository paths) the snippet `cd`s into before the path: it may also be
    /// relative to one of them.
    pub(crate) also_from: Vec<String>,
}

/// Every candidate path of `doc`, in document order.
pub(crate) fn path_candidates(doc: &Document) -> Vec<PathCandidate> {
    let mut out: Vec<PathCandidate> = doc
        .inline_code
        .iter()
        .filter(|c| looks_like_path(&c.text))
        .map(|c| PathCandidate {
            text: c.text.clone(),
            at: c.at,
            also_from: Vec::new(),
        })
        .collect();
    // the lines of prose that caption an example, looked up once per block
    let captions: std::collections::BTreeSet<u32> = doc
        .text
        .iter()
        .filter(|span| {
            let lower = span.text.to_lowercase();
            CAPTIONS.iter().any(|c| lower.contains(c))
        })
        .map(|span| span.at.line)
        .collect();
    let mut made = std::collections::BTreeSet::new();
    for block in &doc.code_blocks {
        if is_shell_block(block) {
            // an example's paths are not checked, but what it makes is made
            let found = block_candidates(block, &mut made);
            if !is_example(&captions, block) {
                out.extend(found);
            }
        }
    }
    // a file one snippet makes (`curl -Lo x.pkg ...`) is there for the next one
    if !made.is_empty() {
        out.retain(|c| !made.contains(c.text.trim_start_matches("./")));
    }
    out.sort_by_key(|c| c.at);
    out
}

/// Words that caption an example.
const CAPTIONS: [&str; 7] = [
    "example",
    "e.g.",
    "for instance",
    "layout",
    "looks like",
    "look like",
    "would be",
];

/// Whether a block shows an example layout rather than the repository.
fn is_example(captions: &std::collections::BTreeSet<u32>, block: &CodeBlock) -> bool {
    if matches!(
        block.language.as_deref(),
        Some("example" | "tree" | "text" | "txt" | "plain" | "plaintext")
    ) {
        return true;
    }
    let tree = block.text.lines().any(|l| {
        l.contains(['├', '└', '│']) || l.contains("|--") || l.contains("`--") || l.contains("+--")
    });
    if tree {
        return true;
    }
    let lines: Vec<&str> = block
        .text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let listing = block.language.is_none()
        && lines.len() > 1
        && lines.iter().all(|l| {
            let l = l.split(" #").next().unwrap_or(l).trim();
            !l.contains(char::is_whitespace) && !l.starts_with('$')
        })
        && lines.iter().any(|l| l.starts_with([' ', '\t']));
    if listing {
        return true;
    }
    // The fence is the line above the first content line; the caption ends above it.
    let fence = block.at.line.saturating_sub(1);
    captions
        .range(fence.saturating_sub(3)..fence)
        .next()
        .is_some()
}

/// The candidate words of one shell block.
fn block_candidates(
    block: &CodeBlock,
    made: &mut std::collections::BTreeSet<String>,
) -> Vec<PathCandidate> {
    let mut out = Vec::new();
    let prompts = block.text.lines().any(|l| l.trim_start().starts_with("$ "));
    let mut cd_dirs: Vec<String> = Vec::new();
    for (n, raw) in block.text.split('\n').enumerate() {
        let trimmed = raw.trim_start();
        let (line, start) = match trimmed.strip_prefix("$ ") {
            Some(rest) => (rest, raw.len() - rest.len()),
            None if prompts => continue,
            None => (trimmed, raw.len() - trimmed.len()),
        };
        if line.starts_with('#') {
            continue;
        }
        let words = words(line);
        if is_setting(&words) {
            continue;
        }
        let created = created(&words);
        for pair in words.windows(2) {
            if let [(_, cd), (_, dir)] = pair {
                if cd == "cd" && !dir.starts_with(['-', '/', '~', '$']) {
                    cd_dirs.push(dir.trim_end_matches('/').to_string());
                }
            }
        }
        let line_no = block
            .at
            .line
            .saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        for (i, (offset, word)) in words.iter().enumerate() {
            if created.contains(&i) {
                made.insert(word.trim_start_matches("./").to_string());
                continue;
            }
            if !looks_like_path(word) {
                continue;
            }
            let column_in_line = raw.get(..start + offset).map_or(0, |h| h.chars().count());
            let base = if n == 0 { block.at.column } else { 1 };
            out.push(PathCandidate {
                text: word.clone(),
                at: Position {
                    line: line_no,
                    column: base.saturating_add(u32::try_from(column_in_line).unwrap_or(u32::MAX)),
                },
                also_from: cd_dirs.clone(),
            });
        }
    }
    out
}

/// The words of a command line with their byte offsets: split at blanks and at `;`,
/// `&&`, `||`, `|`, quotes and a trailing `,`/`)` removed, nothing after a `#` comment.
fn words(line: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for piece in line.split(' ') {
        let here = offset;
        offset += piece.len() + 1;
        if piece.starts_with('#') {
            break;
        }
        if matches!(piece, "&&" | "||" | "|" | ";" | "&") {
            out.push((here, piece.to_string()));
            continue;
        }
        let lead = piece.len() - piece.trim_start_matches(['"', '\'', '(']).len();
        let word = piece
            .trim_start_matches(['"', '\'', '('])
            .trim_end_matches(['"', '\'', ';', ',', ')', '&', '|']);
        if !word.is_empty() {
            out.push((here + lead, word.to_string()));
        }
        if piece.ends_with([';', '&', '|']) {
            out.push((here + piece.len(), ";".to_string()));
        }
    }
    out
}

/// A line of configuration rather than a command (`path = "src/x.py"`, `path: x.py`), as
/// unlabelled blocks often hold.
fn is_setting(words: &[(usize, String)]) -> bool {
    let first = words.first().map_or("", |(_, w)| w.as_str());
    let second = words.get(1).map_or("", |(_, w)| w.as_str());
    second == "=" || second == ":" || first.ends_with(':') || first.starts_with('[')
}

/// Whether a long option writes a file: `--output`, `--out-dir`, `--export-all`,
/// `--dest`, `--write-to`, `--save`, `--dump`.
fn is_output_option(option: &str) -> bool {
    let name = option.split('=').next().unwrap_or(option);
    name.starts_with("--")
        && ["out", "export", "dest", "write", "save", "dump"]
            .iter()
            .any(|w| name.contains(w))
}

/// Indexes of the words naming paths the line creates.
fn created(words: &[(usize, String)]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut program: Option<&str> = None;
    let mut operands: Vec<usize> = Vec::new();
    let flush = |program: Option<&str>, operands: &mut Vec<usize>, out: &mut Vec<usize>| {
        match program {
            Some("mkdir" | "touch") => out.extend(operands.iter().copied()),
            Some("cp" | "mv" | "ln" | "rsync" | "scp" | "clone") => out.extend(operands.last()),
            _ => {}
        }
        operands.clear();
    };
    let mut i = 0;
    while let Some((_, word)) = words.get(i) {
        let w = word.as_str();
        // curl's `-o` also ends a cluster of short flags (`-Lo`, `-fsSLo`)
        let curl_output = matches!(program, Some("curl"))
            && w.len() > 2
            && w.starts_with('-')
            && !w.starts_with("--")
            && w.ends_with('o')
            && w[1..].chars().all(|c| c.is_ascii_alphabetic());
        if matches!(w, ">" | ">>" | "-o" | "2>" | "&>" | "tee")
            || curl_output
            || is_output_option(w) && !w.contains('=')
        {
            out.push(i + 1);
        } else if is_output_option(w)
            || [">>", ">"]
                .iter()
                .any(|p| w.starts_with(*p) && w.len() > p.len())
        {
            out.push(i);
        } else if matches!(w, "&&" | "||" | "|" | ";" | "&") {
            flush(program, &mut operands, &mut out);
            program = None;
        } else if program.is_none() {
            program = Some(w);
        } else if w == "clone" && program == Some("git") {
            program = Some("clone");
        } else if !w.starts_with('-') {
            operands.push(i);
        }
        i += 1;
    }
    flush(program, &mut operands, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    fn found(markdown: &str) -> Vec<(String, u32, u32)> {
        path_candidates(&parse("docs/a.md", markdown))
            .into_iter()
            .map(|c| (c.text, c.at.line, c.at.column))
            .collect()
    }

    fn p(text: &str, line: u32, column: u32) -> (String, u32, u32) {
        (text.to_string(), line, column)
    }

    #[test]
    fn words_of_shell_blocks_are_candidates() {
        let md = "`src/app.py` `kubectl apply -f k8s/web.yaml`\n\n```bash\n./scripts/smoke-tests.sh --env staging\nkubectl apply -f \"k8s/\"; echo done # see docs/x.md\n```\n";
        assert_eq!(
            found(md),
            [
                p("src/app.py", 1, 2),
                p("./scripts/smoke-tests.sh", 4, 1),
                p("k8s/", 5, 19),
            ]
        );
    }

    #[test]
    fn prompts_output_and_created_paths() {
        let md = "```console\n$ cat conf/a.yaml > out/b.txt\nconf/output.yaml\n$ mkdir -p build/x/ && touch build/x/y.txt\n$ cp conf/a.yaml backup/a.yaml\n$ curl -o dl/f.tar.gz x && git clone https://x/y.git vendor/y/\n```\n";
        let names: Vec<String> = found(md).into_iter().map(|c| c.0).collect();
        assert_eq!(names, ["conf/a.yaml", "conf/a.yaml"]);
        let md = "```console\n$ hatch env lock default --export locks/default.lock\n$ hatch env lock --export-all locks/ --out-dir=dist/x/ -f conf/b.yaml\n```\n";
        let names: Vec<String> = found(md).into_iter().map(|c| c.0).collect();
        assert_eq!(names, ["conf/b.yaml"]);
    }

    #[test]
    fn a_file_one_block_makes_is_there_for_the_next() {
        let md =
            "In this example:\n\n```\ncurl -Lo hatch.pkg https://example.com/hatch.pkg\n```\n\n\
                  ```\nsudo installer -pkg ./hatch.pkg -target /\ncat ./other.pkg\n```\n";
        let got: Vec<String> = found(md).into_iter().map(|(t, _, _)| t).collect();
        assert_eq!(got, ["./other.pkg"]);
    }

    #[test]
    fn cd_folders_are_bases() {
        let doc = parse("a.md", "```sh\ncd frontend && ls dist/\n```\n");
        let got = path_candidates(&doc);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].also_from, ["frontend"]);
    }

    #[test]
    fn example_layouts_are_not_candidates() {
        for md in [
            "```\napp/\n├── routers/items.py\n└── main.py\n```\n",
            "```\napp/\n  routers/items.py\n  main.py\n```\n",
            "```text\napp/routers/items.py\n```\n",
            "For example:\n\n```bash\npython app/routers/items.py\n```\n",
            "The layout looks like this:\n\n```sh\nls app/routers/items.py\n```\n",
            "```python\nopen('app/routers/items.py')\n```\n",
            "    [tool.hatch.version]\n    path = \"src/foo/__about__.py\"\n",
            "```\nsources:\n  app: src/app.py\n```\n",
        ] {
            assert_eq!(found(md), [], "{md}");
        }
        // the caption is the prose just above: an example further up says nothing
        let md =
            "For example, a note.\n\nMore text.\n\nAnd more.\n\n```bash\npython app/main.py\n```\n";
        assert_eq!(found(md), [p("app/main.py", 8, 8)]);
    }
}
