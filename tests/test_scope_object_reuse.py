"""GAN-shaped programs whose discriminator is built twice in one ``with tf.variable_scope('Dis') as scope:`` block,
its variables shared by ``scope.reuse_variables()`` (or ``tf.get_variable_scope().reuse_variables()``) between the
builds, through a ``linear(x, n_in, n_out, scope)`` helper that opens ``tf.variable_scope(scope)`` around its
``get_variable`` calls, and var lists read by ``tf.get_collection(TRAINABLE_VARIABLES, scope='Dis')``
(variable_sharing.py); an initializer whose stddev is a constant tensor (``tf.sqrt(2.0 / n_in)``) bound before it.

Each program is seeded, runs as the TF1 baseline and migrated, and must come out session-free with the baseline's
numbers; two resume from the TF1 program's checkpoint (the variables keep TF1's names, ``Dis/d1/w``, and a
``tf.Variable`` beside a shared ``get_variable`` TF1's ``Dis/d1_1/Variable``). The refusals
show what stays in the graph tier, each with its own reason: a reused name TF1 never built or built with another
shape (TF1 raised), a computed scope name, a ``tf.Variable`` under the reusing scope (TF1 made a second variable),
an outer scope's ``reuse_variables()`` called from a nested block."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, evaluate_sources, migrated_with_reasons

META = {"random": "seeded"}

LINEAR = """\
import os
import numpy as np
import tensorflow as tf

tf.set_random_seed(7)


def linear(x, n_in, n_out, scope, stddev=0.5):
    with tf.variable_scope(scope):
        w = tf.get_variable("w", [n_in, n_out], initializer=tf.random_normal_initializer(stddev=stddev))
        b = tf.get_variable("b", [n_out], initializer=tf.constant_initializer(0.1))
    return tf.matmul(x, w) + b


z = tf.placeholder(tf.float32, [None, 3])
x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope("Gen"):
    g = tf.nn.tanh(linear(tf.nn.relu(linear(z, 3, 5, "g1")), 5, 4, "g2"))
"""

DISCRIMINATOR = """\
with tf.variable_scope("Dis") as scope:
    d_real = linear(tf.nn.relu(linear(x, 4, 6, "d1")), 6, 1, "d2")
    scope.reuse_variables()
    d_fake = linear(tf.nn.relu(linear(g, 4, 6, "d1")), 6, 1, "d2")
"""

TRAIN = """\
loss_d = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_real, labels=tf.ones_like(d_real))
                        + tf.nn.sigmoid_cross_entropy_with_logits(logits=d_fake, labels=tf.zeros_like(d_fake)))
loss_g = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_fake, labels=tf.ones_like(d_fake)))
d_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="Dis")
g_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="Gen")
opt_d = tf.train.AdamOptimizer(0.01).minimize(loss_d, var_list=d_vars)
opt_g = tf.train.GradientDescentOptimizer(0.1).minimize(loss_g, var_list=g_vars)
"""

RUN = """\
rng = np.random.RandomState(2)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        X = rng.normal(size=(8, 4))
        Z = rng.uniform(-1, 1, size=(8, 3))
        ld, _ = sess.run([loss_d, opt_d], feed_dict={x: X, z: Z})
        lg, _ = sess.run([loss_g, opt_g], feed_dict={z: Z})
        print(step, ld, lg)
"""

# The same steps with a Saver that restores the checkpoint an earlier run wrote and writes its own.
SAVED = (
    "saver = tf.train.Saver()\n"
    + RUN.replace(
        "    sess.run(tf.global_variables_initializer())\n",
        '    sess.run(tf.global_variables_initializer())\n    if os.path.exists("gan.ckpt.index"):\n'
        '        saver.restore(sess, "./gan.ckpt")\n',
    )
    + '    saver.save(sess, "./gan.ckpt")\n'
)

PROGRAMS = {
    # The helper under literal scopes, shared by the scope object's reuse_variables(); a Saver writes Gen/g1/w ...
    # Dis/d2/b (and Adam's slots): the second run restores the TF1 checkpoint and trains on.
    "scope_object_resumes": LINEAR + DISCRIMINATOR + TRAIN + SAVED,
    # A scope name Python computes from literals at the call ("d" + str(1) is "d1"): read as that string
    # (inlined_literals.py), the same variables as the literal's.
    "scope_name_from_literals": LINEAR
    + DISCRIMINATOR.replace('linear(x, 4, 6, "d1")', 'linear(x, 4, 6, "d" + str(1))')
    + TRAIN
    + RUN,
    # The same through tf.get_variable_scope().reuse_variables(), the discriminator's layers written out inline.
    "current_scope_inline": LINEAR.split("\n\ndef linear")[0]
    + """

