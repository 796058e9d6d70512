#!/usr/bin/env python3
"""Generate a large Markdown documentation tree for the docs benchmark (bench/docs.sh).

Usage: gen_docs.py OUT_DIR FILES

Writes OUT_DIR/docs/sectionNN/page-NNNN.md (FILES pages, ~150 lines each): headings, prose,
relative links to other pages' headings and to this page's own headings, images, inline
code and fenced code blocks (bash, yaml, json, mermaid). Seeded and deterministic. About 1%
of cross-page links point at a page that does not exist and about 1% at a heading that does
not exist, so that both tools have something to find; the exact numbers go to
OUT_DIR/expected.json as {"broken_links": N, "missing_anchors": M}.

Also writes the truth files the drift checks read (a GitHub Actions workflow, a Python
service with routes and environment lookups) and OUT_DIR/shipgate.yaml, so that shipgate
runs every check it has, not only links: commands, env, endpoints, ids, paths, mermaid.
Headings are plain words so every tool derives the same anchors.
"""
import json
import os
import random
import sys

WORDS = ("deploy release canary gate metric rollout smoke health service cluster node "
         "config secret token queue cache index report summary pipeline build test check "
         "verify promote rollback window sample baseline traffic latency error budget").split()


def slug(text):
    return text.lower().replace(" ", "-")


def main():
    out, files = sys.argv[1], int(sys.argv[2])
    rng = random.Random(20261127)
    sections = max(1, files // 100)
    pages = [f"docs/section{p // 100:02d}/page-{p:05d}.md" for p in range(files)]
    headings = []
    for p in range(files):
        titles = []
        for h in range(8):
            words = rng.sample(WORDS, 3)
            titles.append(f"{words[0].capitalize()} {words[1]} {words[2]} {p} {h}")
        headings.append(titles)

    broken_links = 0
    missing_anchors = 0
    for p, path in enumerate(pages):
        full = os.path.join(out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        here = os.path.dirname(path)
        lines = [f"# Page {p}", ""]
        for h, title in enumerate(headings[p]):
            lines += [f"## {title}", ""]
            for _ in range(3):
                q = rng.randrange(files)
                target = os.path.relpath(pages[q], here)
                anchor = slug(rng.choice(headings[q]))
                roll = rng.random()
                if roll < 0.01:
                    target = target.replace(".md", "-old.md")
                    broken_links += 1
                elif roll < 0.02:
                    anchor = anchor + "-gone"
                    missing_anchors += 1
                own = slug(rng.choice(headings[p]))
                lines.append(
                    f"See [{rng.choice(WORDS)}]({target}#{anchor}) and "
                    f"[above](#{own}); run `kubectl rollout status deployment/web --timeout=10m` "
                    f"with `DEPLOY_TOKEN` set, then check `GET /health/live` and gate `TQ-0{rng.randrange(1, 6)}`."
                )
                lines.append(
                    " ".join(rng.choice(WORDS) for _ in range(18)) + "."
                )
            lines.append("")
            kind = h % 4
            if kind == 0:
                lines += ["```bash",
                          "kubectl rollout status deployment/web --timeout=10m",
                          'curl -fsS "$BASE_URL/health/live"',
                          "```", ""]
            elif kind == 1:
                lines += ["```yaml", "gates:", "  pass_rate: \">= 98%\"", "```", ""]
            elif kind == 2:
                lines += ["```mermaid", "flowchart LR",
                          f"  build{p} --> test{p} --> gate{p}{{Gates}}",
                          f"  gate{p} -->|pass| deploy{p}([Deploy])",
                          "```", ""]
            else:
                lines += [f"![diagram](../../assets/diagram.png)", ""]
        with open(full, "w") as f:
            f.write("\n".join(lines) + "\n")

    os.makedirs(os.path.join(out, "assets"), exist_ok=True)
    with open(os.path.join(out, "assets", "diagram.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
    os.makedirs(os.path.join(out, ".github", "workflows"), exist_ok=True)
    with open(os.path.join(out, ".github", "workflows", "deploy.yml"), "w") as f:
        f.write("""name: deploy
on: [push]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - name: TQ-01 TQ-02 TQ-03 TQ-04 TQ-05
        env:
          DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}
          BASE_URL: https://staging.example.com
        run: |
          kubectl rollout status deployment/web --timeout=10m
          curl -fsS "$BASE_URL/health/live"
""")
    os.makedirs(os.path.join(out, "service"), exist_ok=True)
    with open(os.path.join(out, "service", "app.py"), "w") as f:
        f.write("""import os
from fastapi import FastAPI

app = FastAPI()
TOKEN = os.environ.get("DEPLOY_TOKEN")


@app.get("/health/live")
def live():
    return {"status": "alive"}
""")
    with open(os.path.join(out, "shipgate.yaml"), "w") as f:
        f.write("""docs:
  include: ["docs/**/*.md"]
  commits: false
  commands:
    tools: [kubectl]
    truth: [".github/workflows/*.yml"]
  env:
    truth: [".github/workflows/*.yml", "service/**/*.py"]
  endpoints:
    truth: ["service/**/*.py"]
  ids:
    - pattern: "TQ-[0-9]{2}"
      truth: [".github/workflows/*.yml"]
""")
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump({"broken_links": broken_links, "missing_anchors": missing_anchors}, f)
    print(f"{files} pages in {sections} sections, {broken_links} broken links, "
          f"{missing_anchors} missing anchors", file=sys.stderr)


if __name__ == "__main__":
    main()
