"""LineMatcher gives difflib's opcodes (``SequenceMatcher(None, a, b, autojunk=False)``), which the engine's line
map of reports relies on: on generated edits of repetitive texts, where equal lines and windows recur, and on
real files of the package with lines inserted, removed, changed and repeated."""

from __future__ import annotations

import difflib
import random
from pathlib import Path

import pytest

from tfmigrate import line_matching
from tfmigrate.line_matching import LineMatcher

PACKAGE = Path(line_matching.__file__).parent


def _difflib(a: list[str], b: list[str]) -> list:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def _edited(rng: random.Random, a: list[str], alphabet: list[str]) -> list[str]:
    b = list(a)
    for _ in range(rng.randint(0, 6)):
        where = rng.randint(0, len(b))
        kind = rng.random()
        if kind < 0.3:
            b[where:where] = [rng.choice(alphabet) for _ in range(rng.randint(1, 5))]
        elif kind < 0.55:
            del b[where : where + rng.randint(1, 8)]
        elif kind < 0.8 and b:
            start = rng.randrange(len(b))
            b[where:where] = b[start : start + rng.randint(1, 40)]  # a repeated stretch: equal windows elsewhere
        elif where < len(b):
            b[where] = rng.choice(alphabet)
    return b


@pytest.mark.parametrize("seed", range(24))
def test_same_opcodes_as_difflib_on_repetitive_texts(seed):
    rng = random.Random(seed)
    alphabet = [f"line {k}" for k in range(rng.choice([2, 3, 5, 20]))] + ["", ")"]
    block = [rng.choice(alphabet) for _ in range(rng.randint(5, 30))]
    a = [line for _ in range(rng.randint(1, 12)) for line in (block if rng.random() < 0.5 else block[::-1])]
    a += [rng.choice(alphabet) for _ in range(rng.randint(0, 200))]
    for _ in range(5):
        b = _edited(rng, a, alphabet)
        for min_run in (1, 4, 32):
            assert LineMatcher(a, b, min_run=min_run).get_opcodes() == _difflib(a, b)
            assert LineMatcher(b, a, min_run=min_run).get_opcodes() == _difflib(b, a)


@pytest.mark.parametrize("name", ["engine.py", "model.py", "cli.py", "transforms/tfm101_tf1_api.py"])
def test_same_opcodes_as_difflib_on_edited_sources(name):
    rng = random.Random(name)
    a = (PACKAGE / name).read_text(encoding="utf-8").splitlines()
    for _ in range(4):
        b = _edited(rng, a, ["", "import tensorflow as tf", "    )"])
        assert LineMatcher(a, b, min_run=4).get_opcodes() == _difflib(a, b)
        assert LineMatcher(a, b).get_opcodes() == _difflib(a, b)
