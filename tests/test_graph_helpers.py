"""Graph-building helpers whose every call site runs once (held-out 7, blocker 2; inlined_helpers.py): the book
scaffold ``inputs()`` / ``inference(X)`` / ``loss(X, Y)`` / ``train(total_loss)`` called once inside the Session
block, with ``evaluate(sess, X, Y)`` printing predictions; ``inputs()`` returning placeholders; the MNIST-CNN
tutorial's ``conv_layer`` / ``full_layer`` calling a ``weight_variable`` factory, each call a module-level statement
(one inside ``tf.nn.relu(...)``). Each runs as the TF1 baseline and, migrated, on TF 2.21: session-free with the
baseline's numbers. A helper called in a loop, from another function, or passed as a value keeps the graph tier with
its own report line."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons_by_line
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

# The book scaffold (TensorFlow for Machine Intelligence, chapter 4): inputs() returns constants made from lists,
# train() returns minimize(), evaluate() runs the Session it is given.
BOOK_SCAFFOLD = """\
import tensorflow as tf

W = tf.Variable(tf.zeros([2, 1]), name="weights")
b = tf.Variable(0.0, name="bias")


def inference(X):
    return tf.matmul(X, W) + b


def loss(X, Y):
    Y_predicted = tf.transpose(inference(X))
    return tf.reduce_sum(tf.squared_difference(Y, Y_predicted))


def inputs():
    weight_age = [[84, 46], [73, 20], [65, 52], [70, 30], [76, 57], [69, 25], [63, 28]]
    blood_fat_content = [354, 190, 405, 263, 451, 302, 288]
    return tf.to_float(weight_age), tf.to_float(blood_fat_content)


def train(total_loss):
    learning_rate = 0.0000001
    return tf.train.GradientDescentOptimizer(learning_rate).minimize(total_loss)


def evaluate(sess, X, Y):
    print(sess.run(inference([[80.0, 25.0]])))
    print(sess.run(inference([[65.0, 25.0]])))


with tf.Session() as sess:
    tf.initialize_all_variables().run()
    X, Y = inputs()
    total_loss = loss(X, Y)
    train_op = train(total_loss)
    training_steps = 60
    for step in range(training_steps):
        sess.run([train_op])
        if step % 10 == 0:
            print("loss: ", sess.run([total_loss]))
    evaluate(sess, X, Y)
    sess.close()
"""

# inputs() makes the placeholders, called once inside the Session block; one sample fed per step.
PLACEHOLDER_INPUTS = """\
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
xs = rng.rand(30)
data = np.stack([xs, 2.0 * xs + 0.5 + 0.01 * rng.randn(30)], axis=1)

W = tf.Variable(0.0, name="weights")
b = tf.Variable(0.0, name="bias")


def inputs():
    X = tf.placeholder(tf.float32, name="X")
    Y = tf.placeholder(tf.float32, name="Y")
    return X, Y


def inference(X):
    return X * W + b


def loss(X, Y):
    Y_predicted = inference(X)
    return tf.squared_difference(Y, Y_predicted)


def train(loss):
    learning_rate = 0.1
    return tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)


with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    X, Y = inputs()
    train_loss = loss(X, Y)
    train_op = train(train_loss)
    for epoch_num in range(4):
        for x, y in data:
            loss_value, _ = sess.run([train_loss, train_op], feed_dict={X: x, Y: y})
        print("epoch %d, loss=%f" % (epoch_num + 1, loss_value))
    wcoeff, bias = sess.run([W, b])
    print(wcoeff, bias)
"""

# The MNIST-CNN tutorial shape (Learning TensorFlow, chapter 4): layer helpers calling variable factories, each call a
# statement of its own, full_layer's first call inside tf.nn.relu(...); seeded, so the numbers are TF1's exactly.
CNN_LAYERS = """\
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

tf.set_random_seed(3)


def weight_variable(shape):
    initial = tf.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial)


def bias_variable(shape):
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial)


def conv2d(x, W):
    return tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding="SAME")


def max_pool_2x2(x):
    return tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")


def conv_layer(input, shape):
    W = weight_variable(shape)
    b = bias_variable([shape[3]])
    return tf.nn.relu(conv2d(input, W) + b)


def full_layer(input, size):
    in_size = int(input.get_shape()[1])
    W = weight_variable([in_size, size])
    b = bias_variable([size])
    return tf.matmul(input, W) + b


