"""Variables one build makes and a later build shares (issue 16's GAN and siamese shapes) in a model class whose
builder methods the constructor calls: finch's conditional GAN (tests/programs/finch_cond_gan_class.py, which the
program suite runs whole) with the discriminator's second application moved to a builder method of its own, under
``reuse=True`` layers or a ``tf.AUTO_REUSE`` scope (a new layer beside the shared ones), and a GAN class whose
``tf.Variable`` weights TF1 made anew under ``scope.reuse_variables()``. Each runs beside its seeded TF1 baseline on
TF 2.21: the same numbers mean the shared variables were made once and read by every later build, each optimizer's
var_list held TF1's variables, and the first keeps TF1's names (its TF1 checkpoint restores). A reuse flag the
proof cannot read keeps the graph tier at its line."""

from __future__ import annotations

from pathlib import Path

from program_checks import assert_session_free_with_baseline_numbers, evaluate_sources, reasons_by_line

PROGRAM = (Path(__file__).parent / "programs" / "finch_cond_gan_class.py").read_text()
DISCRIMINATOR = PROGRAM[PROGRAM.index("    def add_Discriminator(self):") : PROGRAM.index("    def add_backward_path")]
SECOND_METHOD = PROGRAM.replace(
    "            self.add_Discriminator()\n",
    "            self.add_Discriminator()\n        with tf.variable_scope('D'):\n            self.add_fake_Discriminator()\n",
).replace(
    DISCRIMINATOR,
    """    def add_Discriminator(self):
        X_in = tf.concat([self.X_in, self.labels], 1)
        D_hidden = tf.layers.dense(X_in, 16, tf.nn.relu, name='hidden')
        self.X_true_prob = tf.layers.dense(D_hidden, 1, tf.nn.sigmoid, name='out')

    def add_fake_Discriminator(self):
        G_out = tf.concat([self.G_out, self.labels], 1)
        D_hidden = tf.layers.dense(G_out, 16, tf.nn.relu, name='hidden', reuse=True)
        self.G_true_prob = tf.layers.dense(D_hidden, 1, tf.nn.sigmoid, name='out', reuse=True)

""",
)
AUTO_REUSE = SECOND_METHOD.replace(
    "        with tf.variable_scope('D'):\n            self.add_fake_Discriminator()",
    "        with tf.variable_scope('D', reuse=tf.AUTO_REUSE):\n            self.add_fake_Discriminator()",
).replace(
    "        D_hidden = tf.layers.dense(G_out, 16, tf.nn.relu, name='hidden', reuse=True)\n"
    "        self.G_true_prob = tf.layers.dense(D_hidden, 1, tf.nn.sigmoid, name='out', reuse=True)",
    "        D_hidden = tf.layers.dense(G_out, 16, tf.nn.relu, name='hidden')\n"
    "        D_hidden = tf.layers.dense(D_hidden, 16, tf.nn.relu, name='extra')\n"
    "        self.G_true_prob = tf.layers.dense(D_hidden, 1, tf.nn.sigmoid, name='out')",
)
# TF1's tf.Variable ignores reuse: the second build makes D/W_1, and the discriminator's var_list holds both.
VARIABLES_UNDER_REUSE = """import numpy as np
import tensorflow as tf


class GAN:
    def __init__(self):
        self.X = tf.placeholder(tf.float32, [None, 4])
        self.Z = tf.placeholder(tf.float32, [None, 2])
        with tf.variable_scope('G'):
            self.G_sample = self.generator(self.Z)
        with tf.variable_scope('D') as scope:
            self.D_real = self.discriminator(self.X)
            scope.reuse_variables()
            self.D_fake = self.discriminator(self.G_sample)
        t_vars = tf.trainable_variables()
        self.d_vars = [v for v in t_vars if v.name.startswith('D')]
        self.g_vars = [v for v in t_vars if v.name.startswith('G')]
        self.D_loss = -tf.reduce_mean(tf.log(self.D_real) + tf.log(1. - self.D_fake))
        self.G_loss = -tf.reduce_mean(tf.log(self.D_fake))
        self.D_solver = tf.train.AdamOptimizer(1e-2).minimize(self.D_loss, var_list=self.d_vars)
        self.G_solver = tf.train.AdamOptimizer(1e-2).minimize(self.G_loss, var_list=self.g_vars)

    def generator(self, z):
        W = tf.Variable(tf.random_normal([2, 4], stddev=0.1, seed=1), name='W')
        return tf.matmul(z, W)

    def discriminator(self, x):
        W = tf.Variable(tf.random_normal([4, 1], stddev=0.1, seed=2), name='W')
        return tf.nn.sigmoid(tf.matmul(x, W))


tf.set_random_seed(1)
rng = np.random.RandomState(0)
model = GAN()
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(20):
    _, d = sess.run([model.D_solver, model.D_loss], {model.X: rng.rand(8, 4), model.Z: rng.rand(8, 2)})
    _, g = sess.run([model.G_solver, model.G_loss], {model.Z: rng.rand(8, 2)})
    if step % 5 == 0:
        print(step, d, g, sess.run(model.D_real, {model.X: np.ones((1, 4))}), sess.run(model.D_fake, {model.Z: np.ones((1, 2))}))
"""
META = dict(random="seeded", legacy_keras=True, source="tfmigrate", licence="Apache-2.0", adapted="-")


