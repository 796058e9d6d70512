#!/usr/bin/env python3
"""Time shipgate and the Python baseline on a JUnit report warm and cold, side by side.

Usage: cold_junit.py --shipgate BIN --file REPORT [options]

Warm: like hyperfine, one warm-up run of each command, then RUNS runs of shipgate back to
back, then RUNS runs of Python back to back: every run finds what the previous one left (the
kernel hands a process that just exited its pages back cheaply).

Cold: what CI meets, one fresh run after other work: PAIRS pairs, shipgate and Python
alternating (which one goes first alternates too), and before every single run the evictor
does other work. A CI machine that has checked out, built and tested has its memory full of
page cache, and its free memory in small pieces; so first the page cache is filled (a sparse
file as large as the machine's memory is read once: it takes no disk space), and before each
run another process touches EVICT_MB of fresh memory and reads the next EVICT_FILE_MB of that
file; the report is then read once more (the test runner just wrote it: it is cached; the
programs' own files are left to the page cache's choice). With --drop-caches
(root only) the page cache is instead dropped before every run (echo 3 >
/proc/sys/vm/drop_caches) and the report alone is read back into it: the opposite extreme,
free memory in large pieces.

Each run's wall time is measured here; user and system time, peak RSS and minor page faults
come from the kernel's accounting of that child process (os.wait4; Linux counts the image a
child was forked from in its peak RSS, so no figure is below this script's own ~16 MiB: only
large reports' figures mean anything). Prints a table of every
cold run, the medians, and the ratios (Python / shipgate) warm and cold; with --json PATH
the same figures are written as JSON.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time


def run(cmd):
    """Run cmd with stdout/stderr discarded; its wall time and kernel accounting."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    # shipgate exits 1 when a gate fails: a verdict. 2 and 3 mean nothing was measured.
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {code}")
    return {
        "wall": wall,
        "user": usage.ru_utime,
        "sys": usage.ru_stime,
        "rss_mib": usage.ru_maxrss / 1024,
        "minflt": usage.ru_minflt,
    }


def mem_total_mb():
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) // 1024
    return 8192


def read_range(path, start_mb, mb):
    """Read mb MiB of path from start_mb on (wrapping around), discarding the bytes."""
    size_mb = os.path.getsize(path) >> 20
    with open(path, "rb") as f:
        f.seek((start_mb % max(size_mb, 1)) << 20)
        for _ in range(mb):
            if not f.read(1 << 20):
                f.seek(0)


EVICTOR = """
import sys
size = int(sys.argv[1]) << 20
block = bytearray(size)
for i in range(0, size, 4096):
    block[i] = 1
"""


def evict(args, state):
    subprocess.run([sys.executable, "-c", EVICTOR, str(args.evict_mb)], check=True)
    if not args.drop_caches:
        read_range(args.fill_file, state["offset_mb"], args.evict_file_mb)
        state["offset_mb"] += args.evict_file_mb
    else:
        subprocess.run(["sync"], check=True)
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
    # the test runner just wrote the report: it is in the page cache
    with open(args.file, "rb") as f:
        while f.read(1 << 20):
            pass