z = tf.placeholder(tf.float32, [None, 3])
x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope("Gen"):
    gw = tf.get_variable("w", [3, 4], initializer=tf.random_uniform_initializer(-0.5, 0.5))
    g = tf.nn.tanh(tf.matmul(z, gw))
with tf.variable_scope("Dis"):
    with tf.variable_scope("d1"):
        w1 = tf.get_variable("w", [4, 1], initializer=tf.random_normal_initializer(stddev=0.3))
        d_real = tf.matmul(x, w1)
    tf.get_variable_scope().reuse_variables()
    with tf.variable_scope("d1"):
        w2 = tf.get_variable("w", [4, 1])
        d_fake = tf.matmul(g, w2)
"""
    + TRAIN
    + RUN,
    # The initializer's stddev a constant tensor of the fan-in (tf.sqrt of a Python number), bound in the helper
    # before the scope: one value, computed once in both programs.
    "constant_stddev": LINEAR.split("\n\ndef linear")[0]
    + """


def layer(x, n_in, n_out, scope):
    scale = tf.sqrt(2.0 / n_in)
    init = tf.truncated_normal_initializer(stddev=scale)
    with tf.variable_scope(scope):
        w = tf.get_variable("w", [n_in, n_out], initializer=init)
    return tf.matmul(x, w)


z = tf.placeholder(tf.float32, [None, 3])
x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope("Gen"):
    g = tf.nn.tanh(layer(z, 3, 4, "g1"))
with tf.variable_scope("Dis") as scope:
    d_real = layer(tf.nn.relu(layer(x, 4, 5, "d1")), 5, 1, "d2")
    scope.reuse_variables()
    d_fake = layer(tf.nn.relu(layer(g, 4, 5, "d1")), 5, 1, "d2")
"""
    + TRAIN
    + RUN,
}
# A tf.Variable beside a shared get_variable: reuse shares b (Dis/d1/b), the fake build's tf.Variable is a second
# variable TF1 named in the scope it numbered (Dis/d1_1/Variable); the migrated program builds it under that name
# scope and restores the TF1 checkpoint by those names.
PROGRAMS["tf_variable_beside_shared_resumes"] = PROGRAMS["scope_object_resumes"].replace(
    'w = tf.get_variable("w", [n_in, n_out], initializer=tf.random_normal_initializer(stddev=stddev))',
    "w = tf.Variable(tf.random_normal([n_in, n_out], stddev=stddev))",
)
RESUMING = frozenset({"scope_object_resumes", "tf_variable_beside_shared_resumes"})


@pytest.fixture(scope="module")
def outcomes():
    return evaluate_sources(PROGRAMS, META, RESUMING)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_a_reusing_scope_object_comes_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    assert "reuse_variables" not in outcome.migrated_text
    if name in RESUMING:  # the migrated program restored the baseline's checkpoint (Dis/d1/w, ...) and trained on
        assert outcome.migrated_resume is not None
        assert outcome.resume_match()[0], outcome.resume_match()[1]


def test_a_tf_variable_beside_a_shared_one_is_built_in_the_scope_tf1_numbered(outcomes) -> None:
    """The fake build's tf.Variable is TF1's Dis/d1_1/Variable (a second variable), its bias the shared Dis/d1/b."""
    text = outcomes["tf_variable_beside_shared_resumes"].migrated_text
    assert "with tf.name_scope('d1_1'):\n        d_fake_w = tf.Variable(" in text
    assert "d_fake_linear = tf.matmul(g, d_fake_w) + d_real_b" in text


def test_one_variable_per_name_and_the_scope_lists_in_tf1s_order(outcomes) -> None:
    """Each of Gen/g1, Gen/g2, Dis/d1, Dis/d2 builds w and b once; the fake input's build reads Dis's; the lists by
    ``scope=`` hold TF1's variables in creation order."""
    text = outcomes["scope_object_resumes"].migrated_text
    assert text.count('get_variable("w"') == 4 and text.count('get_variable("b"') == 4
    assert "d_fake_linear = tf.matmul(g, d_real_w) + d_real_b" in text
    assert "d_vars = [d_real_w, d_real_b, d_real_w_1, d_real_b_1]" in text
    assert "g_vars = [g_w, g_b, g_w_1, g_b_1]" in text


