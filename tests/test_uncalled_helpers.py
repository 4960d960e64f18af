"""A module-level helper nothing calls does not decide the tier, even when its own body spells its name (held-out
set 25's th_gan_mnist_fc: ``def conv(x, w): with tf.variable_scope('conv'): ...``, never called, was the first
reason its program kept graph mode; helpers.never_called counted the scope string ``'conv'`` as a use). A name
spelled only inside the function's own ``def`` (a scope string, a recursive call) runs only once something else
calls it. Spelled anywhere else (a call, a value passed, a string ``getattr`` may read), the helper is read as before.
Run on real TensorFlow: session-free with the baseline's numbers, and the kept helper still runs when called."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, at_module_level, reasons, run_in_a_shared_child
from session_harness import Program, evaluate

SOURCE = """\
import numpy as np
import tensorflow as tf


def conv(x, w):
    with tf.variable_scope('conv'):
        return tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding='SAME')


def pool(x, depth):
    if depth == 0:
        return x
    return pool(tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], 'SAME'), depth - 1)


def batches():
    return np.arange(8, dtype=np.float32).reshape(4, 2) / 8.0


def main():
    data = batches()
    x = tf.placeholder(tf.float32, [None, 2])
    w = tf.Variable(tf.ones([2, 1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
    step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        print(i, sess.run([loss, step], {x: data})[0])
    print(sess.run(w))


if __name__ == '__main__':
    main()
"""
# The same program with its Session at module level.
MODULE_LEVEL = at_module_level(SOURCE)
# After the program, the kept helper called eagerly: it runs as written (tf.compat.v1.variable_scope works eagerly).
CALL_CONV = "\nprint(float(tf.reduce_sum(conv(tf.ones([1, 3, 3, 1]), 2.0 * tf.ones([1, 1, 1, 1])))))\n"


@pytest.fixture(scope="module")
def outcomes():
    meta = {"random": "none", "source": "tfmigrate", "licence": "-"}
    programs = [Program("uncalled_in_function", SOURCE, meta), Program("uncalled_at_module_level", MODULE_LEVEL, meta)]
    return evaluate(programs)


@pytest.mark.parametrize("name", ["uncalled_in_function", "uncalled_at_module_level"])
def test_helpers_nothing_calls_leave_the_program_session_free(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "with tf.compat.v1.variable_scope('conv'):" in outcome.migrated_text, outcome.migrated_text


def test_a_kept_helper_still_runs_when_called(outcomes, tmp_path) -> None:
    printed = run_in_a_shared_child(outcomes["uncalled_in_function"].migrated_text + CALL_CONV, tmp_path, graph=False)
    assert printed.splitlines()[-1] == "18.0", printed


@pytest.mark.parametrize(
    "use",
    [
        "getattr(sys.modules[__name__], 'conv')",  # named in a string
        "[conv]",  # passed as a value
    ],
    ids=["string", "value"],
)
def test_a_helper_named_outside_its_own_def_is_still_read(use) -> None:
    source = SOURCE.replace("import numpy as np\n", "import sys\n\nimport numpy as np\n").replace(
        "    data = batches()\n", f"    data = batches()\n    kept = {use}\n"
    )
    found = reasons(source)
    assert len(found) == 1 and "function `conv`: `with tf.variable_scope` in a helper" in found[0], found
