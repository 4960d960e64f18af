"""TFM308's input_data stand-in really runs the classic TF1 MNIST tutorial on TensorFlow 2.21, offline.

The migrated program runs in a subprocess whose HOME/KERAS_HOME are a fresh temporary directory and in which
``tf.keras.datasets.mnist.load_data`` is replaced, before the program starts, by a function returning synthetic
uint8 digits with MNIST's exact shapes (60000/10000 images of 28x28, labels 0-9) whose classes a linear model can
separate. Keras checks mnist.npz against a SHA-256 before using a cached copy, so a fake file in the cache
would send it to the network: the function is stubbed instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from timeouts import limit

from tfmigrate import Options, Status, migrate_source

TUTORIAL = """\
from tensorflow.examples.tutorials.mnist import input_data
import tensorflow as tf

mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)

x = tf.placeholder(tf.float32, [None, 784])
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
y = tf.matmul(x, W) + b
y_ = tf.placeholder(tf.float32, [None, 10])
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

sess = tf.InteractiveSession()
tf.global_variables_initializer().run()
for _ in range(600):
    batch_xs, batch_ys = mnist.train.next_batch(100)
    sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})

correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
print("SHAPES", mnist.train.images.shape, mnist.train.labels.shape, mnist.validation.images.shape,
      mnist.test.images.shape, mnist.train.images.dtype, mnist.train.images.max())
print("EPOCHS", mnist.train.epochs_completed, mnist.train.num_examples)
print("ACCURACY", sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels}))
"""

# next_batch's TF1 epoch arithmetic on a 10-image training set (validation_size=59990, integer labels).
WRAP = """\
import numpy as np
import tensorflow.examples.tutorials.mnist.input_data as mnist_data

data = mnist_data.read_data_sets("ignored", validation_size=59990, reshape=False, seed=3)
train = data.train
assert train.num_examples == 10 and train.images.shape == (10, 28, 28, 1), train.images.shape
assert data.validation.num_examples == 59990 and train.labels.shape == (10,)
first = [train.next_batch(4) for _ in range(2)]
assert train.epochs_completed == 0
images, labels = train.next_batch(4)  # 2 left in epoch 1 + 2 from a reshuffled epoch 2
assert train.epochs_completed == 1 and images.shape == (4, 28, 28, 1) and labels.shape == (4,)
seen = np.concatenate([b[1] for b in first] + [labels[:2]])
assert sorted(seen.tolist()) == sorted(np.arange(60000)[59990:] % 10), seen
ordered, _ = train.next_batch(3, shuffle=False)
assert ordered.shape == (3, 28, 28, 1)
print("WRAP OK")
"""

# The other spelling: the function imported from the module, under an alias; `input_data` is the user's own name.
FUNCTION = """\
from tensorflow.examples.tutorials.mnist.input_data import read_data_sets as load

input_data = "MNIST_data/"
data = load(input_data, one_hot=True, validation_size=0)
images, labels = data.train.next_batch(50)
assert images.shape == (50, 784) and labels.shape == (50, 10) and data.train.num_examples == 60000
print("FUNCTION OK")
"""

# Programs that only read arrays get them from load_data() directly (no stand-in); each compares what it read with
# TF 1.15's read_data_sets transcribed below (contrib/learn/python/learn/datasets/mnist.py: extract_images,
# DataSet.__init__, dense_to_one_hot) applied to the same load_data() output.
ARRAYS = """\
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets("/tmp/data/", {options})
GOT = [mnist.train.images, mnist.train.labels, mnist.validation.images, mnist.validation.labels,
       mnist.test.images, mnist.test.labels]
COUNTS = [mnist.train.num_examples, mnist.validation.num_examples, mnist.test.num_examples]
"""
TF115_CHECK = """
import numpy


