"""Programs whose graph is built inside functions given host data (held-out 6, blockers 4, 6 and 7): a helper that
builds variables from numpy data and returns them, called once (``X, y = get_dataset()``, called_once.py); a
``training`` flag or keep probability from ``tf.placeholder_with_default``, fed only by the train step
(defaults.py); the Session program in ``train(mnist)``, run by ``main(argv=None)`` after it reads MNIST, under
``tf.app.run()`` (functions.py). Each runs as the TF1 baseline and, migrated, on TF 2.21: session-free with the
baseline's numbers. What is not shown equal keeps the graph tier with the line that blocks it."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons_by_line
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

# Florian-BACHO's batchGradientDescentTensorflow.py shape: main() builds on what get_dataset() returns.
GET_DATASET = """\
import numpy as np
import tensorflow as tf


def get_dataset():
    rng = np.random.RandomState(0)
    raw = rng.rand(120, 3)
    nb_exemple, nb_entry = raw.shape
    data = (raw - raw.mean(axis=0)) / raw.std(axis=0)
    data = np.c_[np.ones((nb_exemple, 1)), data]
    X = tf.Variable(data, dtype=tf.float32)
    y = tf.Variable(raw.sum(axis=1).reshape(-1, 1), dtype=tf.float32)
    return X, y, nb_exemple, nb_entry


def main():
    X, y, nb_exemple, nb_entry = get_dataset()
    theta = tf.Variable(tf.zeros([nb_entry + 1, 1]))
    mse = tf.reduce_mean(tf.square(X @ theta - y))
    step = tf.train.GradientDescentOptimizer(learning_rate=0.1).minimize(mse, var_list=[theta])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(30):
            if i % 10 == 0:
                print("Current loss:", mse.eval())
            sess.run(step)
        print(theta.eval())


if __name__ == "__main__":
    main()
"""

# At module level, with arguments, a default, and a returned expression bound under another name.
MODULE_HELPER = """\
import numpy as np
import tensorflow as tf


def load(n, seed=0):
    rng = np.random.RandomState(seed)
    data = rng.rand(n, 3)
    features = tf.constant(data, dtype=tf.float32)
    return features, tf.Variable(rng.rand(n, 1), dtype=tf.float32)


X, target = load(50)
w = tf.Variable(tf.zeros([3, 1]))
loss = tf.reduce_mean(tf.square(X @ w - target))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        print(sess.run([train, loss])[1])
"""

# A keep probability that defaults to 1 and a flag that defaults to False, fed only by the train step.
DEFAULTS = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(1)
data = rng.rand(20, 2).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 2])
keep = tf.placeholder_with_default(1.0, shape=())
shift = tf.placeholder_with_default(0, shape=())
w = tf.Variable([[1.0], [-1.0]])
out = tf.matmul(x * keep, w) + tf.cast(shift, tf.float32)
loss = tf.reduce_mean(tf.square(out))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        sess.run(train, feed_dict={x: data, keep: 0.5, shift: 2})
        print(i, sess.run(loss, feed_dict={x: data}), sess.run(out, {x: data[:2], shift: 1}))
"""

# The Caicloud book's mnist_train.py shape (DevRoss's my_try.py): train(mnist) holds the Session program, main reads
# MNIST through the tutorial module and calls it, tf.app.run() calls main.
TRAIN_FUNCTION = """\
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

BATCH_SIZE = 100


def train(mnist):
    x = tf.placeholder(tf.float32, [None, 784], name="x-input")
    y_ = tf.placeholder(tf.float32, [None, 10], name="y-input")
    weights = tf.Variable(tf.zeros([784, 10]))
    biases = tf.Variable(tf.zeros([10]))
    y = tf.matmul(x, weights) + biases
    cross_entropy = tf.nn.softmax_cross_entropy_with_logits_v2(logits=y, labels=y_)
    loss = tf.reduce_mean(cross_entropy)
    train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    with tf.Session() as sess:
        tf.global_variables_initializer().run()
        validate_feed = {x: mnist.validation.images, y_: mnist.validation.labels}
        for i in range(30):
            if i % 10 == 0:
                print("After %d steps, validation accuracy %g" % (i, sess.run(accuracy, feed_dict=validate_feed)))
            xs, ys = mnist.train.next_batch(BATCH_SIZE)
            sess.run(train_step, feed_dict={x: xs, y_: ys})


def main(argv=None):
    mnist = input_data.read_data_sets("MNIST_data", one_hot=True)
    train(mnist)


if __name__ == "__main__":
    tf.app.run()
"""