def test_variables_shared_between_builder_methods_come_out_session_free_with_the_baseline_numbers() -> None:
    sources = {
        "second_method": SECOND_METHOD,
        "auto_reuse_new_layer": AUTO_REUSE,
        "variables_under_reuse": VARIABLES_UNDER_REUSE,
    }
    assert len(set(sources.values()) | {PROGRAM}) == 4  # each variant changed the program
    outcomes = evaluate_sources(sources, META, resuming=frozenset({"second_method"}))
    for outcome in outcomes.values():
        assert_session_free_with_baseline_numbers(outcome)
    second = outcomes["second_method"]
    assert second.baseline_resume is not None and second.baseline_resume.ok, second.baseline_resume
    assert "restored" in second.baseline_resume.stdout
    same, why = second.resume_match()
    assert same, why  # the TF1 checkpoint (G/dense/kernel, D/hidden/kernel, ...) restored into the migrated program
    for name in ("second_method", "auto_reuse_new_layer"):  # the layer add_Discriminator made, read by the others
        assert "self.D_hidden_layer" in outcomes[name].migrated_text.split("def add_fake_Discriminator")[1]
    trained = outcomes["auto_reuse_new_layer"].migrated_text.split("def D_train(")[1].split("tape.gradient(")[0]
    assert "self.D_extra_layer.kernel, self.D_extra_layer.bias]" in trained, (
        trained
    )  # the new layer, in D's var_list too
    assert "self.D_fake_W = tf.Variable(" in outcomes["variables_under_reuse"].migrated_text  # D/W_1 made anew


def test_a_reuse_flag_the_proof_cannot_read_keeps_the_graph_tier_at_its_line() -> None:
    flagged = PROGRAM.replace(
        "        D_hidden = tf.layers.dense(G_out, 16, tf.nn.relu, name='hidden', reuse=True)",
        "        D_hidden = tf.layers.dense(G_out, 16, tf.nn.relu, name='hidden', reuse=self.share)",
    ).replace("        self.lr_D = lr_D\n", "        self.lr_D = lr_D\n        self.share = np.random.rand() < 2\n")
    line = (
        flagged.splitlines().index(
            "        D_hidden = tf.layers.dense(G_out, 16, tf.nn.relu, name='hidden', reuse=self.share)"
        )
        + 1
    )
    found = reasons_by_line(flagged)
    assert [at for at, _ in found] and found[0][1].endswith(
        f"tf.layers variables shared through reuse other than reuse=True with a literal name (line {line})"
    ), found
