#!/usr/bin/env python3
"""Generate a large pytest-style JUnit XML report for the shipgate benchmark.

Usage: gen_junit.py OUT [TESTS]

The shape follows what pytest's junitxml plugin (junit_family=xunit2) writes: one
<testsuites> root, one <testsuite name="pytest" ...> and one <testcase> per test, with
`classname="tests.test_mod_N" name="test_case_M" time="0.00x"`. The mix is deterministic
(seeded) and realistic: about 1% failures with a message and an assertion traceback, about 1%
skips, a few errors (setup errors, and failures followed by a teardown error, where error wins),
and captured output (<system-out>/<system-err>) on a few percent of the tests. Test ids are
unique, so every test case is one test.

The expected counts are written to OUT.expected.json so that the benchmark can check both
shipgate and the Python counter against the generator itself.
"""

import json
import random
import sys
from xml.sax.saxutils import escape, quoteattr

TESTS_PER_MODULE = 100


def main() -> int:
    out = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    rng = random.Random(20240501)

    counts = {"tests": total, "passed": 0, "failed": 0, "errored": 0, "skipped": 0}
    seconds = 0.0
    body = []
    for i in range(total):
        module, case = divmod(i, TESTS_PER_MODULE)
        classname = f"tests.test_mod_{module}"
        name = f"test_case_{case}"
        millis = rng.randint(1, 5)
        seconds += millis / 1000
        head = f'<testcase classname="{classname}" name="{name}" time="0.00{millis}"'

        roll = rng.random()
        inner = ""
        if roll < 0.010:
            counts["failed"] += 1
            left, right = rng.randint(0, 99), rng.randint(100, 199)
            message = f"AssertionError: assert {left} == {right}"
            trace = (
                f"def {name}():\n"
                f"        value = compute({left})\n"
                f">       assert value == {right}\n"
                f"E       assert {left} == {right}\n"
                f"E        +  where {left} = compute({left})\n\n"
                f"tests/test_mod_{module}.py:{case * 7 + 3}: AssertionError"
            )
            inner = f"<failure message={quoteattr(message)}>{escape(trace)}</failure>"
        elif roll < 0.020:
            counts["skipped"] += 1
            reason = "requires the network" if roll < 0.015 else "not supported on this platform"
            inner = (
                f'<skipped type="pytest.skip" message={quoteattr(reason)}>'
                f"tests/test_mod_{module}.py:{case * 7 + 1}: {escape(reason)}</skipped>"
            )
        elif roll < 0.0205:
            counts["errored"] += 1
            message = "failed on setup with \"fixture 'database' not found\""
            trace = (
                f"file tests/test_mod_{module}.py, line {case * 7}\n"
                f"  def {name}(database):\n"
                "E       fixture 'database' not found\n"
                ">       available fixtures: cache, capfd, capsys, monkeypatch, tmp_path\n"
                ">       use 'pytest --fixtures [testpath]' for help on them."
            )
            inner = f"<error message={quoteattr(message)}>{escape(trace)}</error>"
        elif roll < 0.0208:
            # pytest reports a failing call and a failing teardown as both: error wins.
            counts["errored"] += 1
            inner = (
                '<failure message="assert False">def test():\n&gt;       assert False\n'
                "E       assert False</failure>"
                '<error message="failed on teardown with &quot;RuntimeError: leaked '
                'connection&quot;">RuntimeError: leaked connection</error>'
            )
        else:
            counts["passed"] += 1

        if rng.random() < 0.05:
            lines = "".join(
                f"[{n:04d}] processing item {rng.randint(0, 10**6)} for {classname}.{name}\n"
                for n in range(rng.randint(3, 12))
            )
            inner += f"<system-out>{escape(lines)}</system-out>"
            if rng.random() < 0.2:
                inner += "<system-err>DeprecationWarning: the 'imp' module is deprecated</system-err>"

        body.append(f"{head}>{inner}</testcase>" if inner else f"{head} />")

    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<testsuites>')
        f.write(
            f'<testsuite name="pytest" errors="{counts["errored"]}" failures="{counts["failed"]}" '
            f'skipped="{counts["skipped"]}" tests="{total}" time="{seconds:.3f}" '
            'timestamp="2024-05-01T12:00:00.000000" hostname="ci-runner">'
        )
        for start in range(0, len(body), 10_000):
            f.write("\n".join(body[start : start + 10_000]))
            f.write("\n")
        f.write("</testsuite></testsuites>\n")

    with open(out + ".expected.json", "w", encoding="utf-8") as f:
        json.dump(counts, f, sort_keys=True)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
