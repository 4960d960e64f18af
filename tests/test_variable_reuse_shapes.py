"""A GAN's discriminator built on the real and on the generated batch, the second call under variable-scope reuse
passed as the builder's argument (``discriminator(G, reuse=True)``: ``if reuse: scope.reuse_variables()``, or
``variable_scope(name, reuse=reuse)``), the shape of held-out sets 25 and 28's GAN and train/test programs (issue 16).

Where the builder makes ``tf.get_variable`` weights, the second call reads the first call's variables
(variable_sharing.py); where it makes ``tf.Variable`` weights, which reuse does not share, the reuse is dropped
(inert_reuse.py) and TF1's second entry of the scope is its numbered name scope (numbered_scopes.py). Both public
programs (tests/programs/tengdahan_*.py) run as the TF1 baseline and, migrated, on TF 2.21: session-free with the
baseline's numbers. Where TF1 raised at the reused call, or built ops there the eager program would not, or the
numbered name is not free, the graph tier stays with the reason."""

from __future__ import annotations

from program_checks import assert_session_free_with_baseline_numbers, evaluate_sources, migrated_with_reasons
from session_harness import evaluate, load_programs

SHAPED = ["tengdahan_wgan_mnist_variable_reuse", "tengdahan_gan_fc_scope_reuse"]
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}
PROGRAMS = {program.name: program.source for program in load_programs(SHAPED)}

# The generator's ``variable_scope("generator", reuse=reuse)`` read where its one call passed reuse=False (TF1's
# "inherit"), the discriminator's ``if reuse: scope.reuse_variables()`` over tf.Variables, at module level.
FLAGGED = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)


def generator(z, reuse=False):
    with tf.variable_scope("generator", reuse=reuse):
        w = tf.get_variable("w", [2, 3], initializer=tf.random_normal_initializer(stddev=0.1))
        b = tf.get_variable("b", [3], initializer=tf.zeros_initializer())
        return tf.matmul(z, w) + b


def discriminator(x, reuse=False):
    with tf.variable_scope("discriminator") as scope:
        if reuse:
            scope.reuse_variables()
        w1 = tf.Variable(tf.random_normal([3, 4], stddev=0.1))
        b1 = tf.Variable(tf.zeros([4]))
        h = tf.nn.relu(tf.matmul(x, w1) + b1)
        w2 = tf.Variable(tf.random_normal([4, 1], stddev=0.1))
        return tf.matmul(h, w2)


z = tf.placeholder(tf.float32, [None, 2])
x = tf.placeholder(tf.float32, [None, 3])
g = generator(z)
d_real = discriminator(x)
d_fake = discriminator(g, reuse=True)
d_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_real, labels=tf.ones_like(d_real))
                        + tf.nn.sigmoid_cross_entropy_with_logits(logits=d_fake, labels=tf.zeros_like(d_fake)))
