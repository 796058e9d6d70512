#!/usr/bin/env bash
# shipgate performance benchmark: shipgate vs Python on a large JUnit report and a large LCOV
# tracefile. Not part of the test suite. See docs/performance.md.
#
# Usage: bench/run.sh
#
# Environment (all optional):
#   JUNIT_TESTS   test cases in the generated JUnit report   (default 1000000, ~110 MB)
#   LCOV_MB       size of the generated LCOV tracefile in MB (default 50)
#   MIN_RUNS      minimum timed runs per command             (default 5; warmup is 1)
#   PYTHON        Python interpreter for the baselines        (default python3)
#   BENCH_STRICT  1 = exit 1 when a speed or memory target is missed (default: report only)
#   SHIPGATE_BIN  benchmark this shipgate binary instead of building one
#   COLD_PAIRS    JUnit cold mode: fresh runs alternating shipgate and Python, other work
#                 before each (bench/cold_junit.py); pairs to run (default 10, 0 = skip)
#   EVICT_MB      fresh memory touched before each cold run, MiB (default 1024)
#   EVICT_FILE_MB file bytes read before each cold run, MiB (default 2048), from a sparse
#                 file as large as the memory that first fills the page cache
#   DROP_CACHES   1 = drop the page cache before each cold run instead (root only; the
#                 report is read back into it, as the test runner that wrote it leaves it)
#
# Steps: build shipgate (release), generate the data into bench/data/ (reused while the
# generators and sizes are unchanged), check that shipgate, the Python baselines and the
# generators agree on every count (exit 1 loudly if not), time both side by side with
# hyperfine, measure peak RSS with /usr/bin/time -v, print the ratios; then time JUnit cold
# (fresh processes alternating, other work between runs) beside a warm batch.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
BENCH=bench
DATA=$BENCH/data
JUNIT_TESTS=${JUNIT_TESTS:-1000000}
LCOV_MB=${LCOV_MB:-50}
MIN_RUNS=${MIN_RUNS:-5}
PYTHON=${PYTHON:-python3}
BENCH_STRICT=${BENCH_STRICT:-0}
COLD_PAIRS=${COLD_PAIRS:-10}
EVICT_MB=${EVICT_MB:-1024}
EVICT_FILE_MB=${EVICT_FILE_MB:-2048}
DROP_CACHES=${DROP_CACHES:-0}
JUNIT_SPEEDUP_TARGET=10
LCOV_SPEEDUP_TARGET=20
RSS_TARGET_MB=256

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf '\nBENCHMARK FAILED: %s\n' "$*" >&2; exit 1; }