def load():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shipgate", required=True)
    p.add_argument("--file", required=True)
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--baseline", default=os.path.join(os.path.dirname(__file__), "count_junit.py"))
    p.add_argument("--runs", type=int, default=5, help="warm runs per command")
    p.add_argument("--pairs", type=int, default=10, help="cold pairs")
    p.add_argument("--evict-mb", type=int, default=1024, help="fresh memory touched before each cold run")
    p.add_argument("--evict-file-mb", type=int, default=2048, help="file bytes read before each cold run")
    p.add_argument("--fill-file", default=None, help="the sparse file read to fill the page cache")
    p.add_argument("--drop-caches", action="store_true")
    p.add_argument("--json", default=None)
    args = p.parse_args()
    if args.fill_file is None:
        args.fill_file = os.path.join(os.path.dirname(args.file), "page-cache-fill.sparse")
    if args.drop_caches and os.geteuid() != 0:
        sys.exit("--drop-caches needs root")
    fill_mb = mem_total_mb()
    if not args.drop_caches:
        # sparse: as large as the memory, no disk space
        with open(args.fill_file, "ab") as f:
            f.truncate(fill_mb << 20)

    commands = {
        "shipgate": [args.shipgate, "tests", "--junit", args.file, "--format", "json"],
        "python": [args.python, args.baseline, args.file],
    }
    out = {
        "machine": f"{os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}",
        "file": args.file,
        "file_mb": os.path.getsize(args.file) / 1e6,
        "drop_caches": args.drop_caches,
        "evict_mb": args.evict_mb,
        "evict_file_mb": args.evict_file_mb,
        "fill_mb": 0 if args.drop_caches else fill_mb,
    }

    # warm: a batch per command, as hyperfine runs them
    out["load_warm"] = load()
    warm = {}
    for name, cmd in commands.items():
        run(cmd)
        warm[name] = [run(cmd) for _ in range(args.runs)]

    # cold: alternating, other work before every run
    state = {"offset_mb": 0}
    if not args.drop_caches:
        print(f"filling the page cache ({fill_mb} MiB read from {args.fill_file})", file=sys.stderr)
        read_range(args.fill_file, 0, fill_mb)
        state["offset_mb"] = fill_mb
    out["load_cold_start"] = load()
    cold = {"shipgate": [], "python": []}
    order = ["shipgate", "python"]
    for i in range(args.pairs):
        for name in order if i % 2 == 0 else order[::-1]:
            evict(args, state)
            cold[name].append(run(commands[name]))
    out["load_cold_end"] = load()

    out["warm"] = warm
    out["cold"] = cold
    print(f"machine: {out['machine']}; {os.path.basename(args.file)} ({out['file_mb']:.1f} MB)")
    print(
        f"cold runs (before each: {args.evict_mb} MiB of fresh memory touched, "
        + (
            "page cache dropped, report read back"
            if args.drop_caches
            else f"page cache filled ({fill_mb} MiB), {args.evict_file_mb} MiB more read"
        )
        + "):"
    )
    print("  pair  shipgate wall  user   sys    RSS MiB  minflt   | python wall  user   sys    RSS MiB")
    for i, (s, py) in enumerate(zip(cold["shipgate"], cold["python"]), 1):
        print(
            f"  {i:4}  {s['wall']:8.3f} s {s['user']:6.3f} {s['sys']:6.3f} {s['rss_mib']:8.1f} {s['minflt']:7}"
            f"   | {py['wall']:8.3f} s {py['user']:6.3f} {py['sys']:6.3f} {py['rss_mib']:8.1f}"
        )
    summary = {}
    for mode, runs in (("warm", warm), ("cold", cold)):
        s, py = runs["shipgate"], runs["python"]
        summary[mode] = {
            "shipgate_wall": median(s, "wall"),
            "python_wall": median(py, "wall"),
            "shipgate_sys": median(s, "sys"),
            "shipgate_cpu": median(s, "user") + median(s, "sys"),
            "python_cpu": median(py, "user") + median(py, "sys"),
            "shipgate_rss_mib": max(r["rss_mib"] for r in s),
            "runs": len(s),
        }
        m = summary[mode]
        m["ratio_wall"] = m["python_wall"] / m["shipgate_wall"]
        m["ratio_cpu"] = m["python_cpu"] / m["shipgate_cpu"]
    out["summary"] = summary
    print(f"load average: warm {out['load_warm']}; cold {out['load_cold_start']} .. {out['load_cold_end']}")
    print("           shipgate (median)  sys     Python (median)  ratio wall  ratio CPU  shipgate peak RSS")
    for mode in ("warm", "cold"):
        m = summary[mode]
        print(
            f"  {mode:5} {m['shipgate_wall']:9.3f} s ({m['runs']:2})  {m['shipgate_sys']:.3f}  {m['python_wall']:9.3f} s"
            f"      {m['ratio_wall']:5.1f}x      {m['ratio_cpu']:5.1f}x    {m['shipgate_rss_mib']:.0f} MiB"
        )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
