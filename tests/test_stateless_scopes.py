"""A ``tf.variable_scope`` entered once per call of an activation helper (``def lrelu(x): with
tf.variable_scope('leakyReLU'): return tf.maximum(x, 0.2 * x)``; held-out set 25's th_gan_mnist_fc once its image
summaries pass: "scope 'leakyReLU' is entered more than once"). TF1 numbered the second name scope, which names
ops only; where every block of the scope calls stateless ops alone (stateless_scopes.py) no variable name or
value depends on it. Run on real TensorFlow, seeded: session-free with the baseline's numbers, also with a
``tf.Variable`` in the block (built under TF1's numbered name scope). A block that calls the program's own function
keeps the refusal.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import evaluate, load_programs

NAME = "activation_scope_helper_layers"
WHY = (
    "scope 'leakyReLU' is entered more than once (TF1 named the later entry's name scope `model/leakyReLU_1` (its ops "
    "and tf.Variable names)"
)


# The variables picked by name (``'model' in var.name``, as GAN trainers split theirs): TF1's names are read with the
# numbered name scopes (gradients.tf1_names), and `scale`, outside the scope, is left untrained.
BY_NAME = (
    "    train_step = tf.train.AdamOptimizer(0.01).minimize(loss)\n",
    "    scale = tf.Variable(1.5)\n"
    "    loss = loss * scale\n"
    "    mvar = [var for var in tf.trainable_variables() if 'model' in var.name]\n"
    "    train_step = tf.train.AdamOptimizer(0.01).minimize(loss, var_list=mvar)\n",
)


# A trained tf.Variable in the scope: TF1 made model/leakyReLU/Variable and model/leakyReLU_1/Variable, one per call.
VARIABLE = (
    '    with tf.variable_scope("leakyReLU"):\n        return tf.maximum(x, alpha * x)\n',
    '    with tf.variable_scope("leakyReLU"):\n        slope = tf.Variable(alpha)\n        return tf.maximum(x, slope * x)\n',
)


@pytest.fixture(scope="module")
def outcomes():
    (program,) = load_programs([NAME])
    assert BY_NAME[0] in program.source and VARIABLE[0] in program.source
    by_name = replace(program, name=f"{NAME}_by_name", source=program.source.replace(*BY_NAME))
    variable = replace(program, name=f"{NAME}_variable", source=program.source.replace(*VARIABLE))
    return evaluate([program, by_name, variable])


@pytest.mark.parametrize("name", [NAME, f"{NAME}_by_name", f"{NAME}_variable"])
def test_an_activation_scope_entered_per_call_runs_eagerly(outcomes, name: str) -> None:
    assert_session_free_with_baseline_numbers(outcomes[name])


def test_a_variable_in_the_scope_is_built_in_the_scope_tf1_numbered(outcomes) -> None:
    """The second call's slope is TF1's model/leakyReLU_1/Variable, built under that name scope."""
    text = outcomes[f"{NAME}_variable"].migrated_text
    assert "with tf.name_scope('leakyReLU_1'):\n            h2_slope = tf.Variable(0.1)" in text


@pytest.mark.parametrize(
    "new",
    [
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
