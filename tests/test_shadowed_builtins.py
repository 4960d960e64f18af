"""A module that binds a builtin's name itself (``def len(values): ...``, ``def int(value): ...``) calls its own
function where graph code reads like a call of the builtin (host_builtins.py). TF1 calls it once, as it builds the
graph; read as the builtin, the eager program called it per run (its print twice where TF1 printed once). Read as
the module's function, it is modelled as any other helper of the program. Run on real TensorFlow: session-free with
the baseline's output; a numpy call reading such a function in a value computed per run stays refused, and so do
shapes read through the builtin's meaning where the module's own is called (its numbers would change).
"""

from __future__ import annotations

import pytest
from program_checks import assert_baseline_numbers, assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

PER_RUN = """\
import numpy as np
import tensorflow as tf


def len(values):
    print("len of", values)
    return 3


x = tf.placeholder(tf.float32, [None, 3])
y = x * len([1, 2, 3])
with tf.Session() as sess:
    for i in range(2):
        print(i, sess.run(y, feed_dict={x: np.ones((1, 3))}))
"""

CONSTANT_DRAW = """\
import numpy as np
import tensorflow as tf

np.random.seed(0)


def int(value):
    print("int of", value)
    return round(value)


x = tf.placeholder(tf.float32, [None, 4])
w = tf.constant(np.random.rand(1, int(4.0)), dtype=tf.float32)
y = x * w
with tf.Session() as sess:
    for i in range(2):
        print(i, sess.run(y, feed_dict={x: np.ones((1, 4))}))
"""
# ``apply_gradients(list(zip(grads, tvars)))`` is the pairs tf.gradients gave only where ``list`` is Python's: this
# module's halves each gradient (TF1 trains at half the rate; read as the pairs, the migrated loss fell faster).
HALVED_PAIRS = """\
import numpy as np
import tensorflow as tf


def list(pairs):
    return [(g * 0.5, v) for g, v in pairs]


x = tf.placeholder(tf.float32, [None, 1])
y = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable([[0.3]])
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
tvars = tf.trainable_variables()
grads = tf.gradients(loss, tvars)
train = tf.train.GradientDescentOptimizer(0.1).apply_gradients(list(zip(grads, tvars)))
xs = np.arange(4, dtype=np.float32).reshape(4, 1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        print(i, sess.run([train, loss], {x: xs, y: 2 * xs})[1])
"""

# ``for t in ts`` over a list of graph values is read as a loop over its positions, ``for t_index in range(3)``:
# with the module's own ``range`` that loop ran twice where TF1's ran three times.
OWN_RANGE = """\
import tensorflow as tf


def range(n):
    return [0] * (n - 1)


ts = [tf.constant(1.0), tf.constant(2.0), tf.constant(3.0)]
with tf.Session() as sess:
    for t in ts:
        print(sess.run(t))
"""
LAYER_LOOP = """\
import numpy as np
import tensorflow as tf


def range(a, b):
    return [1, 2, 2]


def dense(inp, n_in):
    w = tf.Variable(tf.random_normal([n_in, 3], stddev=0.3))
    return tf.tanh(tf.matmul(inp, w))


tf.set_random_seed(4)
x = tf.placeholder(tf.float32, [None, 4])
fc = []
fc.append(dense(x, 4))
for layer in range(1, 4):
    fc.append(dense(fc[layer - 1], 3) + fc[0])
out = tf.reduce_sum(fc[2]) + tf.reduce_sum(fc[3])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("out %.6f" % sess.run(out, feed_dict={x: np.ones((2, 4), np.float32)}))
"""
REFUSED = {
    "shadowed_list_of_gradient_pairs": (HALVED_PAIRS, "apply_gradients() of something other than compute_gradients'"),
    "shadowed_range_of_a_tensor_list": (OWN_RANGE, "`ts` is used outside Session.run / eval"),
    # review 43, l7: the first item appended before the kept loop is not what keeps the graph tier (the loop, line 18)
    "shadowed_range_of_a_layer_loop": (
        LAYER_LOOP,
        "the list `fc` gets its first item before the `for` loop, which appends the rest and is not unrolled into one "
        "copy of its body per pass, as TF1 built it: the loop runs over `range(1, 4)`, and the module binds `range` "
        "itself: its passes are not the ones Python's builtin counts (line 18)",
    ),
}
PROGRAMS = {
    "shadowed_len_per_run": PER_RUN,
    "shadowed_int_in_a_constant_draw": CONSTANT_DRAW,
    **{name: source for name, (source, _) in REFUSED.items()},
}
META = {"random": "seeded", "source": "tfmigrate", "licence": "-"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", ["shadowed_len_per_run", "shadowed_int_in_a_constant_draw"])
def test_a_builtin_the_module_binds_runs_as_often_as_tf1_ran_it(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    printed = outcome.migrated.stdout.splitlines()
    assert sum(" of " in line for line in printed) == 1, outcome.migrated.stdout


def test_a_numpy_call_reading_the_modules_own_int_per_run_stays_refused() -> None:
    constant = "w = tf.constant(np.random.rand(1, int(4.0)), dtype=tf.float32)\ny = x * w\n"
    found = reasons(CONSTANT_DRAW.replace(constant, "y = x * np.reshape(np.arange(4.0), [1, int(4.0)])\n"))
    assert len(found) == 1 and "the graph calls `np.reshape`, which tfmigrate cannot prove eager" in found[0], found


@pytest.mark.parametrize("name", REFUSED)
def test_a_reading_that_holds_only_for_the_builtin_keeps_the_graph_tier_with_tf1s_numbers(outcomes, name) -> None:
    outcome = outcomes[name]
    found = [f.message for f in outcome.migration.followups if f.code == "TFM201"]
    assert len(found) == 1 and REFUSED[name][1] in found[0], found
    assert_baseline_numbers(outcome)
