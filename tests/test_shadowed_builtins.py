"""A module that binds a builtin's name itself (``def len(values): ...``, ``def int(value): ...``) calls its own
function where graph code reads like a call of the builtin (host_builtins.py). TF1 calls it once, as it builds the
graph; read as the builtin, the eager program called it per run (its print twice where TF1 printed once). Read as
the module's function, it is modelled as any other helper of the program. Run on real TensorFlow: session-free with
the baseline's output; a numpy call reading such a function in a value computed per run stays refused.
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
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
PROGRAMS = {"shadowed_len_per_run": PER_RUN, "shadowed_int_in_a_constant_draw": CONSTANT_DRAW}
META = {"random": "seeded", "source": "tfmigrate", "licence": "-"}


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


@pytest.mark.parametrize("name", PROGRAMS)
def test_a_builtin_the_module_binds_runs_as_often_as_tf1_ran_it(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    printed = outcome.migrated.stdout.splitlines()
    assert sum(" of " in line for line in printed) == 1, outcome.migrated.stdout


def test_a_numpy_call_reading_the_modules_own_int_per_run_stays_refused() -> None:
    constant = "w = tf.constant(np.random.rand(1, int(4.0)), dtype=tf.float32)\ny = x * w\n"
    found = reasons(CONSTANT_DRAW.replace(constant, "y = x * np.reshape(np.arange(4.0), [1, int(4.0)])\n"))
    assert len(found) == 1 and "the graph calls `np.reshape`, which tfmigrate cannot prove eager" in found[0], found
