"""``with tf.variable_scope("model") as vs:`` whose ``vs`` nothing reads is the scope without ``as``
(variable_scopes.unread_as; unread_scope_names.py now drops the unread ``as``): rewritten like it (the eager fixture eager_helper_scope_object_unused runs it on real
TF); a scope object the program reads keeps the graph tier with the true reason."""

from __future__ import annotations

from pathlib import Path

from program_checks import migrated_with_reasons

SOURCE = (Path(__file__).parent / "fixtures" / "TFM201" / "eager_helper_scope_object_unused.before.py").read_text()


def test_an_unread_scope_object_is_the_scope_without_as() -> None:
    migrated, reasons = migrated_with_reasons(SOURCE)
    assert migrated is not None and not reasons, reasons
    assert 'with tf.compat.v1.variable_scope("model"):' in migrated and "placeholder" not in migrated
    assert " as vs" not in migrated


def test_a_scope_object_that_is_read_keeps_the_graph_tier() -> None:
    read = SOURCE.replace(
        'shift = tf.Variable(0.0, name="shift")\n', 'shift = tf.Variable(0.0, name="shift")\n        print(vs.name)\n'
    )
    assert read != SOURCE
    migrated, reasons = migrated_with_reasons(read)
    assert migrated is not None and "Session" in migrated
    assert [m for _, m in reasons if "graph mode" in m], reasons