# --- tools -----------------------------------------------------------------------------------
install_pkgs() {
    # Best effort: only where apt-get exists and we may use it.
    command -v apt-get >/dev/null 2>&1 || return 1
    if [ "$(id -u)" -eq 0 ]; then
        apt-get install -y "$@" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$@" >/dev/null 2>&1; }
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo apt-get install -y "$@" >/dev/null 2>&1 || { sudo apt-get update >/dev/null 2>&1 && sudo apt-get install -y "$@" >/dev/null 2>&1; }
    else
        return 1
    fi
}
command -v cargo >/dev/null || die "cargo not found"
command -v "$PYTHON" >/dev/null || die "$PYTHON not found"
command -v hyperfine >/dev/null || install_pkgs hyperfine || true
[ -x /usr/bin/time ] || install_pkgs time || true
HAVE_HYPERFINE=0; command -v hyperfine >/dev/null && HAVE_HYPERFINE=1
HAVE_GNU_TIME=0; [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1 && HAVE_GNU_TIME=1
[ $HAVE_HYPERFINE = 1 ] || say "hyperfine not available: timing with a date +%s.%N loop instead"
[ $HAVE_GNU_TIME = 1 ] || say "GNU time not available: peak RSS from Python's resource.getrusage instead"

# --- build -----------------------------------------------------------------------------------
if [ -n "${SHIPGATE_BIN:-}" ]; then
    SHIPGATE=$SHIPGATE_BIN
else
    say "building shipgate (release)"
    cargo build --release -p shipgate >&2
    SHIPGATE=${CARGO_TARGET_DIR:-target}/release/shipgate
fi
[ -x "$SHIPGATE" ] || die "no binary at $SHIPGATE after the build"

# --- data ------------------------------------------------------------------------------------
mkdir -p "$DATA"
JUNIT=$DATA/junit-pytest-$JUNIT_TESTS.xml
LCOV=$DATA/lcov-${LCOV_MB}mb.info
generate() { # generate OUT GENERATOR ARGS...
    local out=$1 gen=$2; shift 2
    local stamp
    stamp="$(cat "$gen") $*"
    stamp=$(printf '%s' "$stamp" | cksum)
    if [ -s "$out" ] && [ -s "$out.expected.json" ] && [ "$(cat "$out.stamp" 2>/dev/null)" = "$stamp" ]; then
        say "reusing $out"
        return
    fi
    say "generating $out"
    rm -f "$out" "$out.expected.json" "$out.stamp"
    "$PYTHON" "$gen" "$out" "$@"
    printf '%s' "$stamp" > "$out.stamp"
}
generate "$JUNIT" "$BENCH/gen_junit.py" "$JUNIT_TESTS"
generate "$LCOV" "$BENCH/gen_lcov.py" "$LCOV_MB"
ls -l "$JUNIT" "$LCOV" >&2

# --- verify ----------------------------------------------------------------------------------
# shipgate exits 1 when a gate fails: that is a verdict, not an error. 2 (usage/config) and 3
# (unreadable input) mean nothing was measured, so the benchmark stops.
run_shipgate() { # run_shipgate OUT ARGS...
    local out=$1; shift
    local rc=0
    "$SHIPGATE" tests "$@" --format json >"$out" 2>"$out.stderr" || rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        cat "$out.stderr" >&2
        die "shipgate tests $* exited $rc (an error, not a gate verdict)"
    fi
}
say "verifying counts (shipgate vs Python vs generator)"
run_shipgate "$DATA/shipgate-junit.json" --junit "$JUNIT"
run_shipgate "$DATA/shipgate-lcov.json" --coverage "$LCOV"
"$PYTHON" "$BENCH/count_junit.py" "$JUNIT" >"$DATA/python-junit.json" || die "count_junit.py failed"
"$PYTHON" "$BENCH/count_lcov.py" "$LCOV" >"$DATA/python-lcov.json" || die "count_lcov.py failed"
"$PYTHON" - "$DATA" "$JUNIT" "$LCOV" <<'PY' || die "shipgate and Python disagree (see above)"
import json, sys
data, junit, lcov = sys.argv[1:4]
load = lambda p: json.load(open(p))
ok = True

def compare(what, sources):
    global ok
    keys = sorted(next(iter(sources.values())))
    width = max(map(len, sources))
    print(f"{what}:", file=sys.stderr)
    for name, values in sources.items():
        print(f"  {name:<{width}}  " + "  ".join(f"{k}={values.get(k)}" for k in keys), file=sys.stderr)
    first = next(iter(sources.values()))
    for name, values in sources.items():
        for k in keys:
            if values.get(k) != first[k]:
                ok = False
                print(f"  MISMATCH {what} {k}: {name}={values.get(k)} expected={first[k]}", file=sys.stderr)

sg = load(f"{data}/shipgate-junit.json")
runs = sg.get("tests", {}).get("runs", [])
if len(runs) != 1:
    sys.exit(f"shipgate JSON has {len(runs)} runs, expected 1")
run = runs[0]
shipgate_junit = {"tests": run["unique"], "passed": run["passed"], "failed": run["failed"],
                  "errored": run["errored"], "skipped": run["skipped"]}
if run.get("flaky"):
    ok = False
    print(f"  MISMATCH junit flaky: shipgate={run['flaky']} expected=0", file=sys.stderr)
compare("junit", {"generator": load(junit + ".expected.json"),
                  "python": load(f"{data}/python-junit.json"),
                  "shipgate": shipgate_junit})

cov = load(f"{data}/shipgate-lcov.json").get("coverage")
if not cov:
    sys.exit("shipgate JSON has no coverage section")
keys = ("lines_valid", "lines_covered", "branches_valid", "branches_covered")
compare("lcov", {"generator": load(lcov + ".expected.json"),
                 "python": load(f"{data}/python-lcov.json"),
                 "shipgate": {k: cov.get(k) for k in keys}})
sys.exit(0 if ok else 1)
PY

# --- time ------------------------------------------------------------------------------------
# Writes "MEAN STDDEV RUNS [CPU]" for each command, in order, to $DATA/times-NAME.txt
# (CPU = mean user+system seconds, from hyperfine only).
time_pair() { # time_pair NAME SHIPGATE_CMD PYTHON_CMD
    local name=$1; shift
    local out=$DATA/times-$name.txt
    if [ $HAVE_HYPERFINE = 1 ]; then
        # -i: shipgate exits 1 when a gate fails; errors were ruled out by the verify step.
        # -N: no intermediate shell, so no shell-startup correction is needed.
        hyperfine -N -i --warmup 1 --min-runs "$MIN_RUNS" --export-json "$DATA/hyperfine-$name.json" \
            --command-name "shipgate ($name)" "$1" --command-name "python ($name)" "$2" >&2
        "$PYTHON" -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["mean"], r["stddev"] or 0.0, len(r["times"]), r["user"] + r["system"])' "$DATA/hyperfine-$name.json" >"$out"
    else
        : >"$out"
        local cmd
        for cmd in "$1" "$2"; do
            local samples=()
            $cmd >/dev/null 2>&1 || true # warmup
            local i
            for i in $(seq "$MIN_RUNS"); do
                local t0 t1
                t0=$(date +%s.%N); $cmd >/dev/null 2>&1 || true; t1=$(date +%s.%N)
                samples+=("$(echo "$t1 - $t0" | awk '{print $1 - $3}')")
            done
            printf '%s\n' "${samples[@]}" | awk '{s+=$1; q+=$1*$1; n++} END {m=s/n; v=q/n-m*m; if (v<0) v=0; printf "%.6f %.6f %d\n", m, sqrt(v), n}' >>"$out"
            printf '  %s: mean %ss over %s runs\n' "$cmd" "$(tail -1 "$out" | cut -d' ' -f1)" "$MIN_RUNS" >&2
        done
    fi
}
peak_rss_kb() { # peak_rss_kb CMD... -> prints KB
    if [ $HAVE_GNU_TIME = 1 ]; then
        /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': *' '/Maximum resident set size/ {print $2}'
    else
        "$PYTHON" -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
    fi
}

