"""A looped train step fed what a batch helper returns as Python lists (session/traced_arguments.py).

``tf.function`` keys a trace on a list's values, so a step called with a new list each iteration traced again every
time (a real program: 7 traces in 6 calls, 714 s against 5.4 s for TF1). The migrated step's call converts what it
is fed; run here on real TensorFlow, the migrated program traces its step once and prints TF1's numbers.
"""

from __future__ import annotations

import numpy as np
import pytest
from interpreters import run_python
from timeouts import limit

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

STEPS = 6

PROGRAM = f"""\
import numpy as np
import tensorflow as tf

word2index = {{"the": 0, "cat": 1, "dog": 2, "sat": 3, "ran": 4, "far": 5}}
sentences = ["the cat sat", "the dog ran", "cat ran far", "dog sat far", "the cat ran", "the dog sat"]


def get_batch(step):
    batch = [sentences[(step + i) % len(sentences)] for i in range(3)]
    x = [[word2index[w] for w in s.split()] for s in batch]
    y = [[1.0, 0.0] if "cat" in s else [0.0, 1.0] for s in batch]
    return x, y


rng = np.random.RandomState(0)
embeddings = tf.Variable(rng.uniform(-1.0, 1.0, [6, 4]).astype(np.float32))
W = tf.Variable(rng.uniform(-1.0, 1.0, [4, 2]).astype(np.float32))
b = tf.Variable(tf.zeros([2]))
x = tf.placeholder(tf.int32, shape=[None, 3])
y = tf.placeholder(tf.float32, shape=[None, 2])
embedded = tf.reduce_mean(tf.nn.embedding_lookup(embeddings, x), axis=1)
probabilities = tf.nn.softmax(tf.matmul(embedded, W) + b)
loss = tf.reduce_mean(tf.square(probabilities - y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range({STEPS}):
    x_batch, y_batch = get_batch(step)
    _, loss_value = sess.run([train_step, loss], feed_dict={{x: x_batch, y: y_batch}})
    print(step, loss_value)
print(sess.run(W))
"""

# A TF1 run: what ``tf.compat.v1.disable_v2_behavior()`` and the compat import make of the program in a process of
# its own. Both runs share the worker's long-lived TensorFlow children (tests/interpreters.py) instead of starting
# one each.
TF1_SWITCH = "import tensorflow as _tf\n_tf.compat.v1.disable_v2_behavior()\n"


def _printed(mode: str, source: str) -> str:
    if mode == "tf1":
        source = TF1_SWITCH + source.replace("import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\n", 1)
    done = run_python(source, file="lists.py", timeout=limit(300))
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _numbers(text: str) -> np.ndarray:
    return np.array([float(n) for n in text.replace("[", " ").replace("]", " ").split()])


@pytest.fixture(scope="module")
def migrated() -> str:
    result = migrate_source(PROGRAM, Options(), "lists.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    return result.migrated or ""


def test_a_step_fed_python_lists_in_a_loop_gets_tensors(migrated: str) -> None:
    assert "@tf.function\ndef train_step(x, y):" in migrated
    assert "train_step(tf.cast(x_batch, tf.int32), tf.cast(y_batch, tf.float32))" in migrated


def test_the_migrated_step_traces_once_and_prints_tf1s_numbers(migrated: str) -> None:
    traced = migrated + 'print("traces", train_step.experimental_get_tracing_count())\n'
    printed = _printed("tf2", traced).splitlines()
    assert printed[-1] == "traces 1", printed[-1]
    baseline = _numbers(_printed("tf1", PROGRAM))
    eager = _numbers("\n".join(printed[:-1]))
    assert baseline.shape == eager.shape == (STEPS * 2 + 8,)
    np.testing.assert_allclose(eager, baseline, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize(
    ("fed", "passed"),
    [
        pytest.param("x_data", "x_data", id="a name bound once to a numpy function's value"),
        pytest.param("x_data[i : i + 2]", "x_data[i : i + 2]", id="a slice of it"),
        pytest.param("[[1, 2, 3]]", "tf.constant([[1, 2, 3]], tf.int32)", id="a literal, made a tensor once a call"),
        pytest.param("batches[i]", "tf.cast(batches[i], tf.int32)", id="an element of a Python list"),
    ],
)
def test_values_one_trace_serves_pass_as_written(fed: str, passed: str) -> None:
    source = PROGRAM.replace("{x: x_batch, y: y_batch}", f"{{x: {fed}, y: y_batch}}").replace(
        "sess = tf.Session()",
        "x_data = rng.randint(0, 6, [8, 3])\nbatches = [[[1, 2, 3]], [[3, 4, 5]]]\ni = 0\nsess = tf.Session()",
    )
    text = migrate_source(source, Options(), "lists.py").migrated or ""
    assert f"train_step({passed}, tf.cast(y_batch, tf.float32))" in text, text
