#!/usr/bin/env python3
"""Total an LCOV tracefile with a plain line loop (the Python baseline).

Usage: count_lcov.py FILE

Reads the file line by line; merges repeated SF records for one path (line hits add up, a
branch keyed by line/block/branch is covered if any record took it; `-` is not taken);
ignores the LF/LH/BRF/BRH summaries and recomputes the totals from DA and BRDA, as shipgate
does. Prints lines valid/covered and branches valid/covered as JSON.
"""

import json
import sys


def main() -> int:
    files = {}
    lines = branches = None
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line.startswith("DA:"):
                fields = line[3:].split(",")
                number, hits = int(fields[0]), int(fields[1])
                lines[number] = lines.get(number, 0) + hits
            elif line.startswith("BRDA:"):
                number, block, branch, taken = line[5:].split(",")
                key = (int(number), block, branch)
                covered = taken != "-" and int(taken) > 0
                branches[key] = branches.get(key, False) or covered
            elif line.startswith("SF:"):
                lines, branches = files.setdefault(line[3:], ({}, {}))
            elif line == "end_of_record":
                lines = branches = None

    totals = {"lines_valid": 0, "lines_covered": 0, "branches_valid": 0, "branches_covered": 0}
    for lines, branches in files.values():
        totals["lines_valid"] += len(lines)
        totals["lines_covered"] += sum(1 for hits in lines.values() if hits > 0)
        totals["branches_valid"] += len(branches)
        totals["branches_covered"] += sum(1 for covered in branches.values() if covered)
    json.dump(totals, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
