"""Forward values fetched in the run of the train op (session/forward_fetches.py), run on TF 2.21.

``_, l, yp_ = sess.run([train_step, loss, yp], feed)``: TF1 computes ``yp`` (a tensor on the loss's forward path)
and what is built from such tensors alone (an accuracy of ``yp`` and the labels) before the update; the migrated
train step returns them after its loss, and the program prints TF1's numbers. Values TF1 may read after the update
keep the graph tier with the reason: a tensor reading an updated variable off the loss's path, a tensor sharing an
updated variable's buffer (shown here to print the updated value in TF1), a variable an assign op updates.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons, run_in_a_shared_child
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

XOR = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
x_data = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
y_data = np.array([[0], [1], [1], [0]], dtype=np.float32)
x = tf.placeholder(tf.float32, shape=[None, 2])
y = tf.placeholder(tf.float32, shape=[None, 1])
w1 = tf.Variable(tf.random_uniform([2, 4], -1.0, 1.0))
b1 = tf.Variable(tf.zeros([4]))
h = tf.nn.sigmoid(tf.matmul(x, w1) + b1)
w2 = tf.Variable(tf.random_uniform([4, 1], -1.0, 1.0))
b2 = tf.Variable(tf.zeros([1]))
yp = tf.nn.sigmoid(tf.matmul(h, w2) + b2)
loss = tf.reduce_mean(tf.square(yp - y))
train_step = tf.train.AdamOptimizer(0.1).minimize(loss)
predicted = tf.cast(yp > 0.5, tf.float32)
accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, y), tf.float32))

with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    feed_dict = {x: x_data, y: y_data}
    for i in range(4):
        _, l = session.run([train_step, loss], feed_dict={x: x_data, y: y_data})
        print("loss only", i, l)
    for i in range(4):
        _, l, yp_, y_, x_ = session.run([train_step, loss, yp, y, x], feed_dict=feed_dict)
        print("forward", i, l, yp_.ravel(), y_.ravel(), x_.sum())
    for i in range(3):
        l, _, acc = session.run([loss, train_step, accuracy], feed_dict=feed_dict)
        print("loss first", i, l, acc)
    for i in range(2):
        print(session.run([train_step, loss, h], feed_dict=feed_dict)[1:])
    print(session.run(loss, feed_dict=feed_dict))
"""

# hunkim's DeepLearningZeroToAll shape: the loss (and the hypothesis) fetched before the train op.
LOSS_FIRST = """\
import tensorflow as tf

tf.set_random_seed(777)
x_data = [[1.0, 2.0], [2.0, 3.0], [3.0, 1.0], [4.0, 3.0], [5.0, 3.0], [6.0, 2.0]]
y_data = [[0.0], [0.0], [0.0], [1.0], [1.0], [1.0]]
X = tf.placeholder(tf.float32, shape=[None, 2])
Y = tf.placeholder(tf.float32, shape=[None, 1])
W = tf.Variable(tf.random_normal([2, 1]), name="weight")
b = tf.Variable(tf.random_normal([1]), name="bias")
hypothesis = tf.sigmoid(tf.matmul(X, W) + b)
cost = -tf.reduce_mean(Y * tf.log(hypothesis) + (1 - Y) * tf.log(1 - hypothesis))
train = tf.train.GradientDescentOptimizer(learning_rate=0.1).minimize(cost)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(201):
        cost_val, _ = sess.run([cost, train], feed_dict={X: x_data, Y: y_data})
        if step % 50 == 0:
            print(step, cost_val)
    for step in range(3):
        cost_val, hy_val, _ = sess.run([cost, hypothesis, train], feed_dict={X: x_data, Y: y_data})
        print(step, cost_val, hy_val.ravel())
"""

PROGRAMS = {"xor_forward_values": XOR, "hunkim_loss_first": LOSS_FIRST}

CAST = 'tf.cast(feed_dict["x"], tf.float32), tf.cast(feed_dict["y"], tf.float32)'
LISTS = "tf.constant(x_data, tf.float32), tf.constant(y_data, tf.float32)"  # lists of numbers (traced_arguments.py)
SHOWN = {
    "xor_forward_values": [
        "    yp_value = yp(x)\n    accuracy_value = accuracy(x, y)\n    h_value = h(x)\n"
        "    with tf.control_dependencies([loss_value]):\n        optimizer.apply_gradients(zip(gradients, variables))\n"
        "    return loss_value, yp_value, accuracy_value, h_value\n",
        "_, l = [None, train_step(x_data, y_data)[0].numpy()]",
        f"step_values = train_step({CAST})\n"
        "    _, l, yp_, y_, x_ = [None, step_values[0].numpy(), step_values[1].numpy(),",
        f"step_values = train_step({CAST})\n    l, _, acc = [step_values[0].numpy(), None, step_values[2].numpy()]",
        "print((lambda step_values: [None, step_values[0].numpy(), step_values[3].numpy()])(train_step(",
    ],
    "hunkim_loss_first": [
        f"cost_val, _ = [train({LISTS})[0].numpy(), None]",
        f"step_values = train({LISTS})\n"
        "    cost_val, hy_val, _ = [step_values[0].numpy(), step_values[1].numpy(), None]",
    ],
}


