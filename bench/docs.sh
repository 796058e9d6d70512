#!/usr/bin/env bash
# Documentation benchmark: `shipgate docs check` (links, anchors and every drift check) vs
# `lychee --offline --include-fragments` (links and anchors only) on a generated Markdown
# tree. Not part of the test suite. See docs/performance.md.
#
# Usage: bench/docs.sh
#
# Environment (all optional):
#   DOCS_FILES    Markdown pages in the generated tree (default 3000, ~36 MB)
#   MIN_RUNS      minimum timed runs per command (default 5; warmup is 1)
#   PYTHON        Python interpreter for the generator (default python3)
#   LYCHEE        lychee binary (default: lychee on PATH; installed with
#                 `cargo install lychee --locked` when missing)
#   SHIPGATE_BIN  benchmark this shipgate binary instead of building one
#   BENCH_STRICT  1 = exit 1 when shipgate is not faster (default: report only)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
DATA=$REPO/bench/data
DOCS_FILES=${DOCS_FILES:-3000}
MIN_RUNS=${MIN_RUNS:-5}
PYTHON=${PYTHON:-python3}
BENCH_STRICT=${BENCH_STRICT:-0}

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf '\nBENCHMARK FAILED: %s\n' "$*" >&2; exit 1; }

command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install hyperfine)"
LYCHEE=${LYCHEE:-$(command -v lychee || true)}
if [ -z "$LYCHEE" ]; then
    say "installing lychee (cargo install lychee --locked)"
    cargo install lychee --locked >&2
    LYCHEE=$(command -v lychee || echo "$HOME/.cargo/bin/lychee")
fi
[ -x "$LYCHEE" ] || die "no lychee binary"
if [ -n "${SHIPGATE_BIN:-}" ]; then
    SHIPGATE=$(realpath "$SHIPGATE_BIN")
else
    say "building shipgate (release)"
    cargo build --release -p shipgate >&2
    SHIPGATE=$(realpath "${CARGO_TARGET_DIR:-target}/release/shipgate")
fi

TREE=$DATA/docs-$DOCS_FILES
stamp=$(cat bench/gen_docs.py | cksum)
if [ -f "$TREE/expected.json" ] && [ "$(cat "$TREE.stamp" 2>/dev/null)" = "$stamp $DOCS_FILES" ]; then
    say "reusing $TREE"
else
    say "generating $TREE"
    rm -rf "$TREE"
    "$PYTHON" bench/gen_docs.py "$TREE" "$DOCS_FILES"
    printf '%s' "$stamp $DOCS_FILES" > "$TREE.stamp"
fi
cd "$TREE"
say "$(find docs -name '*.md' | wc -l) documents, $(du -sh docs | cut -f1)"

say "verifying that both tools find exactly the generated broken links and anchors"
rc=0; "$SHIPGATE" docs check --format json >"$DATA/docs-shipgate.json" 2>"$DATA/docs-shipgate.err" || rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || { cat "$DATA/docs-shipgate.err" >&2; die "shipgate docs check exited $rc"; }
rc=0; "$LYCHEE" --offline --include-fragments --no-progress --format json 'docs/**/*.md' >"$DATA/docs-lychee.json" 2>/dev/null || rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] || die "lychee exited $rc"
"$PYTHON" - "$DATA" "$TREE" <<'PY' || die "the tools disagree (see above)"
import collections, json, sys
data, tree = sys.argv[1:3]
expected = json.load(open(f"{tree}/expected.json"))
sg = json.load(open(f"{data}/docs-shipgate.json"))
kinds = collections.Counter(f["kind"] for f in sg["findings"])
ly = json.load(open(f"{data}/docs-lychee.json"))
fragments = sum(1 for errs in ly["error_map"].values() for e in errs
                if "fragment" in e["status"]["text"].lower())
print(f"  generated: {expected['broken_links']} broken links, {expected['missing_anchors']} missing anchors", file=sys.stderr)
print(f"  shipgate:  {kinds['broken-link']} broken-link, {kinds['missing-anchor']} missing-anchor, "
      f"other findings {sum(kinds.values()) - kinds['broken-link'] - kinds['missing-anchor']}; "
      f"documents {len(sg['documents'])}", file=sys.stderr)
print(f"  lychee:    {ly['errors']} errors ({fragments} fragments) of {ly['total']} links", file=sys.stderr)
ok = (kinds["broken-link"] == expected["broken_links"]
      and kinds["missing-anchor"] == expected["missing_anchors"]
      and sum(kinds.values()) == expected["broken_links"] + expected["missing_anchors"]
      and ly["errors"] == expected["broken_links"] + expected["missing_anchors"])
checks = {g["name"]: g["verdict"] for g in sg["gates"]}
print(f"  shipgate checks run: {', '.join(k for k, v in checks.items() if v != 'not_evaluated')}", file=sys.stderr)
sys.exit(0 if ok else 1)
PY

say "load before timing: $(uptime | sed 's/.*load average/load average/')"
hyperfine -N -i --warmup 1 --min-runs "$MIN_RUNS" --export-json "$DATA/hyperfine-docs.json" \
    --command-name "shipgate docs check (links, anchors + drift checks)" "$SHIPGATE docs check --format json" \
    --command-name "lychee --offline --include-fragments" "$LYCHEE --offline --include-fragments --no-progress docs/**/*.md" >&2
"$PYTHON" - "$DATA/hyperfine-docs.json" "$BENCH_STRICT" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
sg, ly = r[0], r[1]
ratio = ly["mean"] / sg["mean"]
cpu = (ly["user"] + ly["system"]) / (sg["user"] + sg["system"])
print(f"\nshipgate docs check: {sg['mean']:.3f} s ± {sg['stddev'] or 0:.3f} ({len(sg['times'])} runs), "
      f"CPU {sg['user'] + sg['system']:.3f} s")
print(f"lychee --offline --include-fragments: {ly['mean']:.3f} s ± {ly['stddev'] or 0:.3f} ({len(ly['times'])} runs), "
      f"CPU {ly['user'] + ly['system']:.3f} s")
print(f"shipgate is {ratio:.1f}x faster (wall), {cpu:.1f}x (CPU): target faster than lychee: "
      f"{'met' if ratio > 1 else 'MISSED'}")
sys.exit(1 if ratio <= 1 and sys.argv[2] == "1" else 0)
PY
