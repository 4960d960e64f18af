"""``_edit_support._head_end`` (where added imports go) reads a parse of the first lines only; it must find the
place a parse of the whole text finds, on every fixture input, test program, example and module of the package,
however few lines it starts with (a prefix cut inside a statement, a decorator or a ``try`` does not parse and
is grown), and on heads written to trip it."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

from tfmigrate.model import Model
from tfmigrate.transforms import _edit_support
from tfmigrate.transforms._edit_support import _first_after_imports, _head_end

REPO = Path(__file__).resolve().parent.parent


def _whole_parse_head_end(text: str, tree: ast.Module | None = None) -> int:
    """The head's end as read from a parse of the whole text (what add_imports did before)."""
    first = _first_after_imports((tree or ast.parse(text)).body)
    return len(text) if first is None else Model(text, ast.Module(body=[], type_ignores=[])).line_start(first)


@functools.cache
def _sources() -> tuple[tuple[str, int], ...]:
    """Every source that parses, with its head's end from the whole parse: read and parsed once per process, not
    once for each ``HEAD_LINES`` the test is run with (most of the module's time)."""
    paths = [
        *sorted((REPO / "tests" / "fixtures").rglob("*.py")),
        *sorted((REPO / "tests" / "programs").glob("*.py")),
        *sorted((REPO / "examples").rglob("*.py")),
        *sorted((REPO / "tfmigrate").rglob("*.py")),
    ]
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        found.append((text, _whole_parse_head_end(text, tree)))
    return tuple(found)


HOSTILE = [
    '"""doc"""\nimport a\nimport b; x = 1\nimport c\n',
    "import a\n@decorator(\n    1,\n)\ndef f():\n    pass\nimport b\n",
    "import a\ntry:\n    import b\nexcept ImportError:\n    b = None\nimport c\n",
    "import a\nfrom b import (\n    c,\n    d,\n)\nimport e \\\n    as f\nx = '''\nimport g\n'''\n",
    "import a\r\nimport b\r\nif x:\r\n    import c\r\nelse:\r\n    pass\r\n",
    "__strict__ = True\nimport a\nimport b\n",
    "import a\nimport b\n",
    "",
]


@pytest.mark.parametrize("lines", [1, 2, 3, 7, 200])
def test_head_end_as_a_whole_parse_finds_it(monkeypatch, lines):
    monkeypatch.setattr(_edit_support, "HEAD_LINES", lines)
    for text, expected in [*((text, _whole_parse_head_end(text)) for text in HOSTILE), *_sources()]:
        assert _head_end(text) == expected, text[:200]
