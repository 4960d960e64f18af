"""The engine's own parent map and start lines must equal libcst's ParentNodeProvider and PositionProvider."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from tfmigrate.cstfields import nodes, parent_map, start_lines

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "fixtures").rglob("*.py"))

ODD_LAYOUTS = [
    "import tensorflow as tf\r\nx = tf.constant(1)\r\n",
    "import tensorflow as tf\rx = (1,\r  2)\r",
    "import tensorflow as tf\n\x0cdef f():\n    '''a\n    b'''\n    return tf.zeros([1])  # c\n",
    "@tf.function\n@dec(\n    1)\nclass A(B,\n        C):\n    x: int = 1; y = 2\n",
    "x = f'{a!r:>{w}} {b}'\nlambda *a, k=1, **kw: (yield)\nwith (a as b, c):\n    pass\n",
]


def _check(module: cst.Module) -> None:
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    parents = dict(wrapper.resolve(ParentNodeProvider))
    assert parent_map(module) == parents
    found = list(nodes(module))
    assert len(found) == len(set(found)) == len(parents) + 1
    assert start_lines(module) == {node: r.start.line for node, r in wrapper.resolve(PositionProvider).items()}


@pytest.mark.parametrize("text", ODD_LAYOUTS)
def test_odd_layouts(text: str) -> None:
    _check(cst.parse_module(text))


def test_every_fixture() -> None:
    checked = 0
    for path in FIXTURES:
        try:
            module = cst.parse_module(path.read_text(encoding="utf-8"))
        except (cst.ParserSyntaxError, UnicodeDecodeError):
            continue
        _check(module)
        checked += 1
    assert checked > 100