mnist = input_data.read_data_sets("MNIST_data", one_hot=True)
x = tf.placeholder(tf.float32, shape=[None, 784])
y_ = tf.placeholder(tf.float32, shape=[None, 10])
x_image = tf.reshape(x, [-1, 28, 28, 1])
conv1 = conv_layer(x_image, shape=[5, 5, 1, 4])
conv1_pool = max_pool_2x2(conv1)
conv2 = conv_layer(conv1_pool, shape=[5, 5, 4, 8])
conv2_pool = max_pool_2x2(conv2)
conv2_flat = tf.reshape(conv2_pool, [-1, 7 * 7 * 8])
full_1 = tf.nn.relu(full_layer(conv2_flat, 32))
keep_prob = tf.placeholder(tf.float32)
full1_drop = tf.nn.dropout(full_1, keep_prob=keep_prob)
y_conv = full_layer(full1_drop, 10)
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=y_conv, labels=y_))
train_step = tf.train.AdamOptimizer(1e-3).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(6):
        batch = mnist.train.next_batch(20)
        if i % 2 == 0:
            train_accuracy = sess.run(accuracy, feed_dict={x: batch[0], y_: batch[1], keep_prob: 1.0})
            print("step {}, training accuracy {}".format(i, train_accuracy))
        sess.run(train_step, feed_dict={x: batch[0], y_: batch[1], keep_prob: 1.0})
    X = mnist.test.images[:50]
    Y = mnist.test.labels[:50]
    print("test accuracy: {}".format(sess.run(accuracy, feed_dict={x: X, y_: Y, keep_prob: 1.0})))
"""

# ``x, y, y_pred, loss = model()`` (a public linear-regression script's shape): placeholders, a variable and tensors
# built in one helper called once at module level (test_host_functions.py refused it before inlined_helpers.py).
MODEL_TUPLE = """\
import numpy as np
import tensorflow as tf

np.random.seed(0)


def model():
    x = tf.placeholder(tf.float32, shape=(None,), name="x")
    y = tf.placeholder(tf.float32, shape=(None,), name="y")
    w = tf.Variable(np.random.randn(), name="W", dtype=tf.float32)
    y_pred = tf.multiply(w, x)
    loss = tf.reduce_mean(tf.square(y_pred - y))
    return x, y, y_pred, loss


x, y, y_pred, loss = model()
optimizer = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        print(sess.run([optimizer, loss], {x: np.arange(3.0), y: 2.0 * np.arange(3.0)})[1])
    print(sess.run(y_pred, {x: np.ones(2)}))
"""

# The same scaffold in ``def main(_)`` under ``tf.app.run()``: the helpers are read in main's body.
MAIN_INPUTS = """\
import numpy as np
import tensorflow as tf

W = tf.Variable(0.0, name="weights")
b = tf.Variable(0.0, name="bias")


def inputs():
    X = tf.placeholder(tf.float32, name="X")
    Y = tf.placeholder(tf.float32, name="Y")
    return X, Y


def inference(X):
    return X * W + b


def loss(X, Y):
    Y_predicted = inference(X)
    return tf.squared_difference(Y, Y_predicted)


def train(loss):
    learning_rate = 0.1
    return tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)