# Florian-BACHO's mnistLearn.py shape: dropouts a training flag turns on, a summary of the loss evaluated unfed.
FLAG_SUMMARY = """\
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data


def main():
    mnist = input_data.read_data_sets("/tmp/data/")
    training = tf.placeholder_with_default(False, shape=())
    entry = tf.placeholder(tf.float32, shape=[None, 784], name="Entry")
    entry_drop = tf.layers.dropout(entry, 0.25, training=training, name="EntryDropout")
    hidden = tf.layers.dense(entry_drop, 32, activation=tf.nn.relu, name="Hidden")
    hidden_drop = tf.layers.dropout(hidden, 0.25, training=training, name="HiddenDropout")
    out = tf.layers.dense(hidden_drop, 10, name="Output")
    labels = tf.placeholder(tf.int32, shape=[None])
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(logits=out, labels=labels))
    accuracy = tf.reduce_mean(tf.cast(tf.nn.in_top_k(out, labels, 1), tf.float32)) * 100
    loss_summary = tf.summary.scalar("MNIST", loss)
    summary_writer = tf.summary.FileWriter("tf_logs/train", tf.get_default_graph())
    step = tf.train.AdamOptimizer(learning_rate=0.01).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(20):
            if i % 10 == 0:
                test_accuracy = accuracy.eval(feed_dict={entry: mnist.test.images, labels: mnist.test.labels})
                summary_str = loss_summary.eval(feed_dict={entry: mnist.test.images, labels: mnist.test.labels})
                summary_writer.add_summary(summary_str, i)
                print("Iteration", i, "Test Accuracy:", test_accuracy, "%")
            X_batch, y_batch = mnist.train.next_batch(100)
            sess.run(step, feed_dict={entry: X_batch, labels: y_batch, training: True})


if __name__ == "__main__":
    main()
"""

# The same, MNIST read and train(mnist) called under the ``if __name__ == "__main__":`` guard.
TRAIN_UNDER_GUARD = TRAIN_FUNCTION.replace(
    'def main(argv=None):\n    mnist = input_data.read_data_sets("MNIST_data", one_hot=True)\n    train(mnist)\n\n\n'
    'if __name__ == "__main__":\n    tf.app.run()\n',
    'if __name__ == "__main__":\n    mnist = input_data.read_data_sets("MNIST_data", one_hot=True)\n    train(mnist)\n',
)

PROGRAMS = {
    "train_under_guard": TRAIN_UNDER_GUARD,
    "get_dataset": GET_DATASET,
    "module_helper": MODULE_HELPER,
    "defaults": DEFAULTS,
    "train_function": TRAIN_FUNCTION,
    "flag_summary": FLAG_SUMMARY,
}
META = {"random": "none", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-", "mnist": "tutorial"}
UNSEEDED = {"flag_summary": {**META, "random": "unseeded", "legacy_keras": True}}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, UNSEEDED.get(name, META)) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_graphs_built_in_functions_given_host_data_run_eagerly_with_the_baseline_numbers(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)


def test_a_helper_called_once_stays_as_written_and_a_run_that_does_not_feed_a_default_passes_it() -> None:
    helper = migrate_source(GET_DATASET, Options(), "program.py").migrated
    assert "    X = tf.Variable(data, dtype=tf.float32)\n    y = tf.Variable(" in helper
    assert "    X, y, nb_exemple, nb_entry = get_dataset()\n" in helper
    defaults = migrate_source(DEFAULTS, Options(), "program.py").migrated
    assert "train(data, 0.5, 2)" in defaults
    assert "loss(data, 1.0, 0).numpy()" in defaults
    assert "out(data[:2], 1.0, 1).numpy()" in defaults


