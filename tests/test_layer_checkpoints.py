"""A ``tf.train.Saver`` in a program with tf.layers (session/layer_checkpoints.py) runs eagerly where checkpoints
keep restoring both ways: the migrated program restores what its TF1 original saved (by TF1 variable name) and the
TF1 original restores what the migrated program saved (the Keras layers built outside any trace, so their variables
carry TF1's names; a batch norm's gamma, beta and moving statistics too, batch_norms.py), each with the same numbers; a re-run of the migrated program restores its own. Run on TF 2.21
(the TF1 side in graph mode with legacy Keras, which tf.compat.v1.layers needs).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from program_checks import eager, migrated_with_reasons, reasons, run_as_tf1
from session_harness import ATOL, NUMBER, RTOL, graph_markers, numbers, run_jobs
from session_harness import _job as job
from test_batch_norm_steps import CNN

# Seeded: both sides draw the same kernels. Resumes from the newest checkpoint when the state file names one.
RESUMING = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
x_data = np.array([[0.0, 1.0, 2.0], [1.0, 0.5, -1.0]], dtype=np.float32)
y_data = np.array([[1.0], [0.0]], dtype=np.float32)
X = tf.placeholder(tf.float32, [None, 3])
Y = tf.placeholder(tf.float32, [None, 1])
hidden = tf.layers.dense(X, 4, activation=tf.nn.relu)
out = tf.layers.dense(hidden, 1)
cost = tf.reduce_mean(tf.square(out - Y))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
saver = tf.train.Saver()
with tf.Session() as sess:
    ckpt = tf.train.get_checkpoint_state("./model")
    if ckpt and tf.train.checkpoint_exists(ckpt.model_checkpoint_path):
        saver.restore(sess, ckpt.model_checkpoint_path)
        print("resumed")
    else:
        sess.run(tf.global_variables_initializer())
    for step in range(3):
        _, c = sess.run([train_op, cost], feed_dict={X: x_data, Y: y_data})
        print(step, c)
    print(sess.run(out, feed_dict={X: x_data}))
    saver.save(sess, "./model/dnn.ckpt")
"""