say "load before timing: $(uptime | sed 's/.*load average/load average/')"
say "timing JUnit ($JUNIT_TESTS test cases)"
time_pair junit "$SHIPGATE tests --junit $JUNIT --format json" "$PYTHON $BENCH/count_junit.py $JUNIT"
say "timing LCOV (${LCOV_MB} MB)"
time_pair lcov "$SHIPGATE tests --coverage $LCOV --format json" "$PYTHON $BENCH/count_lcov.py $LCOV"

say "measuring peak RSS"
RSS_SG_JUNIT=$(peak_rss_kb "$SHIPGATE" tests --junit "$JUNIT" --format json)
RSS_PY_JUNIT=$(peak_rss_kb "$PYTHON" "$BENCH/count_junit.py" "$JUNIT")
RSS_SG_LCOV=$(peak_rss_kb "$SHIPGATE" tests --coverage "$LCOV" --format json)
RSS_PY_LCOV=$(peak_rss_kb "$PYTHON" "$BENCH/count_lcov.py" "$LCOV")

# --- report ----------------------------------------------------------------------------------
"$PYTHON" - "$DATA" "$JUNIT" "$LCOV" "$RSS_SG_JUNIT" "$RSS_PY_JUNIT" "$RSS_SG_LCOV" "$RSS_PY_LCOV" \
    "$JUNIT_SPEEDUP_TARGET" "$LCOV_SPEEDUP_TARGET" "$RSS_TARGET_MB" "$BENCH_STRICT" <<'PY' | tee "$DATA/results.txt"
