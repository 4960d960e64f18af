"""Shapes held-out set 5 found in graph tier (issue 16), run on TF 2.21: the TF1 baseline under tf.compat.v1 and the
migrated program as tfmigrate leaves it must print the same numbers, session-free.

- variable factories called once per layer (TF's Deep MNIST tutorial ``weight_variable(shape)``, and dazzul94's
  ``W = tf.Variable(W_init, name="W_" + name); return W``), seeded with ``tf.set_random_seed``: each call's draw
  takes TF1's op seed; dazzul94's feed dicts built by ``def set_feed(images, labels): return {x: images, ...}``;
- several functions each holding a Session program, one of them never called, with ``x.initializer.run()`` and
  ``sess.run(v.initializer)`` (ezenTensor's ``tf_op2.py``);
- ``_, l = sess.run([train_op, loss])`` where ``train_op = opt.apply_gradients(grads, global_step=step)``;
- variables fetched with the op that updates them: the step on a line of its own, then the fetched values.
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

TUTORIAL_FACTORIES = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
rng = np.random.RandomState(0)
images = rng.rand(40, 16).astype(np.float32)
labels = np.eye(4)[rng.randint(0, 4, 40)].astype(np.float32)


def weight_variable(shape):
    initial = tf.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial)


def bias_variable(shape):
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial)


x = tf.placeholder(tf.float32, [None, 16])
y_ = tf.placeholder(tf.float32, [None, 4])
W_fc1 = weight_variable([16, 32])
b_fc1 = bias_variable([32])
h_fc1 = tf.nn.relu(tf.matmul(x, W_fc1) + b_fc1)
W_fc2 = weight_variable([32, 4])
b_fc2 = bias_variable([4])
y_conv = tf.matmul(h_fc1, W_fc2) + b_fc2
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=y_conv))
train_step = tf.train.AdamOptimizer(1e-2).minimize(cross_entropy)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1)), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(W_fc1)[0, :4], sess.run(W_fc2)[0])
    for i in range(20):
        train_step.run(feed_dict={x: images, y_: labels})
        if i % 5 == 0:
            print(i, accuracy.eval(feed_dict={x: images, y_: labels}))
"""

# dazzul94/machine_learning_basic 4-4-8_mnist-deep.py's helpers: the variable named, then returned.
NAMED_FACTORIES = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(11)
rng = np.random.RandomState(1)
data = rng.rand(24, 6).astype(np.float32)
target = rng.rand(24, 1).astype(np.float32)


def weight_variable(name, shape):
    W_init = tf.truncated_normal(shape, stddev=0.1)
    W = tf.Variable(W_init, name="W_" + name)
    return W


def bias_variable(name, size):
    b_init = tf.constant(0.1, shape=[size])
    b = tf.Variable(b_init, name="b_" + name)
    return b


x = tf.placeholder(tf.float32, shape=(None, 6), name="x")
y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
with tf.name_scope("hidden") as scope:
    W_h = weight_variable("hidden", [6, 5])
    b_h = bias_variable("hidden", 5)
    h = tf.nn.relu(tf.matmul(x, W_h) + b_h)
with tf.name_scope("out") as scope:
    W_o = weight_variable("out", [5, 1])
    b_o = bias_variable("out", 1)
    out = tf.matmul(h, W_o) + b_o
