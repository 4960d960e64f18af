"""The gate text (code without comments and docstrings) from the scanner equals what ``tokenize`` makes of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tfmigrate import gate_text
from tfmigrate.engine import code_text as engine_code_text
from tfmigrate.gate_text import code_text, tokenized_code_text

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(
    [
        *(ROOT / "tests" / "fixtures").glob("*/*.py"),
        *(ROOT / "tests" / "programs").glob("*.py"),
        *(ROOT / "examples").glob("*.py"),
    ]
)

SHAPES = [
    pytest.param('"""Doc."""\nimport os  # keras\n', id="docstring-and-comment"),
    pytest.param('if"keras"in x:\n    pass\n', id="keyword-right-before-a-string"),
    pytest.param('x = 1\nreturn_ = rb"keras" + Rb"x" + f"{x}" + BR"y"\n', id="prefixes"),
    pytest.param('rb"keras"\nf"{x!r}keras"\nu"keras"\n', id="prefixed-statements"),
    pytest.param('"a" \\\n    "keras"\nx = 1\n', id="continued-string-statement"),
    pytest.param('x = ("a"\n     "keras")\n("keras")\n', id="strings-in-brackets-are-code"),
    pytest.param('x = 1; "keras"; y = 2\n"a"; z = "keras"\n', id="semicolons"),
    pytest.param('def f(): "keras"\nclass C: x = "keras"\n', id="after-a-colon"),
    pytest.param("s = '''it's \"keras\" '''\n'''a ''keras'' '''\n", id="triple-quotes-with-quotes"),
    pytest.param('x = [\n    1,  # keras\n    "keras",\n]\n', id="comment-in-brackets"),
    pytest.param('"keras"', id="no-final-newline"),
    pytest.param('x = "a\\\nkeras"\n"b\\\nkeras"\n', id="backslash-newline-in-a-string"),
    pytest.param('def f():\n    """keras"""\n\n    # keras\n\n    return "keras"\n', id="blank-and-comment-lines"),
    pytest.param('x = "keras"\r\n"""keras"""\r\n# keras\r\n', id="crlf"),
    pytest.param("x = (1,\n", id="unclosed-bracket"),
    pytest.param('é = "keras"\n"ü"\n', id="non-ascii-names"),
    pytest.param('x = 1 if y else"keras"\n', id="else-right-before-a-string"),
]


def scanned(text: str, monkeypatch) -> str:
    """``code_text(text)`` made by the scanner alone (its tokenize fallback fails the test)."""

    def no_fallback(text: str) -> str:
        raise AssertionError("the scanner handed this text to tokenize")

    with monkeypatch.context() as patch:
        patch.setattr(gate_text, "tokenized_code_text", no_fallback)
        return gate_text.code_text(text)


@pytest.mark.parametrize("source", SHAPES)
def test_the_scanner_makes_what_tokenize_makes(source: str, monkeypatch) -> None:
    assert scanned(source, monkeypatch) == tokenized_code_text(source)


def test_a_lone_carriage_return_goes_to_tokenize() -> None:
    source = 'x = "keras"\r"""keras"""\r'  # tokenize reads it as one line; Python as two
    assert code_text(source) == tokenized_code_text(source)


def test_the_scanner_drops_comments_and_statement_strings_only() -> None:
    source = 'import os  # keras\n"keras"\nx = "keras"\n'
    assert code_text(source) == 'import os   \n \nx = "keras"\n'
    assert engine_code_text is code_text  # the engine's gates read this text


def test_the_scanner_equals_tokenize_on_the_projects_files(monkeypatch) -> None:
    """Every fixture, program and example, as written and with CRLF line ends (``benchmarks/gate_text_equal.py``
    checks the benchmark corpus, tests and package too)."""
    differ = []
    for path in SOURCES:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for variant in (text, text.replace("\r\n", "\n").replace("\n", "\r\n")):
            if "\r" in variant.replace("\r\n", ""):
                continue  # a lone CR: tokenize's own text (test above)
            if scanned(variant, monkeypatch) != tokenized_code_text(variant):
                differ.append(str(path.relative_to(ROOT)))
    assert len(SOURCES) > 800 and differ == []