def main(_):
    rng = np.random.RandomState(0)
    data = rng.rand(20, 2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        X, Y = inputs()
        train_loss = loss(X, Y)
        train_op = train(train_loss)
        for epoch_num in range(3):
            for x, y in data:
                loss_value, _ = sess.run([train_loss, train_op], feed_dict={X: x, Y: y})
            print("epoch %d, loss=%f" % (epoch_num + 1, loss_value))
        wcoeff, bias = sess.run([W, b])
        print(wcoeff, bias)


if __name__ == "__main__":
    tf.app.run()
"""

# Helpers the helper model refuses (tf.get_variable, tf.layers, seeded draws per call), each call a statement that
# runs once: read in place they are module-level graph code, proved as such.
LAYERS_ONCE = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(5)


def embed(x):
    v = tf.get_variable("v", [3, 4])
    return tf.matmul(x, v)


def head(h):
    return tf.layers.dense(h, 2, name="head")


def noisy(h):
    return h + tf.random_normal([4], stddev=0.1)


X = tf.placeholder(tf.float32, [None, 3])
h = noisy(embed(X))
y = head(h)
loss = tf.reduce_mean(tf.square(y))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        print(sess.run([train_op, loss], feed_dict={X: np.ones((2, 3))})[1])
"""

# Florian-BACHO's get_dataset() shape in main(), the helper building a tensor it returns (called_once.py keeps a
# helper as written only when it builds variables and constants): read in place.
GET_DATASET_TENSOR = """\
import numpy as np
import tensorflow as tf


def get_dataset():
    rng = np.random.RandomState(0)
    raw = rng.rand(120, 3)
    nb_exemple, nb_entry = raw.shape
    data = (raw - raw.mean(axis=0)) / raw.std(axis=0)
    W = tf.Variable(np.c_[np.ones((nb_exemple, 1)), data], dtype=tf.float32)
    X = W * 2.0
    y = tf.Variable(raw.sum(axis=1).reshape(-1, 1), dtype=tf.float32)
    return X, y, nb_exemple, nb_entry


def main():
    X, y, nb_exemple, nb_entry = get_dataset()
    theta = tf.Variable(tf.zeros([nb_entry + 1, 1]))
    mse = tf.reduce_mean(tf.square(X @ theta - y))
    step = tf.train.GradientDescentOptimizer(learning_rate=0.05).minimize(mse, var_list=[theta])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(20):
            if i % 5 == 0:
                print("Current loss:", mse.eval())
            sess.run(step)
        print(theta.eval())


if __name__ == "__main__":
    main()
"""

# A learner's MLP in main() (held-out set 28's tz_mlp_main, reduced): a dense helper sized by
# ``int(inputs.get_shape()[1])``, its result rebound to one name (``layer = dense(.., layer)``). The second call's
# shape read is of the first ``layer``: its trace must name that binding's function (defined before the read), not
# the later one (``tf.function(layer)`` before ``def layer``: UnboundLocalError).
REBOUND_LAYER = """\
import numpy as np
import tensorflow as tf


def main():
    inputs = tf.placeholder(tf.float32, [None, 4])
    targets = tf.placeholder(tf.float32, [None, 2])
    layer = dense(3, inputs)
    layer = dense(2, layer)
    loss = tf.reduce_mean(tf.square(layer - targets))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    data = np.linspace(0.0, 1.0, 20, dtype=np.float32).reshape(5, 4)
    feed = {inputs: data, targets: data[:, :2] * data[:, 2:]}
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        for i in range(30):
            if i % 10 == 0:
                print("step %d: loss=%f" % (i, session.run(loss, feed_dict=feed)))
            session.run(step, feed_dict=feed)


def dense(units, inputs):
    weights = tf.Variable(tf.random_uniform((int(inputs.get_shape()[1]), units), seed=1))
    biases = tf.Variable(tf.zeros((1, units)))
    return tf.matmul(inputs, weights) + biases


main()
"""

PROGRAMS = {
    "rebound_layer": REBOUND_LAYER,
    "get_dataset_tensor": GET_DATASET_TENSOR,
    "layers_once": LAYERS_ONCE,
    "main_inputs": MAIN_INPUTS,
    "model_tuple": MODEL_TUPLE,
    "book_scaffold": BOOK_SCAFFOLD,
    "placeholder_inputs": PLACEHOLDER_INPUTS,
    "cnn_layers": CNN_LAYERS,
}
META = {"random": "none", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}
METAS = {
    "layers_once": {**META, "random": "seeded", "legacy_keras": True},
    "cnn_layers": {**META, "random": "seeded", "mnist": "tutorial"},
    "model_tuple": {**META, "random": "seeded"},
    "rebound_layer": {**META, "random": "seeded"},
}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, METAS.get(name, META)) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_helpers_called_once_per_site_run_eagerly_with_the_baseline_numbers(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)


def _migrated(source: str) -> str:
    return migrate_source(source, Options(), "program.py").migrated