loss = tf.reduce_mean(tf.square(out - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)


def set_feed(images, labels):
    return {x: images, y: labels}


with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    test_fd = set_feed(data[:8], target[:8])
    for step in range(15):
        fd = set_feed(data, target)
        _, l = sess.run([train, loss], feed_dict=fd)
        print(sess.run(loss, feed_dict=test_fd))
        if step % 5 == 0:
            print(step, l)
"""

# seokWonYoon/ezenTensor_1 tf_basic/tf_op2.py, with a second variable initialised through the Session.
SESSION_FUNCTIONS = """\
import tensorflow as tf


def test1():
    a = tf.placeholder(tf.int16)
    b = tf.placeholder(tf.int16)
    add = tf.add(a, b)
    mul = tf.multiply(a, b)

    with tf.Session() as sess:
        r1 = sess.run(add, feed_dict={a: 2, b: 4})
        r2 = sess.run(mul, feed_dict={a: 2, b: 4})
        print(r1, r2)


def test2():
    x = tf.Variable([1.0, 2.0])
    w = tf.Variable([0.5, 0.25])
    y = tf.constant([3.0, 3.0])
    sub = tf.subtract(x, y) * w
    with tf.Session() as sess:
        x.initializer.run()
        sess.run(w.initializer)
        print(sess.run(sub))


if __name__ == "__main__":
    test2()
"""

APPLY_GRADIENTS_LOSS = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
xs = rng.rand(32, 3).astype(np.float32)
ys = (xs @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3).astype(np.float32)

X = tf.placeholder(tf.float32, [None, 3])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.zeros([3, 1]))
b = tf.Variable(tf.zeros([1]))
loss = tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y))
global_step = tf.Variable(0, trainable=False)
opt = tf.train.MomentumOptimizer(0.1, 0.9)
grads = opt.compute_gradients(loss)
capped = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in grads]
train_op = opt.apply_gradients(capped, global_step=global_step)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(20):
        _, l = sess.run([train_op, loss], feed_dict={X: xs, Y: ys})
        if i % 5 == 0:
            print(i, l, sess.run(global_step))
    print(sess.run(W).ravel(), sess.run(b))
"""

VARIABLES_AFTER_STEP = """\
import tensorflow as tf

W = tf.Variable([0.3], dtype=tf.float32)
b = tf.Variable([-0.3], dtype=tf.float32)
x = tf.placeholder(tf.float32)
y = tf.placeholder(tf.float32)
loss = tf.reduce_sum(tf.square(W * x + b - y))
train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(5):
    _, curr_W, curr_b, curr_loss = sess.run([train, W, b, loss], {x: [1, 2, 3, 4], y: [0, -1, -2, -3]})
    print(i, curr_W, curr_b, curr_loss)
print(sess.run([W, train, loss], {x: [1, 2, 3, 4], y: [0, -1, -2, -3]}))
"""

PROGRAMS = {
    "tutorial_factories": (TUTORIAL_FACTORIES, "seeded"),
    "named_factories": (NAMED_FACTORIES, "seeded"),
    "session_functions": (SESSION_FUNCTIONS, "none"),
    "apply_gradients_loss": (APPLY_GRADIENTS_LOSS, "none"),
    "variables_after_step": (VARIABLES_AFTER_STEP, "none"),
}
# What the migrated text must show: the shape really took the eager path this module is about.
SHOWN = {
    "tutorial_factories": ["def weight_variable(shape, seed=None):", "W_fc1 = weight_variable([16, 32], seed=0)"],
    "named_factories": [
        "def weight_variable(name, shape, seed=None):",
        'W_o = weight_variable("out", [5, 1], seed=1)',
        'return {"x": images, "y": labels}',
    ],
    "session_functions": ["def test1():", "r1 = add(2, 4).numpy()", "print(sub().numpy())"],
    "apply_gradients_loss": ["    return loss_value", "_, l = [None, train_op(xs, ys).numpy()]"],
    "variables_after_step": [
        "    loss_value = train(tf.constant([1, 2, 3, 4], tf.float32), tf.constant([0, -1, -2, -3], tf.float32)).numpy()\n"
        "    _, curr_W, curr_b, curr_loss = [None, W.numpy(), b.numpy(), loss_value]"
    ],
}


@pytest.fixture(scope="module")
def outcomes():
    programs = [
        Program(name, source, {"random": random, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"})
        for name, (source, random) in PROGRAMS.items()
    ]
    return evaluate(programs)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_comes_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    for shown in SHOWN[name]:
        assert shown in outcome.migrated_text, outcome.migrated_text


def test_a_factory_with_two_draws_is_read_at_each_call_with_tf1s_op_seeds() -> None:
    """Kept as written, the factory's two draws per call cannot take TF1's op seeds (the helper model refuses it);
    each call a module-level statement, it is read in place and every draw gets its own (inlined_helpers.py)."""
    source = TUTORIAL_FACTORIES.replace(
        "    initial = tf.truncated_normal(shape, stddev=0.1)\n",
        "    initial = tf.truncated_normal(shape, stddev=0.1) + tf.random_uniform(shape, 0.0, 0.01)\n",
    )
    assert source != TUTORIAL_FACTORIES
    assert not reasons(source)
    migrated = migrate_source(source, Options(), "program.py").migrated
    assert "stddev=0.1, seed=0) + tf.random.uniform(W_fc1_shape, 0.0, 0.01, seed=1)" in migrated, migrated


def test_an_unseeded_factory_is_left_as_written() -> None:
    migrated = migrate_source(TUTORIAL_FACTORIES.replace("tf.set_random_seed(3)\n", ""), Options()).migrated
    assert "def weight_variable(shape):" in migrated and "seed=" not in migrated


def test_an_uncalled_session_function_that_draws_keeps_the_graph_tier() -> None:
    """Nothing calls ``test1``: it keeps TF1's graph, in a graph of its own (dead_code.py), and says so."""
    source = SESSION_FUNCTIONS.replace(
        "mul = tf.multiply(a, b)", "mul = tf.multiply(a, b) + tf.cast(tf.random_uniform([]), tf.int16)"
    )
    assert any("`test1`, which nothing in the module calls, is kept as TF1 code" in m for m in reasons(source))
    migrated = migrate_source(source, Options()).migrated
    assert migrated is not None and "def test1():\n    with tf.Graph().as_default():\n" in migrated, migrated


def test_an_initializer_run_after_a_step_keeps_the_graph_tier() -> None:
    source = VARIABLES_AFTER_STEP.replace(
        "print(sess.run([W, train, loss]", "sess.run(W.initializer)\nprint(sess.run([W, train, loss]"
    )
    assert any("`W`'s initializer runs after an initializer of many variables" in m for m in reasons(source))


def test_a_run_inside_an_expression_keeps_its_order_in_a_lambda() -> None:
    migrated = migrate_source(VARIABLES_AFTER_STEP, Options()).migrated
    assert "print((lambda loss_value: [W.numpy(), None, loss_value])(train(" in migrated


def test_session_functions_sharing_module_level_variables_keep_the_graph_tier() -> None:
    # Each TF1 Session starts W over; one eager variable would carry train()'s update into show().
    source = (
        "import tensorflow as tf\n\nW = tf.Variable(1.0)\nstep = W.assign_add(1.0)\n\n\n"
        "def train():\n    with tf.Session() as sess:\n        sess.run(tf.global_variables_initializer())\n"
        "        sess.run(step)\n\n\n"
        "def show():\n    with tf.Session() as sess:\n        sess.run(tf.global_variables_initializer())\n"
        "        print(sess.run(W))\n\n\n"
        'if __name__ == "__main__":\n    train()\n    show()\n'
    )
    # show() initialises W again and restores nothing: read as sequential runs, it is refused for that
    assert any("without first restoring every one of them" in message for message in reasons(source))
