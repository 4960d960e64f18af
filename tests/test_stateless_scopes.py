"""A ``tf.variable_scope`` entered once per call of an activation helper (``def lrelu(x): with
tf.variable_scope('leakyReLU'): return tf.maximum(x, 0.2 * x)``; held-out set 25's th_gan_mnist_fc once its image
summaries pass: "scope 'leakyReLU' is entered more than once"). TF1 numbered the second name scope, which names
ops only; where every block of the scope calls stateless ops alone (stateless_scopes.py) no variable name or
value depends on it. Run on real TensorFlow, seeded: session-free with the baseline's numbers. A block that may
build a variable keeps the refusal.
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import evaluate, load_programs

NAME = "activation_scope_helper_layers"
WHY = "scope 'leakyReLU' is entered more than once (TF1 numbered the second)"


def test_an_activation_scope_entered_per_call_runs_eagerly() -> None:
    outcome = evaluate(load_programs([NAME]))[NAME]
    assert_session_free_with_baseline_numbers(outcome)


@pytest.mark.parametrize(
    "new",
    [
        pytest.param(
            '    with tf.variable_scope("leakyReLU"):\n        slope = tf.Variable(alpha)\n'
            "        return tf.maximum(x, slope * x)\n",
            id="a variable in the scope",
        ),
        pytest.param(
            '    with tf.variable_scope("leakyReLU"):\n        return tf.maximum(x, scaled(x, alpha))\n',
            id="a call of the program's own function in the scope",
        ),
    ],
)
def test_a_scope_that_may_build_variables_keeps_the_refusal(new: str) -> None:
    source = load_programs([NAME])[0].source
    old = '    with tf.variable_scope("leakyReLU"):\n        return tf.maximum(x, alpha * x)\n'
    assert old in source
    helper = "def scaled(x, alpha):\n    return alpha * x\n\n\n"
    changed = source.replace(old, new).replace("def lrelu(", helper + "def lrelu(")
    found = reasons(changed)
    assert len(found) == 1 and WHY in found[0], found