# Convolutions, numbered saves (_numbered_saves.py, ``dnn.ckpt-3``) and a plain variable beside the layers.
CONVOLUTIONS = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(2)
images = np.linspace(-1.0, 1.0, 2 * 6 * 6).reshape(2, 6, 6, 1).astype(np.float32)
labels = np.array([[1.0], [0.0]], dtype=np.float32)
global_step = tf.Variable(0, trainable=False, name="global_step")
X = tf.placeholder(tf.float32, [None, 6, 6, 1])
Y = tf.placeholder(tf.float32, [None, 1])
conv = tf.layers.conv2d(X, 2, [3, 3], activation=tf.nn.relu)
conv2 = tf.layers.conv2d(conv, 2, [3, 3], padding="same")
pool = tf.layers.max_pooling2d(conv2, 2, 2)
logits = tf.layers.dense(tf.layers.flatten(pool), 1, use_bias=False)
cost = tf.reduce_mean(tf.square(logits - Y))
train_op = tf.train.GradientDescentOptimizer(0.05).minimize(cost, global_step=global_step)
saver = tf.train.Saver(max_to_keep=2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    latest = tf.train.latest_checkpoint("./model")
    if latest:
        saver.restore(sess, latest)
        print("resumed", latest)
    for _ in range(3):
        print(sess.run([train_op, cost], feed_dict={X: images, Y: labels})[1])
    print(sess.run(logits, feed_dict={X: images}))
    saver.save(sess, "./model/cnn.ckpt", global_step=global_step)
"""


# test_batch_norm_steps' CNN trainer (batch norms of a fed is_training, run by the UPDATE_OPS), saved and resumed.
BATCH_NORMS = CNN.split("rs = np.random.RandomState(1)\n")[0] + (
    "saver = tf.train.Saver()\n"
    "rs = np.random.RandomState(1)\n"
    "data, labels = rs.rand(40, 36).astype(np.float32), np.eye(3)[rs.randint(0, 3, 40)].astype(np.float32)\n"
    "sess = tf.Session()\n"
    "sess.run(tf.global_variables_initializer())\n"
    "if tf.train.latest_checkpoint('./model'):\n"
    "    saver.restore(sess, tf.train.latest_checkpoint('./model'))\n"
    "    print('resumed')\n"
    "for i in range(3):\n"
    "    feed = {x: data[i * 8 : i * 8 + 8], y_: labels[i * 8 : i * 8 + 8], is_training: True}\n"
    "    print(i, sess.run([train_step, loss], feed_dict=feed)[1])\n"
    "    print(sess.run(accuracy, feed_dict={x: data[32:], y_: labels[32:], is_training: False}))\n"
    "print(sess.run(y, feed_dict={x: data[32:34], is_training: False}))\n"
    "saver.save(sess, './model/cnn.ckpt')\n"
)

# The same trainer with its layers built under ``tf.variable_scope('cnn')`` in the helper (TF1 saved
# ``cnn/conv1_bn/moving_mean``): the Keras layers and the batch norms are built under that name scope (scoped_norms.py).
SCOPED_BATCH_NORMS = BATCH_NORMS.replace(
    "def CNN(x, is_training):\n", "def CNN(x, is_training):\n    with tf.variable_scope('cnn'):\n"
)
SCOPED_BATCH_NORMS = SCOPED_BATCH_NORMS.replace("\n    net = ", "\n        net = ").replace(
    "\n    return tf.layers", "\n        return tf.layers"
)


# The training loop of RESUMING, and a helper of the program defined above the Session block.
TRAINING = """\
    for step in range(3):
        _, c = sess.run([train_op, cost], feed_dict={X: x_data, Y: y_data})
        print(step, c)
"""
SAVER = "saver = tf.train.Saver()\n"


def _edited(*edits: tuple[str, str]) -> str:
    """RESUMING with each edit (old, new) made once, in turn."""
    source = RESUMING
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new, 1)
    return source


def _helper(definition: str) -> tuple[str, str]:
    return SAVER, f"{SAVER}\n\n{definition}\n\n"


# The save reached only after the first run, in execution order though not in source order: a save in a helper
# called after the training loop; a run in a helper called before the save.
SAVE_IN_A_HELPER = _edited(
    ('    saver.save(sess, "./model/dnn.ckpt")\n', "    checkpoint(sess)\n"),
    _helper('def checkpoint(sess):\n    saver.save(sess, "./model/dnn.ckpt")\n'),
)
RUN_IN_A_HELPER = _edited(
    (TRAINING, "    train(sess)\n"),
    _helper("def train(sess):\n" + TRAINING),
)


def _same(printed: str, expected: str) -> bool:
    """The same text, its numbers within the harness's tolerance (eager and graph convolutions round apart)."""
    a, b = numbers(printed), numbers(expected)
    text = ["".join(NUMBER.sub("#", t).split()) for t in (printed, expected)]
    return text[0] == text[1] and a.shape == b.shape and np.allclose(a, b, RTOL, ATOL)


def _run(source: str, directory: Path, *, tf1: bool) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    done = run_jobs([job("program", source, directory)], graph=tf1, legacy_keras=tf1)["program"]
    assert done.ok, f"{source}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.parametrize(
    "program",
    [RESUMING, CONVOLUTIONS, BATCH_NORMS, SCOPED_BATCH_NORMS, SAVE_IN_A_HELPER, RUN_IN_A_HELPER],
    ids=[
        "dense, unnumbered save",
        "conv2d, numbered",
        "batch norms with a fed is_training",
        "under a variable scope",
        "saved by a helper called after the runs",
        "run by a helper called before the save",
    ],
)
def test_checkpoints_restore_both_ways_with_tf1_numbers(program: str, tmp_path: Path) -> None:
    migrated = eager(program)
    assert "Session" not in migrated and "compat.v1.train" not in migrated, migrated
    assert "tf.train.Checkpoint(" in migrated and "build_eagerly(" in migrated, migrated
    tf1, tf2 = tmp_path / "tf1", tmp_path / "tf2"
    first = run_as_tf1(program, tf1, legacy_keras=True)
    assert _same(_run(migrated, tf2, tf1=False), first)  # seeded: the same kernels, the same training
    # (a) the migrated program resumes from the TF1 checkpoint as the TF1 original does
    resumed = run_as_tf1(program, tf1, legacy_keras=True)
    assert "resumed" in resumed and resumed != first
    run_as_tf1(program, tmp_path / "mixed", legacy_keras=True)
    assert _same(_run(migrated, tmp_path / "mixed", tf1=False), resumed)
    # (b) the TF1 original, and the migrated program again, resume from what the migrated program saved
    for copy in ("tf1_reads", "tf2_reads"):
        _run(migrated, tmp_path / copy, tf1=False)
    assert _same(run_as_tf1(program, tmp_path / "tf1_reads", legacy_keras=True), resumed)
    assert _same(_run(migrated, tmp_path / "tf2_reads", tf1=False), resumed)


