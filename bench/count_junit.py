#!/usr/bin/env python3
"""Count JUnit test outcomes with xml.etree.ElementTree.iterparse (the Python baseline).

Usage: count_junit.py FILE

Streams the document with end events, classifies each <testcase> with the same precedence
shipgate uses (error > failure > skipped > pass) and clears every finished test case so the
tree does not grow with its content. Prints the counts as JSON.
"""

import json
import sys
import xml.etree.ElementTree as ET


def main() -> int:
    counts = {"tests": 0, "passed": 0, "failed": 0, "errored": 0, "skipped": 0}
    for _event, elem in ET.iterparse(sys.argv[1], events=("end",)):
        if elem.tag != "testcase":
            continue
        tags = {child.tag for child in elem}
        if "error" in tags:
            counts["errored"] += 1
        elif "failure" in tags:
            counts["failed"] += 1
        elif "skipped" in tags:
            counts["skipped"] += 1
        else:
            counts["passed"] += 1
        counts["tests"] += 1
        elem.clear()
    json.dump(counts, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
