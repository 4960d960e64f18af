"""Mutation tests: the fixture inputs, damaged at random (seeded) the way half-edited real files are.

Lines and characters are deleted, duplicated and swapped. Every damaged file must come out of a real write
run either migrated (and then it parses and a second run changes nothing) or reported as failed and left
byte-for-byte untouched (a damaged file that still mentions TensorFlow must be reported, not skipped); no
mutation may surface as an internal error of a rule.
"""

from __future__ import annotations

import ast
import random
import warnings
import zlib
from pathlib import Path

import pytest

from tfmigrate import Options, Status, migrate_paths
from tfmigrate.api import Mode
from tfmigrate.engine import might_need_migration

FIXTURES = Path(__file__).parent / "fixtures"
MUTANTS_PER_FILE = 6
MAX_FILES = 80
NOISE = "()[]{}:,.=\"'#\\ \t\nx0"


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def delete_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "".join(lines)


def duplicate_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "".join(lines)


def swap_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def delete_char(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text))
    return text[:i] + text[i + 1 :]


def duplicate_char(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text))
    return text[:i] + text[i] + text[i:]


def swap_chars(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def insert_noise(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text))
    return text[:i] + rng.choice(NOISE) + text[i:]


MUTATIONS = (delete_line, duplicate_line, swap_lines, delete_char, duplicate_char, swap_chars, insert_noise)


def _inputs() -> list[Path]:
    found = sorted(p for p in FIXTURES.glob("**/*.before.py") if len(p.read_text(encoding="utf-8").strip()) > 2)
    return sorted(random.Random(2026).sample(found, min(MAX_FILES, len(found))))


def mutants(path: Path) -> list[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    rng = random.Random(zlib.crc32(path.relative_to(FIXTURES).as_posix().encode()))
    out = []
    for n in range(MUTANTS_PER_FILE):
        mutated = text
        names = []
        for _ in range(rng.randint(1, 3)):
            mutation = rng.choice(MUTATIONS)
            mutated = mutation(mutated, rng) if len(mutated) > 2 else mutated
            names.append(mutation.__name__)
        out.append((f"m{n}_{'+'.join(names)}", mutated))
    return out


def _parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


@pytest.mark.parametrize("path", [pytest.param(p, id=p.relative_to(FIXTURES).as_posix()) for p in _inputs()])
def test_damaged_fixture_is_migrated_or_reported_untouched(tmp_path: Path, path: Path) -> None:
    originals = {}
    for name, text in mutants(path):
        target = tmp_path / f"{name}.py"
        target.write_text(text, encoding="utf-8")
        originals[target.name] = (text, target.read_bytes())
    # Each mutant is a program of its own: one run per file, so that no mutant's saves and loads decide another's
    # renames (a run agrees on renamed save files across its files).
    results = {
        r.path.name: r
        for target in sorted(tmp_path.iterdir())
        for r in migrate_paths([target], Options(), Mode.WRITE, jobs=1)
    }
    assert set(results) == set(originals)
    for name, result in results.items():
        text, data = originals[name]
        now = (tmp_path / name).read_text(encoding="utf-8")
        assert "internal error" not in (result.error or ""), f"{name}: {result.error}"
        if result.status is Status.FAILED:
            assert result.error
            assert (tmp_path / name).read_bytes() == data, f"{name} failed but was modified"
        elif result.status is Status.UNCHANGED:
            assert (tmp_path / name).read_bytes() == data
        else:
            assert result.written
            assert _parses(now), f"{name}: migrated output does not parse"
            (again,) = migrate_paths([tmp_path / name], Options(), Mode.DIFF, jobs=1)
            assert again.status is Status.UNCHANGED, f"{name}: second run changed the output\n{again.migrated}"
        if not _parses(text) and might_need_migration(text):
            assert result.status is Status.FAILED, f"{name} does not parse but was not reported"


def test_import_lost_in_a_docstring_reaches_the_fixpoint_in_one_run(tmp_path: Path) -> None:
    """A mutant whose ``import tensorflow as tf`` slid into the docstring (`tf` is then never imported): the first
    run inserted the import and the switch, and only the second renamed ``tf.placeholder`` (TFM101), so one run was
    not the fixpoint. Nothing shows the unresolved ``tf`` is TensorFlow: the file is reported, not edited."""
    target = tmp_path / "lost_import.py"
    text = (
        '"""Fit a line.\nimport tensorflow as tf\n"""\n'
        "X = tf.placeholder(tf.float32, [None])\n"
        "with tf.Session() as sess:\n"
        "    print(sess.run(X * 2, feed_dict={X: [1.0]}))\n"
    )
    target.write_text(text, encoding="utf-8")
    (first,) = migrate_paths([target], Options(), Mode.WRITE, jobs=1)
    (again,) = migrate_paths([target], Options(), Mode.DIFF, jobs=1)
    assert again.status is Status.UNCHANGED, f"second run changed the output\n{again.migrated}"
    assert first.status is Status.UNCHANGED and target.read_text(encoding="utf-8") == text
    assert any("never imports tensorflow" in f.message for f in first.followups)
