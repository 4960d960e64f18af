"""dennybritz's text-CNN ``train.py`` shape read step by step (default_sessions.py, step_functions.py,
global_steps.py, _numbered_saves.py), run on TF 2.21: ``sess = tf.Session(config=...)`` + ``with sess.as_default():``
inside ``with tf.Graph().as_default():``, nested ``train_step``/``dev_step`` running the Session, called in the
training loop, ``tf.train.global_step(sess, global_step)`` and numbered saves to a prefix bound to a name. Each
variant (at module level, or in a function the module calls once) comes out session-free with the TF1 baseline's numbers; each construct the reads leave alone keeps the
graph tier with its reason. The whole script, resuming from its TF1 checkpoint, is the program
``hexists_text_cnn_train`` (test_session_programs.py).
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

TRAIN = """\
import os

import numpy as np
import tensorflow as tf

np.random.seed(0)
x_train = np.random.rand(48, 6).astype(np.float32)
y_train = np.eye(2)[(x_train[:, 0] > 0.5).astype(int)].astype(np.float32)
x_dev, y_dev = x_train[:8], y_train[:8]

checkpoint_dir = os.path.abspath(os.path.join(os.path.curdir, "checkpoints"))
checkpoint_prefix = os.path.join(checkpoint_dir, "model")
with tf.Graph().as_default():
    session_conf = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)
    sess = tf.Session(config=session_conf)
    with sess.as_default():
        input_x = tf.placeholder(tf.float32, [None, 6], name="input_x")
        input_y = tf.placeholder(tf.float32, [None, 2], name="input_y")
        W = tf.Variable(tf.truncated_normal([6, 2], stddev=0.1, seed=1), name="W")
        b = tf.Variable(tf.constant(0.1, shape=[2]), name="b")
        scores = tf.nn.xw_plus_b(input_x, W, b, name="scores")
        cnn_loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=scores, labels=input_y))
        correct = tf.equal(tf.argmax(scores, 1), tf.argmax(input_y, 1))
        cnn_accuracy = tf.reduce_mean(tf.cast(correct, "float"), name="accuracy")
        global_step = tf.Variable(0, name="global_step", trainable=False)
        optimizer = tf.train.AdamOptimizer(1e-2)
        grads_and_vars = optimizer.compute_gradients(cnn_loss)
        train_op = optimizer.apply_gradients(grads_and_vars, global_step=global_step)
        saver = tf.train.Saver(tf.global_variables(), max_to_keep=2)
        sess.run(tf.global_variables_initializer())

        def train_step(x_batch, y_batch):
            \"\"\"A single training step\"\"\"
            feed_dict = {input_x: x_batch, input_y: y_batch}
            _, step, loss, accuracy = sess.run([train_op, global_step, cnn_loss, cnn_accuracy], feed_dict)
            print("step {}, loss {:g}, acc {:g}".format(step, loss, accuracy))

        def dev_step(x_batch, y_batch, writer=None):
            feed_dict = {input_x: x_batch, input_y: y_batch}
            step, loss, accuracy = sess.run([global_step, cnn_loss, cnn_accuracy], feed_dict)
            print("dev step {}, loss {:g}, acc {:g}".format(step, loss, accuracy))

        for start in range(0, 48, 8):
            x_batch, y_batch = x_train[start:start + 8], y_train[start:start + 8]
            train_step(x_batch, y_batch)
            current_step = tf.train.global_step(sess, global_step)
            if current_step % 2 == 0:
                dev_step(x_dev, y_dev)
            if current_step % 3 == 0:
                path = saver.save(sess, checkpoint_prefix, global_step=current_step)
                print("saved", os.path.basename(path))
"""

# The step functions passed what is not a plain name, and binding locals the module reads too: fresh names.
PASSED = TRAIN.replace("train_step(x_batch, y_batch)\n", "train_step(x_train[start:start + 8], y_batch)\n").replace(
    '                print("saved", os.path.basename(path))\n',
    '                print("saved", os.path.basename(path))\n    step = -1\n    print("after", step)\n',
)


def _in_function(source: str) -> str:
    """The training part of ``source`` in ``def train():``, which the module calls once."""
    head, body = source.split("checkpoint_dir = ", 1)
    indented = "".join(
        f"    {line}" if line.strip() else line for line in ("checkpoint_dir = " + body).splitlines(True)
    )
    return f"{head}def train():\n{indented}\n\ntrain()\n"


PROGRAMS = {"train_script": TRAIN, "train_script_passed": PASSED, "train_script_in_function": _in_function(TRAIN)}
SHOWN = {
    "train_script": ["current_step = int(global_step.numpy())", "manager.save(checkpoint_prefix, current_step)"],
    "train_script_passed": ["x_batch_1 = x_train[start:start + 8]", "step_1, loss, accuracy"],
    "train_script_in_function": ["def train():", "        current_step = int(global_step.numpy())"],
}


@pytest.fixture(scope="module")
def outcomes():
    programs = [
        Program(name, source, {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"})
        for name, source in PROGRAMS.items()
    ]
    return evaluate(programs)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_train_script_comes_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    text = outcome.migrated_text or ""
    assert "def train_step" not in text and "as_default" not in text, text
    for shown in SHOWN[name]:
        assert shown in text, text


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        pytest.param(
            '                print("saved", os.path.basename(path))\n',
            '                print("saved", os.path.basename(path))\n    sess.close()\n',
            "`sess` is used outside Session.run / eval",
            id="session-used-after-its-block",
        ),
        pytest.param(
            '                print("saved", os.path.basename(path))\n',
            '                print("saved", os.path.basename(path))\n    dev_step(x_dev, y_dev)\n',
            "`sess` is used outside Session.run / eval",
            id="block-function-called-after-the-block",
        ),
        pytest.param(
            '            print("step {}, loss {:g}, acc {:g}".format(step, loss, accuracy))\n',
            '            print("step {}, loss {:g}, acc {:g}".format(step, loss, accuracy))\n            return loss\n',
            "function `train_step`: it runs the graph",
            id="step-function-returning",
        ),
        pytest.param(
            "            train_step(x_batch, y_batch)\n",
            "            train_step(x_batch, y_batch)\n            train_step(x_batch, y_batch)\n",
            "function `train_step`: it runs the graph",
            id="step-function-called-twice",
        ),
    ],
)
def test_what_the_reads_leave_alone_keeps_the_graph_tier(old: str, new: str, reason: str) -> None:
    assert old in TRAIN
    messages = reasons(TRAIN.replace(old, new, 1))
    assert any(reason in message for message in messages), messages
