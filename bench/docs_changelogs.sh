#!/usr/bin/env bash
# Documentation benchmark at scale: `shipgate docs check` with its default checks (links,
# anchors, paths, commits, mermaid) on a git repository of changelogs shaped like
# Node.js's (5,000 files, ~300 MB, ~1M commit hashes), side by side with
# `lychee --offline --include-fragments` (links and anchors only); then the two extremes:
# one document of 1M broken links and one document of 100 MB. Not part of the test
# suite. See docs/performance.md ("Documentation checks").
#
# Usage: bench/docs_changelogs.sh
#
# Environment (all optional):
#   DOCS_FILES        changelogs in the generated repository (default 5000)
#   COMMITS_PER_FILE  commit hashes cited per changelog (default 200)
#   MIN_RUNS          minimum timed runs per command (default 3; warmup is 1)
#   PYTHON            Python interpreter for the generators (default python3)
#   LYCHEE            lychee binary (default: lychee on PATH; installed with
#                     `cargo install lychee --locked` when missing)
#   SHIPGATE_BIN      benchmark this shipgate binary instead of building one
#   BENCH_STRICT      1 = exit 1 when a target is missed (default: report only)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
DATA=$REPO/bench/data
DOCS_FILES=${DOCS_FILES:-5000}
COMMITS_PER_FILE=${COMMITS_PER_FILE:-200}
MIN_RUNS=${MIN_RUNS:-3}
PYTHON=${PYTHON:-python3}
BENCH_STRICT=${BENCH_STRICT:-0}

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf '\nBENCHMARK FAILED: %s\n' "$*" >&2; exit 1; }

command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install hyperfine)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"
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

# peak resident memory of one run, in MB
peak_mb() {
    /usr/bin/time -f '%M' -o "$DATA/.peak" "$@" >/dev/null 2>&1 || true
    tail -1 "$DATA/.peak" | awk '{ printf "%.0f", $1 / 1024 }'
}

TREE=$DATA/changelogs-$DOCS_FILES
stamp="$(cat bench/gen_changelogs.py | cksum) $DOCS_FILES $COMMITS_PER_FILE"
if [ -d "$TREE/.git" ] && [ "$(cat "$TREE.stamp" 2>/dev/null)" = "$stamp" ]; then
    say "reusing $TREE"
else
    say "generating $TREE"
    rm -rf "$TREE"
    "$PYTHON" bench/gen_changelogs.py "$TREE" "$DOCS_FILES" "$COMMITS_PER_FILE"
    printf '%s' "$stamp" > "$TREE.stamp"
fi
cd "$TREE"
say "$(git ls-files '*.md' | wc -l) changelogs, $(du -sh doc | cut -f1), $(git count-objects -v | awk '/in-pack/ { print $2 }') objects in git"

say "verifying that both tools find exactly what was generated"
rc=0; "$SHIPGATE" docs check --format json >"$DATA/changelogs-shipgate.json" 2>"$DATA/changelogs-shipgate.err" || rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || { cat "$DATA/changelogs-shipgate.err" >&2; die "shipgate docs check exited $rc"; }
rc=0; "$LYCHEE" --offline --include-fragments --no-progress --format json 'doc/**/*.md' >"$DATA/changelogs-lychee.json" 2>/dev/null || rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] || die "lychee exited $rc"
"$PYTHON" - "$DATA" <<'PY' || die "the tools disagree (see above)"
import collections, json, sys
data = sys.argv[1]
expected = json.load(open(f"{data}/changelogs-expected.json"))
sg = json.load(open(f"{data}/changelogs-shipgate.json"))
kinds = collections.Counter(f["kind"] for f in sg["findings"])
ly = json.load(open(f"{data}/changelogs-lychee.json"))
gates = {g["name"]: g["verdict"] for g in sg["gates"]}
verified = sum(d.get("commits_verified") or 0 for d in sg["documents"])
print(f"  generated: {expected['broken_links']} broken links, {expected['missing_anchors']} missing anchors, "
      f"{expected['unknown_commits']} unknown of {expected['hashes']} commit hashes", file=sys.stderr)
print(f"  shipgate:  {dict(kinds)}; {verified} commit hashes verified; checks run: "
      f"{', '.join(k for k, v in gates.items() if v != 'not_evaluated')}", file=sys.stderr)
