#!/usr/bin/env python3
"""Precision of `shipgate docs check` on the real documentation trees of corpus.toml.

    bench/precision/fetch.sh                      # download and extract the pinned trees once
    bench/precision/run.py [--shipgate PATH] [--tree NAME]... [--unclassified-tsv]

Runs `shipgate --config configs/<tree>.yaml docs check --format json` from each tree's root,
matches every finding against classified/<tree>.tsv (kind, file, line, key, verdict, reason;
the key is the first `quoted` text of the message), and prints per tree: findings, true,
false, unclear, unclassified, precision = true / (true + false), then the false-positive
classes (kind and reason tag). Unclassified findings are listed (never counted as true or
false); with --unclassified-tsv they are printed as TSV rows to classify. Rows of the
classification that no finding matched any more are reported as gone. Exits 1 when any
finding is unclassified, so a change in the findings cannot pass unnoticed.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERDICTS = ("true", "false", "unclear")


def cache_dir() -> Path:
    if os.environ.get("SHIPGATE_PRECISION_CACHE"):
        return Path(os.environ["SHIPGATE_PRECISION_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "shipgate-precision"


def key_of(message: str) -> str:
    m = re.search(r"`([^`]*)`", message)
    text = m.group(1) if m else message
    return " ".join(text.split())


def read_classified(path: Path):
    rows = {}
    if not path.exists():
        return rows
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 6:
            sys.exit(f"{path}:{n}: expected 6 tab-separated columns, got {len(cols)}")
        kind, file, lineno, key, verdict, reason = cols[:6]
        if verdict not in VERDICTS:
            sys.exit(f"{path}:{n}: verdict must be one of {VERDICTS}, not {verdict!r}")
        rows[(kind, file, lineno, key)] = (verdict, reason)
    return rows


def run_tree(shipgate: str, name: str, tree: Path):
    config = HERE / "configs" / f"{name}.yaml"
    proc = subprocess.run(
        [shipgate, "--config", str(config), "docs", "check", "--format", "json"],
        cwd=tree, capture_output=True, text=True,
    )
    if proc.returncode not in (0, 1):
        sys.exit(f"{name}: shipgate exited {proc.returncode}\n{proc.stderr}")
    return json.loads(proc.stdout)["findings"]


def tag_of(reason: str) -> str:
    return reason.split(":", 1)[0].strip() if ":" in reason else reason.strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shipgate", default=os.environ.get("SHIPGATE", "shipgate"))
    ap.add_argument("--tree", action="append", help="only this tree (repeatable)")
    ap.add_argument("--unclassified-tsv", action="store_true", help="print unclassified findings as TSV rows")
    args = ap.parse_args()
    if os.sep in args.shipgate:
        args.shipgate = os.path.abspath(args.shipgate)

    with open(HERE / "corpus.toml", "rb") as f:
        trees = tomllib.load(f)["tree"]
    if args.tree:
        trees = [t for t in trees if t["name"] in args.tree]
    root = cache_dir() / "trees"

    table = []
    fp_classes = collections.Counter()
    unclassified_all = []
    for t in trees:
        name = t["name"]
        tree = root / name
        if not tree.is_dir():
            sys.exit(f"{name}: {tree} missing; run bench/precision/fetch.sh first")
        started = time.monotonic()
        findings = run_tree(args.shipgate, name, tree)
        seconds = time.monotonic() - started
        classified = read_classified(HERE / "classified" / f"{name}.tsv")
        counts = collections.Counter()
        used = set()
        for f in findings:
            k = (f["kind"], f["file"], str(f["line"] if f["line"] is not None else ""), key_of(f["message"]))
            if k in classified:
                verdict, reason = classified[k]
                used.add(k)
                counts[verdict] += 1
                if verdict == "false":
                    fp_classes[(f["kind"], tag_of(reason))] += 1
            else:
                counts["unclassified"] += 1
                unclassified_all.append((name, k, f["message"]))
        gone = [k for k in classified if k not in used]
        for k in gone:
            print(f"{name}: classified but no longer found: {' '.join(k)}", file=sys.stderr)
        tp, fp = counts["true"], counts["false"]
        precision = f"{100 * tp / (tp + fp):.0f}%" if tp + fp else "n/a"
        table.append((name, len(findings), tp, fp, counts["unclear"], counts["unclassified"], precision, len(gone), f"{seconds:.2f}"))

    header = ("tree", "findings", "true", "false", "unclear", "unclassified", "precision", "gone", "seconds")
    widths = [max(len(str(r[i])) for r in table + [header]) for i in range(len(header))]
    for r in [header] + table:
        print("  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths))))
    tot = [sum(r[i] for r in table) for i in range(1, 6)]
    prec = f"{100 * tot[1] / (tot[1] + tot[2]):.0f}%" if tot[1] + tot[2] else "n/a"
    print(f"all: {tot[0]} findings, {tot[1]} true, {tot[2]} false, {tot[3]} unclear, {tot[4]} unclassified, precision {prec}")

    if fp_classes:
        print("\nfalse positives by kind and reason:")
        for (kind, tag), n in fp_classes.most_common():
            print(f"  {n:4}  {kind:16} {tag}")
    if unclassified_all:
        print(f"\n{len(unclassified_all)} unclassified findings:", file=sys.stderr)
        for name, k, msg in unclassified_all:
            if args.unclassified_tsv:
                print(name + "\t" + "\t".join(k) + "\t\t" + msg.replace("\t", " "))
            else:
                print(f"  {name}: {k[0]} {k[1]}:{k[2]} {msg}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
