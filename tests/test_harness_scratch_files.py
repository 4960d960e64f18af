"""Each child of tests/session_harness.py writes its records to a file no other child shares.

The children's JSON-lines files were named after their group's tag and first program. The migrated graph-tier
group has the baselines' tag ("graph-keras3"), so when its first program was also the first of a baseline chunk it
appended to the baselines' file, read every baseline record back as a migrated run, and those overwrote the real
migrated runs of session-free programs: such a program was compared with its own baseline and came out "same"
whatever its migrated code printed (held-out set 8: 17 of 36 session-free rows). Here program ``a`` stays in graph
mode and sorts first, and the migrated runs of ``b`` and ``c`` must be their own: they print the module TensorFlow
is imported as, which the baseline imports as ``tensorflow.compat.v1`` and the migrated program as ``tensorflow``.
"""

from __future__ import annotations

from session_harness import Program, evaluate

# A constant TF1 pads to its shape keeps the graph tier (eager tf.constant raises on it).
GRAPH = "import tensorflow as tf\nhello = tf.constant([2.0], shape=(2,))\nsess = tf.Session()\nprint(sess.run(hello))\n"
EAGER = (
    "import tensorflow as tf\nprint(tf.__name__)\nx = tf.constant({n}.0)\nsess = tf.Session()\nprint(sess.run(x * 3))\n"
)


def test_migrated_runs_are_not_the_baselines_records(tmp_path):
    programs = [
        Program("a", GRAPH, {"random": "none"}),
        Program("b", EAGER.format(n=2), {"random": "none"}),
        Program("c", EAGER.format(n=3), {"random": "none"}),
    ]
    outcomes = evaluate(programs, root=tmp_path)
    assert not outcomes["a"].session_free
    for name, value in (("b", "6.0"), ("c", "9.0")):
        outcome = outcomes[name]
        assert outcome.session_free
        assert outcome.baseline.stdout.splitlines() == ["tensorflow.compat.v1", value]
        assert outcome.migrated is not None
        assert outcome.migrated.stdout.splitlines() == ["tensorflow", value]
