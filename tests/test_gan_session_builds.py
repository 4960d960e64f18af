"""The Udacity GAN shapes (held-out set 22's four GAN programs, sets 17 and 19's GAN families): a GAN class whose
constructor builds the graph only through module functions (``model_inputs`` making the placeholders, the
``variable_scope(name, reuse=reuse)`` builders, ``model_loss`` / ``model_opt``), and the sampler
``sess.run(generator(input_z, input_size, reuse=True), ...)`` built inside the training loop. Both come out
session-free with the seeded TF1 baseline's numbers (run on TF 2.21); what stays graph tier is named at its line:
a Saver of the generator's scoped layers, a sampler whose helper draws random numbers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from program_checks import assert_session_free_with_baseline_numbers, eager, tf1_source
from session_harness import ATOL, RTOL, Program, evaluate, graph_markers, numbers, run_jobs
from session_harness import _job as job

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

PROGRAMS = Path(__file__).parent / "programs"
INTRO = (PROGRAMS / "tsaiflow_gan_intro_sampler_reuse.py").read_text()

# The class's constructor calls only module functions; set 22's follow-up named `model_inputs` (the first function
# in file order) "makes a placeholder", where the class proof reads every helper at its call.
GAN_CLASS = """import numpy as np
import tensorflow as tf


def model_inputs(real_dim, z_dim):
    inputs_real = tf.placeholder(tf.float32, (None, real_dim), name='input_real')
    inputs_z = tf.placeholder(tf.float32, (None, z_dim), name='input_z')
    return inputs_real, inputs_z


def generator(z, out_dim, n_units=16, reuse=False, alpha=0.01):
    with tf.variable_scope('generator', reuse=reuse):
        h1 = tf.layers.dense(z, n_units, activation=None)
        h1 = tf.maximum(alpha * h1, h1)
        logits = tf.layers.dense(h1, out_dim, activation=None)
        return tf.tanh(logits), logits


def discriminator(x, n_units=16, reuse=False, alpha=0.01):
    with tf.variable_scope('discriminator', reuse=reuse):
        h1 = tf.layers.dense(x, n_units, activation=None)
        h1 = tf.maximum(alpha * h1, h1)
        logits = tf.layers.dense(h1, 1, activation=None)
        return tf.sigmoid(logits), logits


def model_loss(input_real, input_z, out_dim, smooth=0.1):
    g_model, g_logits = generator(input_z, out_dim)
    d_model_real, d_logits_real = discriminator(input_real)
    d_model_fake, d_logits_fake = discriminator(g_model, reuse=True)
    d_loss_real = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
        logits=d_logits_real, labels=tf.ones_like(d_logits_real) * (1 - smooth)))
    d_loss_fake = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
        logits=d_logits_fake, labels=tf.zeros_like(d_logits_real)))
    g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
        logits=d_logits_fake, labels=tf.ones_like(d_logits_fake)))
    return d_loss_real + d_loss_fake, g_loss


def model_opt(d_loss, g_loss, learning_rate, beta1):
    t_vars = tf.trainable_variables()
    g_vars = [var for var in t_vars if var.name.startswith('generator')]
    d_vars = [var for var in t_vars if var.name.startswith('discriminator')]
    d_train_opt = tf.train.AdamOptimizer(learning_rate, beta1=beta1).minimize(d_loss, var_list=d_vars)
    g_train_opt = tf.train.AdamOptimizer(learning_rate, beta1=beta1).minimize(g_loss, var_list=g_vars)
    return d_train_opt, g_train_opt


class GAN:
    def __init__(self, real_size, z_size, learning_rate, beta1=0.5):
        self.input_real, self.input_z = model_inputs(real_size, z_size)
        self.d_loss, self.g_loss = model_loss(self.input_real, self.input_z, real_size)
        self.d_opt, self.g_opt = model_opt(self.d_loss, self.g_loss, learning_rate, beta1)


tf.set_random_seed(1)
np.random.seed(1)
net = GAN(12, 4, 0.002)
data = np.random.rand(40, 12).astype(np.float32) * 2 - 1
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for e in range(4):
        for ii in range(4):
            batch_images = data[ii * 10:(ii + 1) * 10]
            batch_z = np.random.uniform(-1, 1, size=(10, 4))
            _ = sess.run(net.d_opt, feed_dict={net.input_real: batch_images, net.input_z: batch_z})
            _ = sess.run(net.g_opt, feed_dict={net.input_z: batch_z})
        train_loss_d = net.d_loss.eval({net.input_z: batch_z, net.input_real: batch_images})
        train_loss_g = net.g_loss.eval({net.input_z: batch_z})
        print("Epoch", e + 1, train_loss_d, train_loss_g)
