#!/usr/bin/env python3
"""Generate a large LCOV tracefile for the shipgate benchmark.

Usage: gen_lcov.py OUT [TARGET_MB]

Writes geninfo-style records (TN, SF, FN/FNDA/FNF/FNH, DA, BRDA with `-` for branches of
lines never executed, BRF/BRH, LF/LH, end_of_record) for a source tree until the file reaches
about TARGET_MB megabytes (default 50). The first pass covers every file as a unit-test run;
a second pass (`TN:integration`) repeats the SF records of about a fifth of the files with
other hit counts, as a tracefile merged from two test runs does, so readers must merge
repeated SF records: line hits add up, a branch is covered if any record took it.

The expected totals are written to OUT.expected.json.
"""

import json
import random
import sys

FILES = 12_000


def record(out, rng, test, path, nlines, lines, branches):
    """Write one SF record; fold its detail into `lines` and `branches` (merged totals)."""
    w = out.append
    w(f"TN:{test}\nSF:{path}\n")
    funcs = max(1, nlines // 40)
    for f in range(funcs):
        w(f"FN:{f * 40 + 1},fn_{f}\n")
    fnh = 0
    for f in range(funcs):
        calls = rng.choice((0, 1, 3, 12, 40))
        fnh += calls > 0
        w(f"FNDA:{calls},fn_{f}\n")
    w(f"FNF:{funcs}\nFNH:{fnh}\n")

    lf = lh = brf = brh = 0
    da = []
    brda = []
    dead = rng.random() < 0.1  # some files are barely exercised
    for n in range(1, nlines + 1):
        if n % 5 == 0:  # blank lines, comments: not executable
            continue
        hits = 0 if dead and rng.random() < 0.9 else rng.choice((0, 1, 1, 2, 5, 17, 120, 4096))
        da.append(f"DA:{n},{hits}\n")
        lf += 1
        lh += hits > 0
        lines[n] = lines.get(n, 0) + hits
        if n % 9 == 0:  # an if/else on this line
            for b in (0, 1):
                if hits == 0:
                    taken, covered = "-", False
                else:
                    count = rng.choice((0, 0, 1, 3, 250))
                    taken, covered = str(count), count > 0
                brda.append(f"BRDA:{n},0,{b},{taken}\n")
                brf += 1
                brh += covered
                key = (n, 0, b)
                branches[key] = branches.get(key, False) or covered
    out.extend(da)
    out.extend(brda)
    w(f"BRF:{brf}\nBRH:{brh}\nLF:{lf}\nLH:{lh}\nend_of_record\n")


def main() -> int:
    out_path = sys.argv[1]
    target = int(float(sys.argv[2]) * 1_000_000) if len(sys.argv) > 2 else 50_000_000
    rng = random.Random(20240502)
    merged = {}
    written = 0
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        test, index = "unit", 0
        while written < target:
            if index == FILES:  # second pass: a few files again, from another test run
                test, index = "integration", 0
            path = f"/build/project/src/pkg_{index % 97}/module_{index}.c"
            nlines = 120 + (index * 37) % 400
            if test == "integration" and index % 5:
                index += 1
                continue
            lines, branches = merged.setdefault(path, ({}, {}))
            chunk = []
            record(chunk, rng, test, path, nlines, lines, branches)
            text = "".join(chunk)
            f.write(text)
            written += len(text)
            index += 1

    expected = {"lines_valid": 0, "lines_covered": 0, "branches_valid": 0, "branches_covered": 0}
    for lines, branches in merged.values():
        expected["lines_valid"] += len(lines)
        expected["lines_covered"] += sum(1 for h in lines.values() if h > 0)
        expected["branches_valid"] += len(branches)
        expected["branches_covered"] += sum(1 for c in branches.values() if c)
    with open(out_path + ".expected.json", "w", encoding="utf-8") as f:
        json.dump(expected, f, sort_keys=True)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
