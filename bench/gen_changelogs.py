#!/usr/bin/env python3
"""Generate a git repository of changelogs shaped like Node.js's for the docs benchmark
(bench/docs_changelogs.sh).

Usage: gen_changelogs.py OUT_DIR [FILES] [COMMITS_PER_FILE]

Writes OUT_DIR as a git repository holding FILES Markdown changelogs (default 5,000, about
60 KB each, ~300 MB in all) under doc/changelogs/vNN/. Each changelog has a table of
contents linking to its releases' headings, a few links into other changelogs' releases,
prose with inline paths of files that exist, and per release a list of commit lines in
Node's format:

    * \\[[`1a2b3c4d5e`](https://github.com/nodejs/node/commit/1a2b3c4d5e)] - **deps**: ...

COMMITS_PER_FILE (default 200, ~1M in all) hashes are cited per file. Each names an object
of the repository's store (a blob written with `git fast-import`, so that the store holds
about as many objects as the changelogs cite, as Node's does), except about 1 in 2,000,
which names nothing. About 1% of cross-changelog links point at a file that does not exist
and 1% at a heading that does not exist. Seeded and deterministic; the exact numbers go to
OUT_DIR/../changelogs-expected.json, and OUT_DIR/shipgate.yaml turns on the default checks
(links, paths, commits, mermaid) over every changelog.
"""
import hashlib
import json
import os
import random
import subprocess
import sys

AREAS = ("deps build doc lib src test tools http fs stream crypto esm worker net tls "
         "child_process url buffer timers v8 inspector repl").split()
WORDS = ("update fix add remove refactor improve support deprecate handle validate "
         "expose reduce avoid ensure allow emit parse align simplify document").split()
NAMES = ("Node.js GitHub Bot", "Antoine du Hamel", "Michaël Zasso", "Rafael Gonzaga",
         "Joyee Cheung", "Yagiz Nizipli", "James M Snell", "Matteo Collina")
CODENAMES = ("Argon Boron Carbon Dubnium Erbium Fermium Gallium Hydrogen Iron Jod").split()


def blob_id(content):
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def is_hash_span(h):
    return any(c.isdigit() for c in h) and any(c.isalpha() for c in h)


def git(out, *args, **kw):
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com",
               GIT_AUTHOR_DATE="2026-01-01T00:00:00Z",
               GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")
    return subprocess.run(["git", "-c", "init.defaultBranch=main", "-c",
                           "commit.gpgsign=false", *args], cwd=out, env=env, check=True, **kw)


def main():
    out = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    per_file = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    rng = random.Random(20261201)
    releases = 10
    per_release = max(1, per_file // releases)
    pages = [f"doc/changelogs/v{p // 100:02d}/CHANGELOG_V{p:04d}.md" for p in range(files)]

    def heading(p, r):
        return f"Release {p} {r} {CODENAMES[(p + r) % len(CODENAMES)]}"

    def slug(text):
        return text.lower().replace(" ", "-")

    os.makedirs(out, exist_ok=True)
    git(out, "init", "-q")
    importer = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=out,
                                stdin=subprocess.PIPE)
    expected = {"broken_links": 0, "missing_anchors": 0, "unknown_commits": 0, "hashes": 0}
    obj = 0
    for p, path in enumerate(pages):
        here = os.path.dirname(path)
        lines = [f"# Node.js {p} ChangeLog", "", "<table>", "<tr><th>Current</th></tr>",
                 "<tr><td>"]
        for r in range(releases):
            lines.append(f"<a href=\"#{slug(heading(p, r))}\">{p}.{r}.0</a><br/>")
        lines += ["</td></tr>", "</table>", "", "* Other Versions"]
        for _ in range(5):
            q = rng.randrange(files)
            target = os.path.relpath(pages[q], here)
            anchor = slug(heading(q, rng.randrange(releases)))
            roll = rng.random()
            if roll < 0.01:
                target = target.replace(".md", "-old.md")
                expected["broken_links"] += 1
            elif roll < 0.02:
                anchor += "-gone"
                expected["missing_anchors"] += 1
            lines.append(f"  * [{q}.x]({target}#{anchor})")
        lines.append("")
        for r in range(releases):
            title = heading(p, r)
            lines += [f"<a id=\"{p}.{r}.0\"></a>", "", f"## {title}", "",
                      "### Notable Changes", ""]
            for _ in range(6):
                lines.append(" ".join(rng.choice(WORDS + AREAS) for _ in range(40)) + ".")
                lines.append("")
            lines += [f"The full list is in `{path}` and the guide in "
                      f"[the index](#{slug(title)}).", "", "### Commits", ""]
            for _ in range(per_release):
                if rng.random() < 0.0005:
                    h = "%010x" % rng.getrandbits(40)
                    if is_hash_span(h):
                        expected["unknown_commits"] += 1
                else:
                    content = b"%d\n" % obj
                    obj += 1
                    importer.stdin.write(b"blob\ndata %d\n%s\n" % (len(content), content))
                    h = blob_id(content)[:10]
                if is_hash_span(h):
                    expected["hashes"] += 1
                area = rng.choice(AREAS)
                words = " ".join(rng.choice(WORDS + AREAS) for _ in range(8))
                pr = rng.randrange(10000, 60000)
                lines.append(
                    f"* \\[[`{h}`](https://github.com/nodejs/node/commit/{h})] - "
                    f"**{area}**: {words} ({rng.choice(NAMES)}) "
                    f"[#{pr}](https://github.com/nodejs/node/pull/{pr})")
            lines.append("")
        full = os.path.join(out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write("\n".join(lines) + "\n")
    importer.stdin.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    with open(os.path.join(out, "shipgate.yaml"), "w") as f:
        f.write('docs:\n  include: ["doc/**/*.md"]\n')
    git(out, "add", "-A")
    git(out, "commit", "-q", "-m", "changelogs")
    expected["objects"] = obj
    with open(os.path.join(os.path.dirname(os.path.abspath(out)), "changelogs-expected.json"),
              "w") as f:
        json.dump(expected, f)
    print(f"{files} changelogs, {expected}", file=sys.stderr)


if __name__ == "__main__":
    main()