print(f"  lychee:    {ly['errors']} errors of {ly['total']} links", file=sys.stderr)
ok = (kinds["broken-link"] == expected["broken_links"]
      and kinds["missing-anchor"] == expected["missing_anchors"]
      and kinds["unknown-commit"] == expected["unknown_commits"]
      and sum(kinds.values()) == expected["broken_links"] + expected["missing_anchors"] + expected["unknown_commits"]
      and verified + expected["unknown_commits"] == expected["hashes"]
      and ly["errors"] == expected["broken_links"] + expected["missing_anchors"])
sys.exit(0 if ok else 1)
PY

say "load before timing: $(uptime | sed 's/.*load average/load average/')"
hyperfine -N -i --warmup 1 --min-runs "$MIN_RUNS" --export-json "$DATA/hyperfine-changelogs.json" \
    --command-name "shipgate docs check (default checks: links, anchors, paths, commits, mermaid)" "$SHIPGATE docs check --format json" \
    --command-name "lychee --offline --include-fragments" "$LYCHEE --offline --include-fragments --no-progress doc/**/*.md" >&2
sg_mb=0; ly_mb=0
for _ in 1 2 3; do
    m=$(peak_mb "$SHIPGATE" docs check --format json); [ "$m" -gt "$sg_mb" ] && sg_mb=$m
    m=$(peak_mb "$LYCHEE" --offline --include-fragments --no-progress 'doc/**/*.md'); [ "$m" -gt "$ly_mb" ] && ly_mb=$m
done

say "extremes: 1M broken links in one document, one 100 MB document"
if [ "$(cat "$DATA/extremes.stamp" 2>/dev/null)" != "$(cat "$REPO/bench/gen_docs_extremes.py" | cksum)" ]; then
    rm -rf "$DATA/extremes"
    "$PYTHON" "$REPO/bench/gen_docs_extremes.py" "$DATA/extremes"
    cat "$REPO/bench/gen_docs_extremes.py" | cksum > "$DATA/extremes.stamp"
fi
extremes=""
for name in broken-links big-document; do
    cd "$DATA/extremes/$name"
    start=$(date +%s.%N)
    mb=$(peak_mb "$SHIPGATE" docs check --format json)
    secs=$(echo "$(date +%s.%N) - $start" | bc)
    rc=0; "$SHIPGATE" docs check --format json > "$DATA/extremes-$name.json" 2>/dev/null || rc=$?
    [ "$rc" -eq 1 ] || die "$name: shipgate docs check exited $rc"
    n=$("$PYTHON" -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$DATA/extremes-$name.json")
    extremes="$extremes$name $secs $mb $n\n"
done

"$PYTHON" - "$DATA/hyperfine-changelogs.json" "$sg_mb" "$ly_mb" "$BENCH_STRICT" "$(printf "$extremes")" "$DATA/extremes/expected.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
sg_mb, ly_mb, strict = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
sg, ly = r[0], r[1]
ratio = ly["mean"] / sg["mean"]
mem = sg_mb / ly_mb
print(f"\nshipgate docs check: {sg['mean']:.2f} s ± {sg['stddev'] or 0:.2f} ({len(sg['times'])} runs), "
      f"CPU {sg['user'] + sg['system']:.2f} s, peak {sg_mb} MB")
print(f"lychee --offline --include-fragments: {ly['mean']:.2f} s ± {ly['stddev'] or 0:.2f} ({len(ly['times'])} runs), "
      f"CPU {ly['user'] + ly['system']:.2f} s, peak {ly_mb} MB")
fast, small = ratio >= 4, mem <= 0.25
print(f"shipgate is {ratio:.1f}x faster (target 4x: {'met' if fast else 'MISSED'}), "
      f"uses {mem:.2f} of lychee's peak memory (target 0.25: {'met' if small else 'MISSED'})")
expected = dict(line.split() for line in open(sys.argv[6]) if line.strip())
ok_ext = True
for line in sys.argv[5].splitlines():
    name, secs, mb, n = line.split()
    want = int(expected[name])
    good = float(secs) < 10 and int(n) == want
    ok_ext &= good
    print(f"{name}: {float(secs):.2f} s, peak {mb} MB, {n} findings (expected {want}): {'ok' if good else 'MISSED'}")
sys.exit(1 if strict and not (fast and small and ok_ext) else 0)
PY
