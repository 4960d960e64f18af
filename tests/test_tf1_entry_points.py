"""A TF1 program runs on TF 2.21 after migration with what it did before: ``tf.app.run()`` parses the flags and
hands the rest of argv (unknown flags included) to ``main``; ``tf.enable_eager_execution()`` goes; and
``softmax_cross_entropy_with_logits`` still sends no gradient into ``labels`` (a distillation teacher's)."""

from __future__ import annotations

import textwrap

from program_checks import run_script_in_a_shared_child

from tfmigrate import Options, migrate_source

PROGRAM = textwrap.dedent(
    """
    import tensorflow as tf

    tf.app.flags.DEFINE_integer("steps", 3, "How many steps.")
    FLAGS = tf.app.flags.FLAGS


    def main(argv):
        tf.enable_eager_execution()
        print("steps", FLAGS.steps, "rest", argv[1:], "eager", tf.executing_eagerly())
        x = tf.constant([[1.0, 2.0], [0.5, -1.0]])
        student = tf.Variable([[0.1, 0.2], [0.3, 0.4]])
        teacher = tf.Variable([[0.5, -0.5], [1.0, 0.0]])
        with tf.GradientTape() as tape:
            soft = tf.nn.softmax(tf.matmul(x, teacher))
            loss = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=soft, logits=tf.matmul(x, student)))
        grads = tape.gradient(loss, [student, teacher])
        print("teacher gradient", grads[1])


    if __name__ == "__main__":
        tf.app.run()
    """
).lstrip()
BASELINE = PROGRAM.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\n", 1)
ARGV = ["--steps=5", "--unknown=1", "extra"]


def _run(source: str, tmp_path, name: str) -> str:
    """``python <name> *ARGV``, run as ``python -c`` in the harness's shared eager child (the baseline is TF1 code
    on TF2 behaviour, ``tf.enable_eager_execution()`` in ``main``): ``tf.app.run()`` finds ``main`` on
    ``__main__`` and reads the child's ``sys.argv`` as that process's."""
    return run_script_in_a_shared_child(source, tmp_path / name, graph=False, argv=ARGV)


def test_app_run_keeps_flags_and_argv(tmp_path) -> None:
    result = migrate_source(PROGRAM, Options(), "train.py")
    migrated = result.migrated
    assert "tf.app" not in migrated and "compat.v1.app" not in migrated
    assert "absl.app.run(main" in migrated
    assert "enable_eager_execution" not in migrated
    assert "labels=tf.stop_gradient(soft)" in migrated
    expected = _run(BASELINE, tmp_path, "baseline.py")
    assert "steps 5 rest ['--unknown=1', 'extra'] eager True" in expected
    assert "teacher gradient None" in expected
    assert _run(migrated, tmp_path, "migrated.py") == expected
