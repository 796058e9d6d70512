#!/usr/bin/env python3
"""Generate the two extreme inputs of the docs benchmark (bench/docs_changelogs.sh).

Usage: gen_docs_extremes.py OUT_DIR

OUT_DIR/broken-links/: one document of 1,000,000 relative links to files that do not
exist (one per line, 1M `broken-link` findings, each with its excerpt).
OUT_DIR/big-document/: one 100 MB document: 200,000 headings, each followed by links to
its own and to earlier headings (1 in 100 to a heading that does not exist), prose with
inline code, and a fenced block.
Each folder has its shipgate.yaml (default checks). Deterministic.
"""
import os
import random
import sys


def main():
    out = sys.argv[1]
    rng = random.Random(20261201)

    d = os.path.join(out, "broken-links")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "links.md"), "w") as f:
        f.write("# Broken links\n\n")
        for i in range(1_000_000):
            f.write(f"[page {i}](pages/missing-{i}.md)\n")
    with open(os.path.join(d, "shipgate.yaml"), "w") as f:
        f.write('docs:\n  include: ["links.md"]\n')

    d = os.path.join(out, "big-document")
    os.makedirs(d, exist_ok=True)
    target = 100 * 1000 * 1000
    written = 0
    missing = 0
    with open(os.path.join(d, "big.md"), "w") as f:
        h = 0
        while written < target:
            lines = [f"## Section {h} of the big document", ""]
            for _ in range(4):
                back = rng.randrange(h + 1)
                gone = rng.random() < 0.01
                missing += gone
                lines.append(
                    f"See [this](#section-{h}-of-the-big-document) and "
                    f"[that](#section-{back}-of-the-big-document{'-gone' if gone else ''}); "
                    f"run `make build-{h}` with `LEVEL={h % 7}`. "
                    + " ".join(rng.choice(("gate", "release", "canary", "rollback", "metric",
                                           "smoke", "deploy", "verify")) for _ in range(30))
                    + ".")
                lines.append("")
            lines += ["```bash", f"echo section {h}", "```", ""]
            text = "\n".join(lines) + "\n"
            f.write(text)
            written += len(text)
            h += 1
    with open(os.path.join(d, "shipgate.yaml"), "w") as f:
        f.write('docs:\n  include: ["big.md"]\n')
    print(f"broken-links: 1000000 links; big-document: {written} bytes, {h} headings, "
          f"{missing} missing anchors", file=sys.stderr)
    with open(os.path.join(out, "expected.txt"), "w") as f:
        f.write(f"broken-links 1000000\nbig-document {missing}\n")


if __name__ == "__main__":
    main()
