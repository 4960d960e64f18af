"""A script's entry point is any module-level statement that calls its graph-building code (held-out set 18).

``Model(2).train(xs, ys)`` at module level (no assignment, no ``__main__`` guard), the constructor building
placeholders and ``train()`` opening a Session: TFM102 saw no entry point, gave the library follow-up and did not
insert the switch, so the migrated script raised "tf.placeholder() is not compatible with eager execution" where
TF1 ran. A chained or nested call runs the graph code as much as ``model = Model(2)`` does (run on TF 2.21).
"""

from __future__ import annotations

import textwrap

import pytest
from program_checks import run_in_a_shared_child

from tfmigrate import Options, migrate_source

MODEL = textwrap.dedent(
    """
    import numpy as np
    import tensorflow as tf


    class Model(object):
        def __init__(self, n_in):
            def __graph__():
                tf.reset_default_graph()
                x = tf.placeholder(tf.float32, [None, n_in])
                y = tf.placeholder(tf.float32, [None, 1])
                w = tf.get_variable("w", [n_in, 1], initializer=tf.zeros_initializer())
                loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
                self.x, self.y, self.loss = x, y, loss
                self.train_op = tf.train.AdagradOptimizer(0.5).minimize(loss)

            __graph__()

        def train(self, xs, ys, epochs=3):
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for i in range(epochs):
                    for _ in range(10):
                        _, l = sess.run([self.train_op, self.loss], {self.x: xs, self.y: ys})
                    print(i, l)
            return l


    xs = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 0.5]], dtype=np.float32)
    ys = np.array([[5.0], [4.0], [4.0]], dtype=np.float32)
    """
).lstrip()
SWITCH = "tf.compat.v1.disable_v2_behavior()\n"
ENTRIES = [
    pytest.param("Model(2).train(xs, ys)\n", id="chained-call-statement"),
    pytest.param('print("final", Model(2).train(xs, ys))\n', id="nested-in-print"),
    pytest.param("for epochs in (1, 2):\n    Model(2).train(xs, ys, epochs)\n", id="in-a-module-level-loop"),
]


def _run(source: str, tmp_path, name: str) -> str:
    """The TF1 baseline and the migrated script switch TF2 behaviour off at module level, before anything is built
    (the test asserts where the switch stands): both run in the harness's graph child."""
    return run_in_a_shared_child(source, tmp_path / name.removesuffix(".py"), graph=True)


@pytest.mark.parametrize("entry", ENTRIES)
def test_a_call_anywhere_in_a_module_level_statement_is_an_entry_point(entry: str, tmp_path) -> None:
    program = MODEL + "\n" + entry
    result = migrate_source(program, Options(), "script.py")
    migrated = result.migrated
    assert migrated is not None
    assert migrated.index(SWITCH) < migrated.index("class Model"), migrated  # switched at module level
    assert not [f for f in result.followups if "no entry point" in f.message]
    baseline = program.replace(
        "import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n", 1
    )
    expected = _run(baseline, tmp_path, "baseline.py")
    assert len(expected.split()) >= 6
    assert _run(migrated, tmp_path, "migrated.py") == expected


def test_a_call_inside_a_guard_or_a_lambda_is_not_a_module_level_entry() -> None:
    guarded = MODEL + '\nif __name__ == "__main__":\n    Model(2).train(xs, ys)\n'
    migrated = migrate_source(guarded, Options(), "script.py").migrated
    assert migrated is not None
    assert '__main__":\n    ' + SWITCH in migrated  # the guard's entry: importers stay eager
    library = MODEL + "\nrun = lambda: Model(2).train(xs, ys)\n"
    result = migrate_source(library, Options(), "library.py")
    assert SWITCH not in (result.migrated or library)
    assert [f for f in result.followups if "no entry point" in f.message]
