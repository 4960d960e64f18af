"""Does ``cstfields.ordered_children`` (children read from a node's fields) give libcst's ``node.children``, the
same nodes in the same order, on every node of a corpus? Prints figures; asserts nothing
(tests/test_fast_children.py asserts it on a seventh of the fixtures and programs).

The figure behind the CHANGELOG's "checked equal on ... nodes": every node of every file libcst parses in the
seeded share of the benchmark corpus that ``benchmarks/compare_tf_upgrade_v2.py --corpus SHARE`` migrates.

    python benchmarks/fast_children_equal.py --corpus 0.1
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

import libcst as cst  # noqa: E402
from _common import build_corpus  # noqa: E402

from tfmigrate.cstfields import ordered_children  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=float, default=0.1, help="the seeded share of the benchmark corpus")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fast_children_") as scratch:
        corpus = build_corpus(Path(scratch), args.corpus, args.seed)
        parsed = unparsed = nodes = 0
        differ: list[str] = []
        for path in corpus.files:
            try:
                module = cst.parse_module(path.read_bytes())
            except (cst.ParserSyntaxError, RecursionError):
                unparsed += 1
                continue
            parsed += 1
            todo: list[cst.CSTNode] = [module]
            while todo:
                node = todo.pop()
                expected = tuple(node.children)
                got = ordered_children(node)
                nodes += 1
                if len(got) != len(expected) or not all(a is b for a, b in zip(got, expected)):
                    differ.append(f"{path.relative_to(corpus.root)}: {type(node).__name__}")
                todo.extend(expected)
    print(f"corpus share {args.corpus:g}, seed {args.seed}: {len(corpus.files):,} files, {corpus.lines:,} lines")
    print(f"parsed by libcst: {parsed:,} ({unparsed:,} not)")
    print(f"nodes compared: {nodes:,}; children differ at: {len(differ):,}")
    for line in differ[:20]:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
