"""Every transform's before/after pairs, as data.

``tests/fixtures/<CODE>/<case>.before.py`` is migrated with only that rule selected (``ALL`` selects every
rule) and compared with ``<case>.after.py``; a case without ``.after.py`` must come back unchanged, and a
``<case>.invalid.py`` must be reported as failed. An optional ``<case>.report.txt`` lists the expected changes
and follow-ups, one ``change|followup LINE CODE`` per line. Every output is also checked to parse and to be
a fixed point (a second run changes nothing).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from fixture_migrations import migrate

from tfmigrate import Options, Status, migrate_source

FIXTURES = Path(__file__).parent / "fixtures"


def _options(code: str) -> Options:
    return Options() if code == "ALL" else Options(select=(code,))


def _cases(suffix: str):
    for path in sorted(FIXTURES.glob(f"*/*{suffix}")):
        yield pytest.param(path, id=f"{path.parent.name}/{path.name[: -len(suffix)]}")


@pytest.mark.parametrize("before_path", list(_cases(".before.py")))
def test_fixture(before_path: Path) -> None:
    code = before_path.parent.name
    before = before_path.read_text(encoding="utf-8")
    after_path = before_path.with_name(before_path.name.replace(".before.py", ".after.py"))
    expected = after_path.read_text(encoding="utf-8") if after_path.exists() else before
    options = _options(code)

    # migrate_source, made once per run (tests/fixture_migrations.py): tests/test_engine_edits.py and
    # tests/test_semantic_gates.py make the same migration
    result = migrate(before, options, before_path.name)
    assert result.status is not Status.FAILED, result.error
    assert result.migrated == expected
    ast.parse(result.migrated)

    again = migrate(result.migrated, options, before_path.name)
    assert again.migrated == result.migrated, "second run changed the output"

    report_path = before_path.with_name(before_path.name.replace(".before.py", ".report.txt"))
    if report_path.exists():
        got = sorted(
            [f"change {c.line} {c.code}" for c in result.changes]
            + [f"followup {f.line} {f.code}" for f in result.followups]
        )
        want = sorted(line.strip() for line in report_path.read_text().splitlines() if line.strip())
        assert sorted(set(got)) == sorted(set(want))


@pytest.mark.parametrize("invalid_path", list(_cases(".invalid.py")))
def test_invalid_fixture(invalid_path: Path) -> None:
    source = invalid_path.read_text(encoding="utf-8")
    result = migrate_source(source, _options(invalid_path.parent.name), invalid_path.name)
    assert result.status is Status.FAILED
    assert result.error


def test_reported_lines_refer_to_the_file_as_read() -> None:
    """A later rule sees code an earlier rule changed; its reports still name the lines of the original file."""
    source = (
        "import tensorflow as tf\n"
        "from tensorflow.python.keras.layers import (\n"
        "    Dense,\n"
        "    Layer,\n"
        ")\n"
        "\n"
        "x = tf.placeholder(tf.float32)\n"
        "with tf.Session() as sess:\n"
        "    print(sess.run(x, feed_dict={x: 1.0}))\n"
    )
    result = migrate_source(source, Options(keep_graph_mode=True))  # the graph tier: TFM101 renames the lines
    lines = {(c.code, c.message.split(" ->")[0]): c.line for c in result.changes}
    assert lines[("TFM101", "tf.placeholder")] == 7
    assert lines[("TFM101", "tf.Session")] == 8