BASE = LINEAR + DISCRIMINATOR + TRAIN + RUN
REFUSED = {
    # TF1 raised: Dis/d3/w was never built, and reuse only returns what exists.
    "a reused name never built": (
        'd_fake = linear(tf.nn.relu(linear(g, 4, 6, "d1")), 6, 1, "d2")',
        'd_fake = linear(tf.nn.relu(linear(g, 4, 6, "d1")), 6, 1, "d3")',
        "tf.get_variable('Dis/d3/w') reuses a variable never built (TF1 raises)",
    ),
    # TF1 raised: Dis/d2/w is [6, 1], asked for [6, 2].
    "another shape": (
        'd_fake = linear(tf.nn.relu(linear(g, 4, 6, "d1")), 6, 1, "d2")',
        'd_fake = linear(tf.nn.relu(linear(g, 4, 6, "d1")), 6, 2, "d2")',
        "tf.get_variable('Dis/d2/w') reuses the variable with another shape (TF1 raises)",
    ),
    "a computed scope name": (
        'd_real = linear(tf.nn.relu(linear(x, 4, 6, "d1")), 6, 1, "d2")',
        'd_real = linear(tf.nn.relu(linear(x, 4, 6, os.environ.get("SCOPE", "d1"))), 6, 1, "d2")',
        "a variable scope whose name is not a string literal",
    ),
    # reuse shares get_variable's variables only: TF1 made Dis/d1_1/Variable, a second variable.
    "a tf.Variable under the reusing scope": (
        'w = tf.get_variable("w", [n_in, n_out], initializer=tf.random_normal_initializer(stddev=stddev))\n'
        '        b = tf.get_variable("b", [n_out], initializer=tf.constant_initializer(0.1))',
        "w = tf.Variable(tf.random_normal([n_in, n_out], stddev=stddev))\n        b = tf.Variable(tf.zeros([n_out]))",
        "`with tf.variable_scope('Dis')` reusing variables builds what TF1 made anew there",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_sharing_tf1_did_not_make_keeps_the_graph_tier_with_its_reason(case: str) -> None:
    old, new, reason = REFUSED[case]
    source = BASE.replace(old, new)
    assert source != BASE
    migrated, reasons = migrated_with_reasons(source)
    assert [message for _, message in reasons if reason in message], reasons
    assert migrated is not None and "disable_v2_behavior" in migrated


def test_an_outer_scopes_reuse_set_in_a_nested_block_keeps_the_graph_tier() -> None:
    """``scope.reuse_variables()`` of Dis called inside ``with tf.variable_scope('inner'):`` sets Dis's flag, which
    the inner scope, entered before, does not read: its next get_variable would build (or raise), not reuse."""
    source = BASE.replace(
        '    d_real = linear(tf.nn.relu(linear(x, 4, 6, "d1")), 6, 1, "d2")\n    scope.reuse_variables()\n',
        '    with tf.variable_scope("inner"):\n        d_real = linear(tf.nn.relu(linear(x, 4, 6, "d1")), 6, 1, "d2")\n'
        "        scope.reuse_variables()\n",
    )
    assert source != BASE
    line = source.splitlines().index("        scope.reuse_variables()") + 1
    _, reasons = migrated_with_reasons(source)
    assert [
        (at, message) for at, message in reasons if at == line and "of a scope other than the one it sits in" in message
    ], reasons