def test_each_call_site_binds_the_helpers_variables_under_names_of_its_own() -> None:
    migrated = _migrated(CNN_LAYERS)
    assert "def conv_layer(" not in migrated and "def full_layer(" not in migrated
    assert "conv1_W = weight_variable([5, 5, 1, 4])\nconv1_b = bias_variable([[5, 5, 1, 4][3]])" not in migrated
    # the variables drawn with the op seeds TF1 gave them, in creation order
    assert "conv1_W = weight_variable(conv1_shape, seed=0)\nconv1_b = bias_variable([conv1_shape[3]])\n" in migrated
    assert "conv2_W = weight_variable(conv2_shape, seed=1)\n" in migrated
    assert "full_1_W = weight_variable([full_1_in_size, 32], seed=2)\nfull_1_b = bias_variable([32])\n" in migrated
    assert "y_conv_W = weight_variable([y_conv_in_size, 10], seed=4)\n" in migrated
    assert "def weight_variable(shape, seed=None):\n" in migrated  # the factory itself stays (given the seed)


def test_the_scaffold_keeps_the_helpers_it_can_and_reads_train_and_evaluate_in_place() -> None:
    migrated = _migrated(BOOK_SCAFFOLD)
    assert "def train(" not in migrated and "def evaluate(" not in migrated
    assert "X, Y = inputs()\n" in migrated and "return loss(X, Y)" in migrated
    assert "learning_rate = 0.0000001\n" in migrated
    assert "print(inference([[80.0, 25.0]]).numpy())" in migrated
    placeholders = _migrated(PLACEHOLDER_INPUTS)
    assert "def inputs(" not in placeholders and "tf.placeholder" not in placeholders
    # the loss fetched before the train op comes from the step's return (forward_fetches.py)
    assert "[train_op(tf.cast(x, tf.float32), tf.cast(y, tf.float32)).numpy(), None]" in placeholders


@pytest.mark.parametrize(
    ("old", "new", "line", "construct"),
    [
        pytest.param(
            "            loss_value, _ = sess.run(",
            "            train_op = train(train_loss)\n            loss_value, _ = sess.run(",
            29,
            "function `train`: tf.train.GradientDescentOptimizer.minimize has no proven eager equivalent in a helper",
            id="train() called again in the loop: a new optimizer per step",
        ),
        pytest.param(
            "    X, Y = inputs()\n",
            "    X, Y = inputs()\n    helpers = [inputs]\n",
            13,
            "function `inputs` makes a placeholder (a graph-building helper may not)",
            id="the helper used as a value",
        ),
        pytest.param(
            "    X, Y = inputs()\n",
            "    X, Y = inputs() if True else (None, None)\n",
            13,
            "function `inputs` makes a placeholder (a graph-building helper may not)",
            id="called in a conditional expression",
        ),
    ],
)
def test_a_helper_whose_call_may_not_run_once_keeps_the_graph_tier(old, new, line, construct) -> None:
    source = PLACEHOLDER_INPUTS.replace(old, new)
    assert source != PLACEHOLDER_INPUTS
    followups = reasons_by_line(source)
    assert followups, _migrated(source)
    assert followups[0][0] == line and construct in followups[0][1], followups


def test_a_layer_helper_called_from_a_function_called_twice_keeps_the_graph_tier() -> None:
    """``def tower(x): return full_layer(x, 8)`` called twice: the body of full_layer would run per call of tower,
    which is not a statement that runs once."""
    source = CNN_LAYERS.replace(
        "y_conv = full_layer(full1_drop, 10)\n",
        "def tower(h):\n    return full_layer(h, 10)\n\n\ny_conv = tower(full1_drop) + tower(full1_drop)\n",
    )
    assert source != CNN_LAYERS
    followups = reasons_by_line(source)
    assert followups, _migrated(source)
    assert "it calls the variable factory `weight_variable` (variables built per call)" in followups[0][1], followups


def test_variables_of_a_factory_read_at_each_call_keep_the_names_tf1_gave_them() -> None:
    """``v = make(); w = make()`` before a Saver restore: read in place, the second variable is named ``Variable_1``
    as TF1 numbered it, so the TF1 checkpoint restores into it."""
    source = """\
import tensorflow as tf


def make():
    return tf.Variable(1.0)


v = make()
w = make()
x = tf.placeholder(tf.float32)
loss = tf.reduce_sum(w * x)
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
saver = tf.train.Saver()
sess = tf.Session()
saver.restore(sess, "model.ckpt")
sess.run(train_op, feed_dict={x: 1.0})
saver.save(sess, "model.ckpt")
"""
    result = migrate_source(source, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert 'v = tf.Variable(1.0)\nw = tf.Variable(1.0, name="Variable_1")\n' in result.migrated, result.migrated
