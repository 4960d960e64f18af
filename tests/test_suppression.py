"""``# tfmigrate: ignore``, ``ignore[CODE]``, ``skip-file`` and ``@generated``, applied by the engine to any rule.

The rules here are tiny test-only transforms registered by monkeypatching the registry, so these tests check
the engine's generic mechanism, not the behaviour of one real rule.
"""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

import tfmigrate.transforms
from tfmigrate import Options, Status, migrate_source
from tfmigrate.suppression import marker_codes, skip_reason
from tfmigrate.transforms.base import Transform


class RandomNormal(Transform):
    """Test-only rule: ``tf.random_normal`` -> ``tf.random.normal``; ``tf.Session`` gets a follow-up."""

    CODE = "TFM901"
    NAME = "toy-random-normal"
    SUMMARY = "toy"
    TRIGGERS = ("random_normal", "Session")

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        names = self.qualified_names(original_node)
        if "tensorflow.random_normal" in names:
            self.change(original_node, "tf.random_normal -> tf.random.normal")
            return cst.parse_expression("tf.random.normal")
        if "tensorflow.Session" in names:
            self.follow_up(original_node, "tf.Session has no TF2 equivalent")
        return updated_node


class ZerosRule(Transform):
    """Test-only rule: ``tf.zeros_initializer`` -> ``tf.initializers.zeros``."""

    CODE = "TFM902"
    NAME = "toy-zeros"
    SUMMARY = "toy"
    TRIGGERS = ("zeros_initializer",)

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if "tensorflow.zeros_initializer" in self.qualified_names(original_node):
            self.change(original_node, "tf.zeros_initializer -> tf.initializers.zeros")
            return cst.parse_expression("tf.initializers.zeros")
        return updated_node


TOY_RULES = (RandomNormal, ZerosRule)


@pytest.fixture(autouse=True)
def toy_rules(monkeypatch):
    monkeypatch.setattr(tfmigrate.transforms, "all_transforms", lambda: TOY_RULES)


def migrate(source: str, **options):
    return migrate_source(textwrap.dedent(source), Options(**options), "m.py")


def test_unmarked_statements_are_migrated():
    result = migrate(
        """\
        import tensorflow as tf
        a = tf.random_normal([2])
        b = tf.random_normal([3])  # tfmigrate: ignore
        """
    )
    assert result.migrated == textwrap.dedent(
        """\
        import tensorflow as tf
        a = tf.random.normal([2])
        b = tf.random_normal([3])  # tfmigrate: ignore
        """
    )
    assert [(c.line, c.code) for c in result.changes] == [(2, "TFM901")]


def test_marker_on_any_line_of_a_multiline_statement():
    source = """\
        import tensorflow as tf
        x = foo(
            tf.random_normal([2]),  # tfmigrate: ignore
            tf.random_normal([3]),
        )
        y = tf.random_normal([4])
        """
    result = migrate(source)
    assert "tf.random_normal([2])" in result.migrated and "tf.random_normal([3])" in result.migrated
    assert "y = tf.random.normal([4])" in result.migrated
    assert [c.line for c in result.changes] == [6]


def test_code_specific_marker_only_stops_that_rule():
    result = migrate(
        """\
        import tensorflow as tf
        a = tf.random_normal([2], initializer=tf.zeros_initializer())  # tfmigrate: ignore[TFM902]
        b = tf.random_normal([2], initializer=tf.zeros_initializer())  # tfmigrate: ignore[tfm901, TFM7]
        """
    )
    lines = result.migrated.splitlines()
    assert lines[1].startswith("a = tf.random.normal([2], initializer=tf.zeros_initializer())")
    assert lines[2].startswith("b = tf.random_normal([2], initializer=tf.initializers.zeros())")
    assert sorted((c.line, c.code) for c in result.changes) == [(2, "TFM901"), (3, "TFM902")]


def test_marker_on_compound_header_covers_the_block():
    result = migrate(
        """\
        import tensorflow as tf

        @decorate  # tfmigrate: ignore
        def f():
            return tf.random_normal([2])

        with scope():  # tfmigrate: ignore
            x = tf.random_normal([2])

        def g():
            return tf.random_normal([2])
        """
    )
    assert result.migrated.count("tf.random_normal") == 2
    assert result.migrated.count("tf.random.normal") == 1
    assert [c.line for c in result.changes] == [11]


def test_marker_inside_a_block_covers_only_its_statement():
    result = migrate(
        """\
        import tensorflow as tf
        def f():
            a = tf.random_normal([1])  # tfmigrate: ignore
            return tf.random_normal([2])
        """
    )
    assert "a = tf.random_normal([1])" in result.migrated
    assert "return tf.random.normal([2])" in result.migrated


def test_follow_ups_on_ignored_lines_are_dropped():
    result = migrate(
        """\
        import tensorflow as tf
        s = tf.Session()  # tfmigrate: ignore
        t = tf.Session()
        """
    )
    assert [(f.line, f.code) for f in result.followups] == [(3, "TFM901")]


def test_own_line_marker_and_other_comments_do_not_suppress():
    result = migrate(
        """\
        import tensorflow as tf
        # tfmigrate: ignore
        a = tf.random_normal([2])
        b = tf.random_normal([2])  # tfmigrate: ignored-typo, tfmigrate: TFM101 note
        """
    )
    assert result.migrated.count("tf.random.normal") == 2


def test_marker_inside_a_string_is_not_a_comment():
    result = migrate(
        """\
        import tensorflow as tf
        a = (tf.random_normal([2]), "# tfmigrate: ignore")
        """
    )
    assert "tf.random.normal" in result.migrated


@pytest.mark.parametrize(
    "header",
    [
        "# tfmigrate: skip-file\n",
        "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n#tfmigrate:skip-file\n",
        '"""Protocol stubs.\n\n@generated by stubgen\n"""\n',
        "# @generated SignedSource<<abc>>\n",
    ],
)
def test_whole_file_skips(header):
    source = header + "import tensorflow as tf\na = tf.random_normal([2])\n"
    result = migrate_source(source, Options(), "m.py")
    assert result.status is Status.SKIPPED
    assert result.migrated == source
    assert result.changes == []


def test_skip_marks_far_down_do_not_skip():
    filler = "".join(f"x{i} = {i}\n" for i in range(12))
    source = filler + "# tfmigrate: skip-file\n# @generated\nimport tensorflow as tf\na = tf.random_normal([2])\n"
    assert skip_reason(source) is None
    assert migrate_source(source, Options(), "m.py").status is Status.CHANGED


@pytest.mark.parametrize(
    ("comment", "codes"),
    [
        ("# tfmigrate: ignore", ()),
        ("#tfmigrate:ignore", ()),
        ("# noqa: E501  # tfmigrate: ignore[TFM201]", ("TFM201",)),
        ("# tfmigrate: ignore[TFM201, tfm3]", ("TFM201", "TFM3")),
        ("# tfmigrate: ignored", None),
        ("# tfmigrate: ignore-me", None),
        ("# tfmigrate: TFM101 manual follow-up", None),
    ],
)
def test_marker_codes(comment, codes):
    assert marker_codes(comment) == codes


def test_suppression_does_not_change_output_without_markers():
    source = "import tensorflow as tf\na = tf.random_normal([2])\n"
    assert migrate_source(source).migrated == "import tensorflow as tf\na = tf.random.normal([2])\n"