BEFORE_THE_FIRST_RUN = "it saves before the program first runs its layers"
REFUSED = {
    "Adam slots saved": (
        [("tf.train.GradientDescentOptimizer(0.1)", "tf.train.AdamOptimizer(0.1)")],
        "optimizer's slots",
    ),
    "a variable named like a layer": (
        [
            (
                "X = tf.placeholder(tf.float32, [None, 3])\n",
                "X = tf.placeholder(tf.float32, [None, 3])\nscale = tf.Variable(1.0, name='dense')\n",
            )
        ],
        "names a layer and another variable",
    ),
    "a save before the first run": (  # Keras builds the layers at their first call: the checkpoint would be empty
        [(TRAINING, '    saver.save(sess, "./model/first.ckpt")\n' + TRAINING)],
        BEFORE_THE_FIRST_RUN,
    ),
    # Source order is not execution order (each shape eager before, its second run restoring an empty checkpoint):
    "a run in a helper defined above the save, called after it": (
        [
            (TRAINING, '    saver.save(sess, "./model/first.ckpt")\n    train(sess)\n'),
            _helper("def train(sess):\n" + TRAINING),
        ],
        BEFORE_THE_FIRST_RUN,
    ),
    "a save in a helper called before the first run": (
        [
            (TRAINING, "    checkpoint(sess)\n" + TRAINING.replace("print(step, c)", "report(sess)")),
            _helper(
                "def report(sess):\n    print(sess.run(cost, feed_dict={X: x_data, Y: y_data}))\n\n\n"
                'def checkpoint(sess):\n    saver.save(sess, "./model/first.ckpt")\n'
            ),
        ],
        BEFORE_THE_FIRST_RUN,
    ),
    "a run in one branch of an if above the save": (
        [
            ('        print("resumed")\n', '        print("resumed", sess.run(out, feed_dict={X: x_data}))\n'),
            (TRAINING, '    saver.save(sess, "./model/start.ckpt")\n' + TRAINING),
        ],
        BEFORE_THE_FIRST_RUN,
    ),
    "a save first in a loop body whose run is in a helper above it": (
        [
            (
                "        _, c = sess.run([train_op, cost], feed_dict={X: x_data, Y: y_data})\n",
                '        saver.save(sess, "./model/step.ckpt")\n        c = train_step(sess)\n',
            ),
            _helper(
                "def train_step(sess):\n    return sess.run([train_op, cost], feed_dict={X: x_data, Y: y_data})[1]\n"
            ),
        ],
        BEFORE_THE_FIRST_RUN,
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_what_would_not_restore_both_ways_keeps_the_graph_tier(case: str) -> None:
    edits, reason = REFUSED[case]
    source = _edited(*edits)
    said = reasons(source)
    assert len(said) == 1 and "tf.train.Saver in a program with tf.layers" in said[0] and reason in said[0], said
    if reason == BEFORE_THE_FIRST_RUN:  # named on the save that may come first
        early = [i for i, text in enumerate(source.splitlines(), 1) if "saver.save(" in text and "dnn.ckpt" not in text]
        assert len(early) == 1 and f"(line {early[0]})" in said[0], (said, source)


def test_a_save_after_a_loop_that_may_run_no_times_keeps_the_graph_tier() -> None:
    """``for step in range(steps)`` may run its body no times (``steps`` is 0 on a resumed or configured run): the
    save after it would then come before any run and write an empty checkpoint. Only a literal non-empty range, list
    or ``while True`` counts as entered (execution_order._Walk.entered_once)."""
    last_run = TRAINING + "    print(sess.run(out, feed_dict={X: x_data}))\n"  # a run after the loop: no save first
    source = _edited(
        (last_run, "    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 3\n" + TRAINING),
        ("range(3)", "range(steps)"),
    )
    source = "import sys\n" + source
    said = reasons(source)
    line = next(i for i, text in enumerate(source.splitlines(), 1) if "saver.save(" in text and "dnn.ckpt" in text)
    assert len(said) == 1 and BEFORE_THE_FIRST_RUN in said[0] and f"(line {line})" in said[0], said
    for entered in ("range(0, 3)", "range(STEPS)"):  # a literal range, or one of a module constant bound once
        program = "STEPS = 3\n" + _edited((last_run, TRAINING), ("range(3)", entered))
        assert reasons(program) == [], (entered, reasons(program))


# The runs before the save only seem to happen: in a generator expression nothing consumes, a comprehension over
# ``range(steps)`` with ``steps`` 0, a filter no step passes, a function whose decorator never calls it, an ``async
# def`` whose coroutine is never awaited, a loop or comprehension over ``range(3)`` where the module's own ``range``
# returns no steps. Each came out eager before (its checkpoint then held none of TF1's values).
LAST_RUN = TRAINING + "    print(sess.run(out, feed_dict={X: x_data}))\n"
STEP = "sess.run([train_op, cost], feed_dict={X: x_data, Y: y_data})[1]"
STEP_HELPER = f"def step(sess):\n    return {STEP}\n\n\n"
SKIPPED = "def skipped(function):\n    return lambda: None\n\n\n@skipped\n"
OWN_RANGE = _helper("def range(*bounds):  # not Python's: no steps\n    return []\n")
SEEMING_RUNS = {
    "a generator expression nothing consumes": [(LAST_RUN, f"    losses = ({STEP} for step in range(3))\n")],
    "a list comprehension over a range that is empty": [
        (LAST_RUN, f"    steps = len(sys.argv) - 1\n    print([{STEP} for step in range(steps)])\n"),
        ("import numpy", "import sys\nimport numpy"),
    ],
    "a generator expression whose filter no step passes": [
        (LAST_RUN, f"    print(sum({STEP} for step in range(3) if step % 5 == 4))\n")
    ],
    "a decorated function its decorator never calls": [
        (LAST_RUN, "    train()\n"),
        _helper(STEP_HELPER + SKIPPED + "def train():\n    for i in range(3):\n        print(step(sess))\n"),
    ],
    "an async function never awaited": [
        (LAST_RUN, "    train()\n"),
        _helper(STEP_HELPER + "async def train():\n    for i in range(3):\n        print(step(sess))\n"),
    ],
    "a loop over a range the module defines": [(LAST_RUN, TRAINING), OWN_RANGE],
    "a comprehension over a range the module defines": [
        (LAST_RUN, f"    print([{STEP} for step in range(3)])\n"),
        OWN_RANGE,
    ],
}
# Runs that do happen before the save: these stay eager.
CERTAIN_RUNS = {
    "a list comprehension over a literal range": [(LAST_RUN, f"    print([{STEP} for step in range(3)])\n")],
    "a generator expression sum() consumes": [(LAST_RUN, f"    print(sum({STEP} for step in range(3)))\n")],
    "a generator expression a for loop iterates": [
        (LAST_RUN, f"    for loss in ({STEP} for step in range(3)):\n        print(loss)\n")
    ],
}
SAVED_SHAPES = """\
import tensorflow as tf

saved = tf.train.list_variables("./model/dnn.ckpt")
print(sorted(shape for name, shape in saved if not name.startswith(("_CHECKPOINTABLE", "save_counter"))))
"""


def test_a_save_after_runs_that_may_not_happen_keeps_the_checkpoint_tf1_wrote(tmp_path: Path) -> None:
    """TF1's checkpoint holds the four dense variables whether or not a run came first (the initializer ran); the
    migrated program's must hold them too: a save after runs that only seem to happen keeps the graph tier, naming
    the save, and a save after runs that do happen runs eagerly (run on TF 2.21)."""
    sources = {case: _edited(*edits) for case, edits in {**SEEMING_RUNS, **CERTAIN_RUNS}.items()}
    for case, source in sources.items():
        migrated, said = migrated_with_reasons(source)
        assert migrated is not None
        if case in SEEMING_RUNS:
            line = next(i for i, text in enumerate(source.splitlines(), 1) if "saver.save(" in text)
            messages = [message for _, message in said]
            assert len(messages) == 1 and BEFORE_THE_FIRST_RUN in messages[0], (case, messages)
            assert f"(line {line})" in messages[0], (case, messages)
            assert "compat.v1.train.Saver" in migrated, (case, migrated)
        else:
            assert said == [] and not graph_markers(migrated), (case, said, migrated)
        run_as_tf1(source, tmp_path / case / "tf1", legacy_keras=True)
        _run(migrated, tmp_path / case / "tf2", tf1=case in SEEMING_RUNS)
        shapes = [_run(SAVED_SHAPES, tmp_path / case / side, tf1=False) for side in ("tf1", "tf2")]
        assert shapes[0] == shapes[1] == "[[1], [3, 4], [4], [4, 1]]\n", (case, shapes)


def test_a_layer_under_a_variable_scope_is_built_and_restored_under_its_name_scope() -> None:
    """TF1 saved ``model/dense/kernel``; a Keras 3 layer cannot be named so, so it is built under the absolute name
    scope ``model/`` (its tf.Variable, whose name a Checkpoint records, is ``model/dense/kernel``) and a TF1
    checkpoint is read by that name (round-tripped on TF 2.21 by test_gan_session_builds' generator Saver)."""
    scoped = RESUMING.replace(
        "hidden = tf.layers.dense(X, 4, activation=tf.nn.relu)\n",
        "with tf.variable_scope('model'):\n    hidden = tf.layers.dense(X, 4, activation=tf.nn.relu)\n",
    )
    migrated = eager(scoped)
    assert "build_eagerly(model_dense_layer, X, 'model/')" in migrated, migrated
    assert "build_eagerly(dense_layer, hidden(X))" in migrated, migrated  # TF1's root-scope `dense`, unnumbered
    assert "with tf.init_scope(), tf.name_scope(scope):" in migrated, migrated
    assert "with tf.name_scope('model/'):\n            model_dense_layer.build(" in migrated, migrated
    assert '"model/dense/kernel": model_dense_layer.kernel' in migrated, migrated


def test_a_layer_built_after_the_saver_is_not_in_its_checkpoint() -> None:
    """TF1's ``tf.train.Saver()`` lists the variables built before it: the later layer is neither saved nor restored."""
    later = RESUMING.replace("saver = tf.train.Saver()\n", "").replace(
        "out = tf.layers.dense(", "saver = tf.train.Saver()\nout = tf.layers.dense("
    )
    migrated = eager(later)
    assert "tf.train.Checkpoint(dense_layer=dense_layer)" in migrated, migrated
    assert '"dense_1/kernel"' not in migrated


def test_ageron_dense_checkpoint_restores_both_ways(tmp_path: Path) -> None:
    """ageron's chapter 10 program (tests/programs/ageron_10_dense_saver_restore.py) trains and saves; its restore
    cell alone, in the TF1 original and migrated, reads either program's checkpoint and predicts the same."""
    program = (Path(__file__).parent / "programs" / "ageron_10_dense_saver_restore.py").read_text()
    training = program.index("with tf.Session() as sess:\n    init.run()")
    restoring = program.index("with tf.Session() as sess:\n    saver.restore")
    restore = program[:training] + program[restoring:]
    migrated, migrated_restore = eager(program), eager(restore)
    assert "restore_checkpoint(" in migrated_restore and not graph_markers(migrated_restore), migrated_restore
    tf1, tf2 = tmp_path / "tf1", tmp_path / "tf2"
    run_as_tf1(program, tf1, legacy_keras=True)
    _run(migrated, tf2, tf1=False)
    predicted = run_as_tf1(restore, tf1, legacy_keras=True)
    assert "Logits:" in predicted
    assert _same(_run(migrated_restore, tf1, tf1=False), predicted)  # (a) the TF1 checkpoint, read by name
    assert _same(run_as_tf1(restore, tf2, legacy_keras=True), predicted)  # (b) the migrated checkpoint, read by TF1
    assert _same(_run(migrated_restore, tf2, tf1=False), predicted)


UNBUILT = """\
import tensorflow as tf

layer = tf.keras.layers.Dense(2, name="dense")
checkpoint = tf.train.Checkpoint(layer=layer)
checkpoint.write("./unbuilt")
layer(tf.ones((1, 3)))
checkpoint.write("./built")
for path in ("./unbuilt", "./built"):
    print(path, sorted(name.split("/")[1] for name, _ in tf.train.list_variables(path) if name.startswith("layer/")))
"""


def test_a_checkpoint_written_before_a_layers_first_call_holds_none_of_its_variables(tmp_path: Path) -> None:
    """Why a save that may come before the first run keeps the graph tier: Keras builds a layer's variables at its
    first call, and a tf.train.Checkpoint written before then holds none of them, where TF1's Saver wrote their
    initial values (so a re-run restoring that checkpoint drew new ones)."""
    printed = _run(UNBUILT, tmp_path, tf1=False)
    assert printed.splitlines() == ["./unbuilt []", "./built ['_kernel', 'bias']"], printed
