"""Session functions run one after the other over one module-level graph (session/sequential_runs.py): the later
function is rewritten only when it restores every variable before it runs anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from tfmigrate import Options, migrate_source

BEFORE = Path(__file__).parent / "fixtures" / "TFM201" / "eager_train_then_test_restore.before.py"
RESTORE = "    saver.restore(sess=session, save_path=save_path)\n"


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (RESTORE, "    if os.path.exists(save_path + '.index'):\n    " + RESTORE, "without first restoring"),
        (
            "    saver = tf.train.Saver()\n    saver.restore",
            "    saver = tf.train.Saver([w1])\n    saver.restore",
            None,
        ),
        ("train()\ntest()\n", "test()\ntrain()\n", "function `train` runs after another Session function"),
        (
            "b1 = tf.Variable(",
            "c1 = tf.Variable(tf.zeros([1]), collections=[tf.GraphKeys.LOCAL_VARIABLES])\nb1 = tf.Variable(",
            None,
        ),
    ],
)
def test_a_later_function_that_may_not_restore_every_variable_keeps_the_graph_tier(old, new, reason) -> None:
    source = BEFORE.read_text()
    assert old in source
    result = migrate_source(source.replace(old, new), Options(select=("TFM201",)), "sequential.py")
    assert "tf.compat.v1.Session" not in result.migrated and "tf.train.Checkpoint" not in result.migrated
    assert [f.code for f in result.followups] == ["TFM201"]
    if reason is not None:
        assert reason in result.followups[0].message
