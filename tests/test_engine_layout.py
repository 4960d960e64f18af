"""The layout check's shortcut: a file ``engine.reprints_itself`` clears is one libcst prints back byte for byte,
so the engine skips the parse that would only find nothing to restore (tests/test_hostile_files.py runs the
odd layouts through the whole tool)."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from tfmigrate.engine import reprints_itself

REPO = Path(__file__).resolve().parent.parent

# Each one libcst does not print back as read: the shortcut must send it to the parse and restore_layout.
NOT_REPRINTED = {
    "cr-only": "import tensorflow as tf\rx = 1\r",
    "blank-line-before-trailing-spaces": "import tensorflow as tf\n\n  ",
    "blank-line-before-a-tab": "import tensorflow as tf\n\n\t",
    "whitespace-lines-at-the-end": "import tensorflow as tf\n \n \n",
    "byte-order-mark": "\ufeffimport tensorflow as tf\n",
}


@pytest.mark.parametrize("case", sorted(NOT_REPRINTED))
def test_a_layout_libcst_loses_goes_to_the_parse(case: str) -> None:
    text = NOT_REPRINTED[case]
    assert cst.parse_module(text).code != text
    assert not reprints_itself(text)


@pytest.mark.parametrize(
    "text",
    ["import tensorflow as tf\n", "import tensorflow as tf", "import tensorflow as tf\n\n\n", "x = 1  # c\n", ""],
    ids=["newline", "no-final-newline", "blank-lines-at-the-end", "comment", "empty"],
)
def test_a_plain_layout_is_cleared(text: str) -> None:
    assert reprints_itself(text)
    assert cst.parse_module(text).code == text


def test_every_program_and_example_it_clears_is_reprinted_byte_for_byte() -> None:
    paths = sorted((REPO / "tests" / "programs").glob("*.py")) + sorted((REPO / "examples").rglob("*.py"))
    cleared = [text for text in (p.read_text(encoding="utf-8") for p in paths) if reprints_itself(text)]
    assert len(cleared) > 200
    assert [text[:60] for text in cleared if cst.parse_module(text).code != text] == []


def test_a_parsed_text_that_reprints_itself_is_its_code(monkeypatch) -> None:
    """The engine's parse records the text as the module's code: a libcst rule that changes nothing, and the check
    after it, read it instead of generating the code of the whole tree again."""
    from tfmigrate import engine
    from tfmigrate.cstfields import code

    text = "import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32)\n"
    module = engine._Tree(text).module

    def generate(self):
        raise AssertionError("the code of a parsed text was generated again")

    monkeypatch.setattr(cst.Module, "code", property(generate))
    assert code(module) == text
    with pytest.raises(AssertionError):
        code(engine._Tree(NOT_REPRINTED["cr-only"]).module)