def tf115_read_data_sets(one_hot=False, reshape=True, validation_size=5000):
    (train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.mnist.load_data()

    def images(data):
        data = data.reshape(data.shape[0], 28, 28, 1)  # extract_images
        if reshape:
            data = data.reshape(data.shape[0], data.shape[1] * data.shape[2])
        data = data.astype(numpy.float32)
        return numpy.multiply(data, 1.0 / 255.0)

    def labels(dense):
        if not one_hot:
            return dense
        one = numpy.zeros((dense.shape[0], 10))
        one.flat[numpy.arange(dense.shape[0]) * 10 + dense.ravel()] = 1
        return one

    v = validation_size
    sets = [(train_images[v:], train_labels[v:]), (train_images[:v], train_labels[:v]), (test_images, test_labels)]
    return [f(x) for pair in sets for f, x in zip((images, labels), pair)], [len(pair[0]) for pair in sets]


want, counts = tf115_read_data_sets({options})
assert COUNTS == counts, (COUNTS, counts)
for got, expected in zip(GOT, want):
    assert got.dtype == expected.dtype and got.shape == expected.shape, (got.dtype, got.shape, expected.shape)
    assert numpy.array_equal(got, expected)
print("ARRAYS OK", {options!r}, [a.shape for a in GOT])
"""

RUNNER = """\
import runpy, sys
import numpy as np
import tensorflow as tf

def fake_load_data(path="mnist.npz"):
    rng = np.random.RandomState(0)
    def digits(n, offset):
        labels = (np.arange(n) + offset) % 10
        images = rng.randint(0, 60, size=(n, 28, 28)).astype("uint8")
        for digit in range(10):
            images[labels == digit, digit * 2:digit * 2 + 3, 4:24] = 255
        return images, labels.astype("uint8")
    return digits(60000, 0), digits(10000, 0)

tf.keras.datasets.mnist.load_data = fake_load_data
for script in sys.argv[1:]:
    runpy.run_path(script, run_name="__main__")
"""


def _migrate(source: str) -> str:
    result = migrate_source(source, Options())
    assert result.status is Status.CHANGED, result.error
    assert "from tensorflow.examples" not in result.migrated and "import tensorflow.examples" not in result.migrated
    # TFM308's note, plus TFM201's one line naming what keeps the Session program in graph mode.
    assert {f.code for f in result.followups} - {"TFM201"} == {"TFM308"}, result.followups
    assert sum(f.code == "TFM201" for f in result.followups) <= 1, result.followups
    return result.migrated


def _run(tmp_path, name: str, code: str, *more: tuple[str, str]) -> str:
    scripts = []
    for script_name, text in ((name, code), *more):
        scripts.append(tmp_path / f"{script_name}.py")
        scripts[-1].write_text(text)
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = dict(
        os.environ, HOME=str(home), KERAS_HOME=str(home / ".keras"), TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES=""
    )
    env.pop("TF_USE_LEGACY_KERAS", None)
    proc = subprocess.run(
        [sys.executable, str(runner), *map(str, scripts)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=limit(600),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_migrated_softmax_tutorial_trains_offline(tmp_path) -> None:
    out = _run(tmp_path, "mnist_softmax", _migrate(TUTORIAL))
    lines = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in out.splitlines() if " " in line}
    assert lines["SHAPES"] == "(55000, 784) (55000, 10) (5000, 784) (10000, 784) float32 1.0", out
    assert lines["EPOCHS"] == "1 55000", out  # 600 batches of 100 = 60000 > 55000 images: one wrap
    assert float(lines["ACCURACY"]) > 0.9, out


def test_stand_in_keeps_tf1_next_batch_epochs(tmp_path) -> None:
    migrated = _migrate(WRAP)
    assert "class mnist_data:" in migrated
    function = _migrate(FUNCTION)
    assert "load = mnist_input_data.read_data_sets" in function
    out = _run(tmp_path, "wrap", migrated, ("function", function))
    assert "WRAP OK" in out and "FUNCTION OK" in out


def test_unmigrated_tutorial_dies_on_tf221(tmp_path) -> None:
    script = tmp_path / "original.py"
    script.write_text(textwrap.dedent(TUTORIAL))
    env = dict(os.environ, HOME=str(tmp_path), TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=limit(300))
    assert proc.returncode != 0 and "No module named 'tensorflow.examples'" in proc.stderr, proc.stderr[-2000:]


def test_array_only_programs_read_tf1s_arrays_without_the_stand_in(tmp_path) -> None:
    scripts = []
    for index, options in enumerate(["one_hot=True", "reshape=False, validation_size=1000"]):
        migrated = _migrate(ARRAYS.format(options=options))
        assert "class input_data" not in migrated and "def next_batch" not in migrated, migrated
        assert "tf.keras.datasets.mnist.load_data()" in migrated and "mnist.train" not in migrated, migrated
        scripts.append((f"arrays_{index}", migrated + TF115_CHECK.format(options=options)))
    out = _run(tmp_path, *scripts[0], *scripts[1:])
    assert out.count("ARRAYS OK") == 2, out
