"""A ``tf.variable_scope`` entered once per call of an activation helper (``def lrelu(x): with
tf.variable_scope('leakyReLU'): return tf.maximum(x, 0.2 * x)``; held-out set 25's th_gan_mnist_fc once its image
summaries pass: "scope 'leakyReLU' is entered more than once"). TF1 numbered the second name scope, which names
ops only; where every block of the scope calls stateless ops alone (stateless_scopes.py) no variable name or
value depends on it. Run on real TensorFlow, seeded: session-free with the baseline's numbers. A block that may
build a variable keeps the refusal.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import evaluate, load_programs

NAME = "activation_scope_helper_layers"
WHY = "scope 'leakyReLU' is entered more than once (TF1 numbered the second)"


# The variables picked by name (``'model' in var.name``, as GAN trainers split theirs): TF1's names are read with the
# numbered name scopes (gradients.tf1_names), and `scale`, outside the scope, is left untrained.
BY_NAME = (
    "    train_step = tf.train.AdamOptimizer(0.01).minimize(loss)\n",
    "    scale = tf.Variable(1.5)\n"
    "    loss = loss * scale\n"
    "    mvar = [var for var in tf.trainable_variables() if 'model' in var.name]\n"
    "    train_step = tf.train.AdamOptimizer(0.01).minimize(loss, var_list=mvar)\n",
)


@pytest.fixture(scope="module")
def outcomes():
    (program,) = load_programs([NAME])
    assert BY_NAME[0] in program.source
    by_name = replace(program, name=f"{NAME}_by_name", source=program.source.replace(*BY_NAME))
    return evaluate([program, by_name])


@pytest.mark.parametrize("name", [NAME, f"{NAME}_by_name"])
def test_an_activation_scope_entered_per_call_runs_eagerly(outcomes, name: str) -> None:
    assert_session_free_with_baseline_numbers(outcomes[name])


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