g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_fake, labels=tf.ones_like(d_fake)))
d_vars = [v for v in tf.trainable_variables() if v.name.startswith("discriminator")]
g_vars = [v for v in tf.trainable_variables() if v.name.startswith("generator")]
d_opt = tf.train.AdamOptimizer(0.01).minimize(d_loss, var_list=d_vars)
g_opt = tf.train.AdamOptimizer(0.01).minimize(g_loss, var_list=g_vars)
rng = np.random.RandomState(0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        xs = rng.rand(8, 3)
        zs = rng.rand(8, 2)
        sess.run(d_opt, {x: xs, z: zs})
        sess.run(g_opt, {z: zs})
        print(i, sess.run(d_loss, {x: xs, z: zs}), sess.run(g_loss, {z: zs}))
"""


def test_the_gan_programs_come_out_session_free_with_the_baseline_numbers() -> None:
    outcomes = evaluate(load_programs(SHAPED)) | evaluate_sources({"flagged_builders": FLAGGED}, META)
    for outcome in outcomes.values():
        assert_session_free_with_baseline_numbers(outcome)
    numbered = outcomes["tengdahan_wgan_mnist_variable_reuse"].migrated_text or ""
    assert "with tf.name_scope('discriminator_1'):" in numbered, numbered  # TF1's name of the second entry
    assert "scope.reuse_variables()" not in numbered
    shared = outcomes["tengdahan_gan_fc_scope_reuse"].migrated_text or ""
    assert shared.count("get_variable('D_W1'") == 1, shared  # the second call reads the first call's variable
    assert "tf.name_scope('discriminator_1')" in (outcomes["flagged_builders"].migrated_text or "")


def _refusal(source: str) -> str:
    migrated, reasons = migrated_with_reasons(source)
    assert migrated is not None and "disable_v2_behavior" in migrated, migrated
    assert len(reasons) == 1, reasons
    return reasons[0][1]


def test_a_reused_call_tf1_raised_on_keeps_the_graph_tier() -> None:
    program = PROGRAMS["tengdahan_gan_fc_scope_reuse"]
    never_built = program.replace(
        "D_real, D_real_logits = discriminator(X, reuse=False)", "D_real, D_real_logits = discriminator(X, reuse=True)"
    )
    assert never_built != program
    assert "tf.get_variable('GAN/discriminator/D_W1') reuses a variable never built (TF1 raises)" in _refusal(
        never_built
    )
    reshaped = (
        program.replace("def discriminator(X, reuse=False):", "def discriminator(X, reuse=False, J=64):")
        .replace("        J = 64\n", "")
        .replace("discriminator(G, reuse=True)", "discriminator(G, reuse=True, J=32)")
    )
    assert reshaped.count("J=32") == 1
    assert "tf.get_variable('GAN/discriminator/D_W1') reuses the variable with another shape (TF1 raises)" in (
        _refusal(reshaped)
    )


def test_a_reused_call_building_ops_in_its_initializer_keeps_the_graph_tier() -> None:
    # the original's ``1. / tf.sqrt(in_dim / 2.)``: TF1 built it again at the reused call (moving later op seeds)
    program = PROGRAMS["tengdahan_gan_fc_scope_reuse"]
    sqrt = program.replace("1. / np.sqrt(in_dim / 2.)", "1. / tf.sqrt(in_dim / 2.)")
    assert sqrt != program
    reason = _refusal(sqrt)
    assert "tf.get_variable('GAN/discriminator/D_W1') reuses the variable, but its arguments run" in reason, reason
    assert "ops TF1 built at each call" in reason


def test_a_numbered_scope_whose_name_is_taken_keeps_the_graph_tier() -> None:
    # ``'discriminator_1'`` written in the program: the second entry is not read as that name scope
    program = PROGRAMS["tengdahan_wgan_mnist_variable_reuse"]
    taken = program.replace(
        "dvar = [var for var in tvar if 'discriminator' in var.name]",
        "dvar = [var for var in tvar if 'discriminator' in var.name and 'discriminator_1' not in var.name]",
    )
    assert taken != program
    assert (
        "scope 'discriminator' is entered more than once (TF1 named the later entry's name scope `GAN/discriminator_1` "
        "(its ops and tf.Variable names)"
    ) in _refusal(taken)


def test_a_reused_scope_that_also_builds_a_layer_keeps_the_graph_tier() -> None:
    # the layer reads the reuse flag (it shares the first call's kernel), the tf.Variables beside it do not
    program = PROGRAMS["tengdahan_wgan_mnist_variable_reuse"]
    layered = program.replace(
        "        logits = tf.matmul(dense, W4) + B4\n",
        "        logits = tf.matmul(dense, W4) + B4 + tf.layers.dense(dense, 1)\n",
    )
    assert layered != program
    assert "`with tf.variable_scope('discriminator')` reusing variables builds what TF1 made anew there" in (
        _refusal(layered)
    )