"""


def _followups(source: str) -> list[tuple[int, str]]:
    result = migrate_source(source, Options(), "program.py")
    return [(f.line, f.message) for f in result.followups if f.code == "TFM201"]


def test_a_gan_class_built_through_module_functions_comes_out_session_free_with_the_baseline_numbers() -> None:
    meta = dict(random="seeded", legacy_keras=True, source="tfmigrate", licence="Apache-2.0", adapted="-")
    sampled = GAN_CLASS + (
        "    samples = sess.run(generator(net.input_z, 12, reuse=True), feed_dict={net.input_z: batch_z[:3]})\n"
        "    print(samples[0][0, :4], samples[1][0, :4])\n"
    )
    outcomes = evaluate([Program("gan_class", GAN_CLASS, meta), Program("gan_class_sampled", sampled, meta)])
    for outcome in outcomes.values():
        assert_session_free_with_baseline_numbers(outcome)
        assert "def model_inputs" not in outcome.migrated_text  # read at its call in the constructor


def test_the_generators_saver_restores_both_ways(tmp_path: Path) -> None:
    """The notebook's ``Saver(var_list=g_vars)`` over the generator's layers, built under
    ``tf.variable_scope('generator')`` (tests/programs/tsaiflow_gan_intro_generator_saver.py, which the program suite
    runs whole): its sampling cell alone, TF1 and migrated, reads either program's checkpoint and samples what the
    TF1 program sampled from its own (TF1 saved ``generator/dense/kernel``; the migrated layers are built under that
    name scope, and a TF1 checkpoint is read by those names)."""
    program = (PROGRAMS / "tsaiflow_gan_intro_generator_saver.py").read_text()
    training = program.index("batch_size = 20\n")
    sampling = program.index("saver = tf.train.Saver(var_list=g_vars)\nwith tf.Session() as sess:\n    saver.restore")
    cell = program[:training] + program[sampling:]
    migrated, migrated_cell = eager(program), eager(cell)
    assert "tf.name_scope('generator/')" in migrated_cell and not graph_markers(migrated_cell), migrated_cell
    tf1, tf2 = tmp_path / "tf1", tmp_path / "tf2"
    for folder in (tf1, tf2):
        folder.mkdir()
    runs = run_jobs([job("tf2", migrated, tf2)], graph=False, legacy_keras=False)
    runs |= run_jobs(
        [job("tf1", tf1_source(program), tf1), job("tf1_reads", tf1_source(cell), tf2)], graph=True, legacy_keras=True
    )
    runs |= run_jobs([job("tf2_reads", migrated_cell, tf1)], graph=False, legacy_keras=False)
    assert all(run.ok for run in runs.values()), {key: run.stderr[-2000:] for key, run in runs.items()}
    sampled = [line for line in runs["tf1"].stdout.splitlines() if line.startswith("restored samples")]
    assert len(sampled) == 1 and "restored samples" in runs["tf2"].stdout, runs["tf1"].stdout
    for key in ("tf1_reads", "tf2_reads"):  # (a) TF1's cell reads the migrated checkpoint, (b) the migrated cell TF1's
        assert np.allclose(numbers(runs[key].stdout), numbers(sampled[0]), RTOL, ATOL), (key, runs[key].stdout, sampled)


def test_a_saver_of_part_of_a_layer_keeps_the_graph_tier_at_its_line() -> None:
    """A var_list holding a layer's kernel without its bias (TF1 saved a part of the layer): the Checkpoint holds
    whole layers, so the Saver keeps the graph tier with its line."""
    kernels = INTRO.replace(
        "batch_size = 20\n",
        "batch_size = 20\nkernels = [v for v in t_vars if 'kernel' in v.name]\nsaver = tf.train.Saver(var_list=kernels)\n",
    ).replace(
        '        print("samples", gen_samples[0, :4])\n',
        '        print("samples", gen_samples[0, :4])\n        saver.save(sess, "./checkpoints/generator.ckpt")\n',
    )
    line = kernels.splitlines().index("saver = tf.train.Saver(var_list=kernels)") + 1
    followups = _followups(kernels)
    assert [at for at, _ in followups] == [line], followups
    assert (
        "its var_list `kernels`: it holds the kernel of the layer 'generator/dense' without the rest"
        in (followups[0][1])
    ), followups


def test_a_sampler_whose_helper_draws_random_numbers_is_not_built_before_the_session() -> None:
    # each pass of the loop built a new random op in TF1 (a new op seed each): one build before the block is not it
    noisy = INTRO.replace(
        "        h1 = tf.layers.dense(z, n_units, activation=None)\n",
        "        z = z + tf.random_normal(tf.shape(z), stddev=0.01)\n"
        "        h1 = tf.layers.dense(z, n_units, activation=None)\n",
    )
    assert noisy != INTRO
    result = migrate_source(noisy, Options(), "program.py")
    assert "disable_v2_behavior" in result.migrated
    assert "generator_out = generator(" not in result.migrated
    assert [f for f in result.followups if f.code == "TFM201"]


def test_a_sampler_whose_helper_reads_a_global_the_loop_rebinds_is_not_built_before_the_session() -> None:
    # each pass built its ops with the global's value then (1.0, then 2.0): one build before the block reads 1.0
    tempered = (
        INTRO.replace("batch_size = 20\n", "batch_size = 20\ntemperature = 1.0\n")
        .replace("        out = tf.tanh(logits)\n", "        out = tf.tanh(logits / temperature)\n")
        .replace("    for e in range(epochs):\n", "    for e in range(epochs):\n        temperature = 1.0 + e\n")
    )
    assert tempered.count("temperature") == 3
    result = migrate_source(tempered, Options(), "program.py")
    assert "disable_v2_behavior" in result.migrated and "generator_out" not in result.migrated
    assert "generator_out" in migrate_source(INTRO, Options(), "program.py").migrated  # hoisted where nothing rebinds