@pytest.fixture(scope="module")
def outcomes():
    programs = [
        Program(name, source, {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"})
        for name, source in PROGRAMS.items()
    ]
    return evaluate(programs)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_forward_values_come_from_the_train_step_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    for shown in SHOWN[name]:
        assert shown in outcome.migrated_text, outcome.migrated_text


def test_a_loss_fetched_before_the_train_op_is_the_steps_no_forward_pass_of_its_own() -> None:
    """Each run calls the step once and nothing else: ``cost(...)`` computed eagerly before a ``tf.function``
    step was the 5-60x CPU of the hunkim labs."""
    migrated = migrate_source(LOSS_FIRST, Options(), "program.py").migrated
    runs = [line.strip() for line in migrated.splitlines() if "cost_val" in line and "=" in line]
    assert len(runs) == 2, migrated
    assert "cost(" not in migrated.split("for step in range(201):")[1], migrated
    assert "hypothesis(" not in migrated.split("for step in range(201):")[1], migrated
    assert migrated.count(f"train({LISTS})") == 2, migrated


AFTER_UPDATE = "a value is fetched after the op that updates the variables it reads"


@pytest.mark.parametrize(
    ("definition", "why"),
    [
        pytest.param("reg = tf.reduce_sum(tf.square(w2))", "reads w2 off the loss's path", id="off-path-variable"),
        pytest.param("reg = tf.reduce_sum(h) + tf.reduce_sum(w1)", "h is before, w1 not", id="off-path-mixed"),
        pytest.param("reg = tf.nn.dropout(yp, 0.5)", "a second draw", id="random"),
        pytest.param(
            "z = tf.placeholder(tf.float32, [None, 1])\nreg = tf.reduce_sum(yp * z)",
            "needs a placeholder the loss does not read",
            id="other-placeholder",
        ),
    ],
)
def test_a_value_tf1_may_read_after_the_update_keeps_the_graph_tier(definition: str, why: str) -> None:
    source = XOR.replace("predicted = ", definition + "\npredicted = ").replace(
        "[train_step, loss, h]", "[train_step, loss, reg]"
    )
    if "z = " in definition:
        source = source.replace(
            "print(session.run([train_step, loss, reg], feed_dict=feed_dict)[1:])",
            ("print(session.run([train_step, loss, reg], feed_dict={x: x_data, y: y_data, z: y_data})[1:])"),
        )
    messages = reasons(source)
    expected = "several values of a random tensor" if "dropout" in definition else AFTER_UPDATE
    assert any(expected in message for message in messages), (why, messages)


ALIAS = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
W = tf.Variable([[1.0], [2.0]])
W_column = tf.reshape(W, [2, 1])
y = tf.matmul(x, W_column)
loss = tf.reduce_mean(tf.square(y - 1.0))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        before = sess.run(W)
        _, l, column = sess.run([train, loss, W_column], {x: [[1.0, 1.0]]})
        print(before.ravel(), column.ravel(), sess.run(W).ravel())
"""


def test_a_tensor_sharing_an_updated_variables_buffer_keeps_the_graph_tier() -> None:
    assert any(AFTER_UPDATE in message for message in reasons(ALIAS))


def test_tf1_fetches_the_updated_buffer_of_a_reshaped_variable(tmp_path: Path) -> None:
    """Why the refusal above is a true reason: TF1's reshape of a reference variable shares its buffer, and the run
    shows the update it wrote in place (a train step returning the value before the update would differ)."""
    source = ALIAS.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n")
    printed = run_in_a_shared_child(source, tmp_path, graph=True)
    rows = [
        np.array([float(n) for n in line.replace("[", " ").replace("]", " ").split()]) for line in printed.splitlines()
    ]
    assert len(rows) == 3
    for row in rows:
        before, column, after = row[:2], row[2:4], row[4:]
        assert not np.allclose(before, after)
        assert np.array_equal(column, after)


CLUSTERING = """\
import numpy as np
import tensorflow as tf

data = np.random.RandomState(0).rand(20, 2).astype(np.float32)
points = tf.constant(data)
centroids = tf.Variable(tf.slice(points, [0, 0], [3, 2]))
distances = tf.reduce_sum(tf.square(tf.expand_dims(points, 0) - tf.expand_dims(centroids, 1)), 2)
assignments = tf.argmin(distances, 0)
means = tf.concat(
    [tf.reduce_mean(tf.gather(points, tf.reshape(tf.where(tf.equal(assignments, c)), [-1])), 0, keepdims=True)
     for c in range(3)], 0)
update_centroids = tf.assign(centroids, means)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        _, centroid_values, assignment_values = sess.run([update_centroids, centroids, assignments])
    print(centroid_values, assignment_values)
"""


def test_the_variable_an_assign_updates_fetched_in_its_run_keeps_the_graph_tier() -> None:
    assert any(AFTER_UPDATE in message for message in reasons(CLUSTERING))