import os, platform, sys
(data, junit, lcov, rss_sg_j, rss_py_j, rss_sg_l, rss_py_l,
 junit_target, lcov_target, rss_target, strict) = sys.argv[1:12]
missed = []

def times(name):
    rows = [line.split() for line in open(f"{data}/times-{name}.txt")]
    return [(float(r[0]), float(r[1]), int(r[2]), float(r[3]) if len(r) > 3 else None) for r in rows]

def section(name, path, target, rss_sg, rss_py):
    (sm, ss, sn, scpu), (pm, ps, pn, pcpu) = times(name)
    ratio = pm / sm
    mb = os.path.getsize(path) / 1e6
    rss_sg_mb, rss_py_mb = int(rss_sg) / 1024, int(rss_py) / 1024
    print(f"{name}: {os.path.basename(path)} ({mb:.1f} MB)")
    print(f"  shipgate  {sm:7.3f} s ± {ss:.3f} ({sn} runs)  peak RSS {rss_sg_mb:6.1f} MiB")
    print(f"  python    {pm:7.3f} s ± {ps:.3f} ({pn} runs)  peak RSS {rss_py_mb:6.1f} MiB")
    verdict = "met" if ratio >= float(target) else "MISSED"
    print(f"  speedup   {ratio:.1f}x wall-clock  (target >= {target}x: {verdict})")
    if scpu and pcpu:
        print(f"            {pcpu / scpu:.1f}x CPU time (user+sys: shipgate {scpu:.3f} s, python {pcpu:.3f} s)")
    if verdict != "met":
        missed.append(f"{name} speedup {ratio:.1f}x < {target}x")
    if name == "junit":
        verdict = "met" if rss_sg_mb < float(rss_target) else "MISSED"
        print(f"  shipgate peak RSS {rss_sg_mb:.1f} MiB (target < {rss_target} MiB: {verdict})")
        if verdict != "met":
            missed.append(f"junit peak RSS {rss_sg_mb:.1f} MiB >= {rss_target} MiB")

print()
print(f"machine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}")
section("junit", junit, junit_target, rss_sg_j, rss_py_j)
section("lcov", lcov, lcov_target, rss_sg_l, rss_py_l)
print("targets: " + ("all met" if not missed else "MISSED: " + "; ".join(missed)))
sys.exit(1 if missed and strict == "1" else 0)
PY

# --- JUnit cold ------------------------------------------------------------------------------
# What CI meets: one fresh run after other work. Warm (a batch of runs back to back) and cold
# (alternating, the evictor's work before every run) side by side, from one script.
if [ "$COLD_PAIRS" -gt 0 ]; then
    say "timing JUnit cold ($COLD_PAIRS pairs) beside warm ($MIN_RUNS runs each)"
    cold_args=(--shipgate "$SHIPGATE" --python "$PYTHON" --file "$JUNIT" --runs "$MIN_RUNS"
        --pairs "$COLD_PAIRS" --evict-mb "$EVICT_MB" --evict-file-mb "$EVICT_FILE_MB"
        --json "$DATA/cold-junit.json")
    [ "$DROP_CACHES" = 1 ] && cold_args+=(--drop-caches)
    {
    "$PYTHON" "$BENCH/cold_junit.py" "${cold_args[@]}"
    "$PYTHON" - "$DATA/cold-junit.json" "$JUNIT_SPEEDUP_TARGET" "$BENCH_STRICT" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))["summary"]
target, strict = float(sys.argv[2]), sys.argv[3]
ratio = summary["cold"]["ratio_wall"]
verdict = "met" if ratio >= target else "MISSED"
print(f"junit cold speedup {ratio:.1f}x wall-clock (target >= {target:g}x: {verdict}); warm {summary['warm']['ratio_wall']:.1f}x")
sys.exit(1 if verdict != "met" and strict == "1" else 0)
PY
    } | tee -a "$DATA/results.txt"
fi