def test_a_training_flag_stays_a_python_bool_that_turns_the_dropout_on() -> None:
    source = """\
import numpy as np
import tensorflow as tf

training = tf.placeholder_with_default(False, shape=(), name="training")
X = tf.placeholder(tf.float32, shape=[None, 4])
X_drop = tf.layers.dropout(X, 0.3, training=training)
out = tf.layers.dense(X_drop, 2, name="out")
loss = tf.reduce_mean(tf.square(out))
step = tf.train.AdamOptimizer(0.01).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(step, feed_dict={X: np.ones((3, 4)), training: True})
    print(loss.eval(feed_dict={X: np.ones((3, 4))}))
"""
    migrated = migrate_source(source, Options(), "program.py").migrated
    assert "return (tf.nn.dropout(X, rate=0.3) if training else X)" in migrated
    assert "tf.cast(training" not in migrated
    assert "step(True, np.ones((3, 4)))" in migrated
    assert "loss(False, np.ones((3, 4))).numpy()" in migrated


def test_a_summary_of_flagged_dropouts_runs_only_where_the_flag_is_false() -> None:
    migrated = migrate_source(FLAG_SUMMARY, Options(), "program.py").migrated
    assert "summary_str = loss_summary(False, tf.cast(mnist.test.images, tf.float32), " in migrated
    trained = FLAG_SUMMARY.replace(
        "labels: mnist.test.labels})\n                summary_writer",
        "labels: mnist.test.labels, training: True})\n                summary_writer",
    )
    assert trained != FLAG_SUMMARY
    followups = reasons_by_line(trained)
    assert followups and "reads dropouts `training` may turn on in this run" in followups[0][1], followups


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            "    X, y, nb_exemple, nb_entry = get_dataset()\n",
            "    X, y, nb_exemple, nb_entry = get_dataset()\n    get_dataset()\n",
            id="called twice, each call once",
        ),
        pytest.param(
            "    return X, y, nb_exemple, nb_entry\n",
            "    y = y * 2.0\n    return X, y, nb_exemple, nb_entry\n",
            id="rebinds a graph value",
        ),
        pytest.param(
            "    theta = tf.Variable(tf.zeros([nb_entry + 1, 1]))\n",
            "    theta = tf.Variable(tf.zeros([nb_entry + 1, 1]))\n    data = 3\n",
            id="a local the program also binds",
        ),
        pytest.param(
            "    X = tf.Variable(data, dtype=tf.float32)\n",
            "    W = tf.Variable(data, dtype=tf.float32)\n    X = W * 2.0\n",
            id="builds a tensor it returns",
        ),
    ],
)
def test_a_helper_that_cannot_stay_as_written_is_read_at_each_call_site(old, new) -> None:
    """Kept as written it would build graph values per call (called_once.py refuses it); each call a statement
    that runs once in main, it is read in place (inlined_helpers.py, tests/test_graph_helpers.py)."""
    source = GET_DATASET.replace(old, new)
    assert source != GET_DATASET
    assert not reasons_by_line(source), reasons_by_line(source)
    migrated = migrate_source(source, Options(), "program.py").migrated
    assert "Session" not in migrated and "def get_dataset(" not in migrated, migrated


def test_the_mnist_reader_beside_the_call_of_the_session_function_is_host_code() -> None:
    """functions.py named ``input_data.read_data_sets(...)`` in ``main`` as "TensorFlow used beside the call of
    `train`"; TFM308 replaces it by numpy code, so the report names what blocks the Session program itself."""
    source = TRAIN_FUNCTION.replace(
        "    y = tf.matmul(x, weights) + biases\n",
        "    averages = tf.train.ExponentialMovingAverage(0.99)\n"
        "    y = tf.matmul(x, averages.average(weights)) + biases\n",
    )
    followups = reasons_by_line(source)
    assert followups, followups
    assert "beside the call" not in followups[0][1]
    assert followups[0][0] == 13 and "`averages.average(weights)` before" in followups[0][1], followups
