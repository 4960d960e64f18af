"""The programs a test run ran more than once (issue 15): reads the records tools/census/sitecustomize.py left in a
``TFMIGRATE_CENSUS`` folder and counts each program text per TensorFlow mode (graph, eager), over every process of the
run (pytest-xdist workers and their TensorFlow children, programs run as processes of their own). A text run twice in
one mode is work a shared store could have done once; where the runs happened (their working folders, which name the
test's temporary folder) says which tests to point at one store.

    python tools/program_census.py /tmp/census          # the texts run more than once, most runs first
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

# What is not a program: ``ast.parse`` (``<unknown>``), an empty name.
NOT_PROGRAMS = ("<unknown>", "")
# A test's temporary folder in a working folder: pytest's ``<test name><n>`` / ``mktemp`` name below ``popen-gwN``.
TEST_FOLDERS = (re.compile(r"/popen-gw\d+/([^/]+?)\d*(?:/|$)"), re.compile(r"/pytest-\d+/([^/]+?)\d*(?:/|$)"))


def runs(folder: Path) -> list[dict]:
    found = []
    for log in sorted(folder.glob("*.jsonl")):
        for line in log.read_text().splitlines():
            try:
                record = json.loads(line)
            except ValueError:  # a process killed while it wrote
                continue
            if record.get("file") not in NOT_PROGRAMS and record.get("mode") in ("graph", "eager"):
                found.append(record)
    return found


def where(record: dict) -> str:
    """The test folder a run's working folder lies in, or the working folder."""
    for pattern in TEST_FOLDERS:
        hit = pattern.search(record["cwd"])
        if hit:
            return hit.group(1)
    return record["cwd"]


def run_key(record: dict) -> tuple[str, ...]:
    """What makes two runs the same work: the text, the mode, the arguments and the kind of folder it ran in (a
    resuming run, in the ``*_resume`` copy of the first run's folder, starts from what that one left), with the
    test's temporary folders left out (every test has its own)."""
    folder = Path(record["cwd"]).parent.name
    argv = tuple(Path(arg).name if arg.startswith("/") else arg for arg in record.get("argv", ()))
    return (record["plain"], record["mode"], "resume" if folder.endswith("_resume") else "", *argv)


def repeats(records: list[dict]) -> list[tuple[tuple[str, ...], list[dict]]]:
    """run_key -> its runs, for the runs done more than once, most first."""
    by_text: dict[tuple[str, ...], list[dict]] = collections.defaultdict(list)
    for record in records:
        by_text[run_key(record)].append(record)
    found = [(key, found) for key, found in by_text.items() if len(found) > 1]
    return sorted(found, key=lambda item: (-len(item[1]), item[0]))


def main(argv: list[str]) -> int:
    records = runs(Path(argv[0] if argv else "census"))
    twice = repeats(records)
    texts = len({run_key(r) for r in records})
    extra = sum(len(found) - 1 for _, found in twice)
    print(f"{len(records)} program runs, {texts} distinct (text, mode, arguments); {extra} repeat one")
    by_pair: collections.Counter[tuple[str, ...]] = collections.Counter()
    for (_, mode, *_), found in twice:
        places = tuple(sorted({where(r) for r in found}))
        by_pair[(mode, *places)] += len(found) - 1
    print("\nrepeated runs by the tests (folders) that made them:")
    for key, count in by_pair.most_common(60):
        print(f"{count:5d}  {key[0]:5}  {' + '.join(key[1:])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
