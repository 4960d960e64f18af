"""Helpers that make variables with ``tf.get_variable``, one per ``tf.variable_scope`` they are called in (the
O'Reilly *Fundamentals of Deep Learning* scaffold ``layer()`` / ``inference()``, many courses'): read at each call
site, the eager program builds one variable per scope under TF1's graph name, so a checkpoint the TF1 program wrote
restores. A second build in a reusing scope (``reuse=True``, ``tf.AUTO_REUSE``, ``scope.reuse_variables()``: train
and test towers, a GAN's discriminator on real and fake input) reads the first build's variables. Run on TF 2.21
against the TF1 baseline."""

from __future__ import annotations

import re

import pytest
from program_checks import assert_session_free_with_baseline_numbers
from session_harness import PROGRAMS, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

FIXTURES = PROGRAMS.parent / "fixtures" / "TFM201"

NAMES = (
    "fdl_multilayer_perceptron",
    "fdl_mlp_checkpoint_resume",
    "fdl_convnet_mnist",
    "tfdocs_variable_scope_towers",
    "carpedm20_dcgan_linear_reuse",
    "aylien_gan_intro_1d_resume",  # in main(): scope.reuse_variables(), w's shape read from its input's static shape
    "tfdocs_reading_data_input_pipeline",  # a queue pipeline built by helpers, read where they are called
)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    return evaluate(load_programs(list(NAMES)), root=tmp_path_factory.mktemp("variable-scopes"))


@pytest.mark.parametrize("name", NAMES)
def test_scoped_helper_programs_come_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)


def test_the_resumed_program_restores_the_tf1_checkpoint(outcomes) -> None:
    outcome = outcomes["fdl_mlp_checkpoint_resume"]
    same, why = outcome.resume_match()
    assert same, why
    assert "restoring" in outcome.migrated_resume.stdout, outcome.migrated_resume.stdout
    text = outcome.migrated_text or ""
    assert "assert_existing_objects_matched()" in text
    # one variable per scope, under the graph name TF1 gave it (mlp_model/hidden_1/W): no name= added
    assert text.count('tf.compat.v1.get_variable("W"') == 3 and len(re.findall(r"\bname=", text)) == 1  # global_step's


def test_the_gan_built_in_main_restores_the_tf1_checkpoint_by_its_scoped_names(outcomes) -> None:
    """The generator's and the discriminator's variables, made by ``linear`` under literal scopes in ``main()``, the
    second discriminator reading the first's: each made once, under TF1's name (G/g0/w, D/d0/w), so the migrated
    program resumes from the checkpoint the TF1 program wrote and prints TF1's resumed numbers."""
    outcome = outcomes["aylien_gan_intro_1d_resume"]
    same, why = outcome.resume_match()
    assert same, why
    assert "restoring" in outcome.migrated_resume.stdout, outcome.migrated_resume.stdout
    text = outcome.migrated_text or ""
    assert text.count('tf.compat.v1.get_variable("w"') == 5 and "name=" not in text, text  # g0, g1, d0, d1, d2
    code = text.split("import os", 1)[1]  # below the header comment
    assert ".get_shape()" not in code and 'get_variable("w", [1, hidden_size]' in code, code  # z's declared dimension
    assert "d_params = [D1_h0_w, D1_h0_b, D1_h1_w, D1_h1_b, D1_w, D1_b]" in text, text  # TF1's 'D/' filter


SCOPED = """\
import numpy as np
import tensorflow as tf


def layer(input, weight_shape, bias_shape):
    W = tf.get_variable("W", weight_shape, initializer=tf.random_normal_initializer())
    b = tf.get_variable("b", bias_shape, initializer=tf.constant_initializer(0.0))
    return tf.nn.relu(tf.matmul(input, W) + b)


def inference(x):
    with tf.variable_scope("hidden_1"):
        hidden_1 = layer(x, [4, 3], [3])
    with tf.variable_scope("output"):
        output = layer(hidden_1, [3, 2], [2])
    return output


x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope("model"):
    output = inference(x)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(output, {x: np.ones([1, 4])}).shape)
"""


def test_a_helper_called_once_per_literal_scope_is_read_at_each_call() -> None:
    result = migrate_source(SCOPED, Options(), "scoped.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    text = result.migrated
    assert "Session" not in text and "def layer" not in text and "def inference" not in text
    assert text.count('with tf.compat.v1.variable_scope("hidden_1"):') == 1
    assert text.count('tf.compat.v1.get_variable("W"') == 2


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            (
                'with tf.variable_scope("model"):\n    output = inference(x)',
                'for i in range(2):\n    with tf.variable_scope("model%d" % i):\n        output = inference(x)',
            ),
            "tf.get_variable in a helper",
            id="scopes entered in a loop",
        ),
        pytest.param(
            ("    print(sess.run(", "    print(layer(x, [4, 2], [2]))\n    print(sess.run("),
            "tf.get_variable in a helper",
            id="helper called where the graph runs",
        ),
    ],
)
def test_scoped_helpers_the_rewrite_cannot_read_once_keep_the_graph_tier(change: tuple[str, str], reason: str) -> None:
    result = migrate_source(SCOPED.replace(*change), Options(), "scoped.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(reasons) == 1 and reason in reasons[0], reasons


GAN = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)


def discriminator(x, reuse=False):
    with tf.variable_scope("discriminator", reuse=reuse):
        w = tf.get_variable("w", [3, 1], initializer=tf.random_normal_initializer(stddev=0.1))
        b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
        return tf.nn.sigmoid(tf.matmul(x, w) + b)


real = tf.placeholder(tf.float32, [None, 3])
fake = tf.placeholder(tf.float32, [None, 3])
D_real = discriminator(real)
D_fake = discriminator(fake, reuse=True)
loss = -tf.reduce_mean(tf.log(D_real) + tf.log(1.0 - D_fake))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        print(sess.run([loss, train], {real: np.ones([2, 3]), fake: np.zeros([2, 3])})[0])
"""


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(("", ""), id="reuse passed as a literal"),
        pytest.param(
            ('"discriminator", reuse=reuse', '"discriminator", reuse=tf.AUTO_REUSE'), id="AUTO_REUSE on both calls"
        ),
        pytest.param(
            (
                'with tf.variable_scope("discriminator", reuse=reuse):',
                'with tf.variable_scope("discriminator") as scope:\n        if reuse:\n            scope.reuse_variables()',
            ),
            id="scope.reuse_variables() under if reuse",
        ),
    ],
)
def test_a_reusing_call_reads_the_first_calls_variables(change: tuple[str, str]) -> None:
    result = migrate_source(GAN.replace(*change), Options(), "gan.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    text = result.migrated
    assert "Session" not in text and "reuse" not in text, text
    assert text.count("tf.compat.v1.get_variable(") == 2, text  # one w and one b, built by the first call
    assert text.count('tf.compat.v1.variable_scope("discriminator")') == 1, text
    assert "tf.matmul(fake, D_real_w) + D_real_b" in text, text  # the second call computes with them


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            ("initializer=tf.random_normal_initializer(stddev=0.1))", "initializer=tf.random_normal([3, 1]))"),
            "`with tf.variable_scope` in a helper",
            id="a reused initializer tensor TF1 still built (an op seed)",
        ),
        pytest.param(
            ("D_fake = discriminator(fake, reuse=True)", "D_fake = discriminator(fake, reuse=False)"),
            "scope 'discriminator' is entered more than once (TF1 named the later entry's name scope `discriminator_1` "
            "(its ops and tf.Variable names)",
            id="a second build that does not reuse",
        ),
    ],
)
def test_sharing_the_rewrite_cannot_read_keeps_the_graph_tier(change: tuple[str, str], reason: str) -> None:
    result = migrate_source(GAN.replace(*change), Options(), "gan.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(reasons) == 1 and reason in reasons[0], reasons


def test_a_restored_optimizer_state_built_under_a_variable_scope_keeps_the_graph_tier() -> None:
    """TF1 named Adam's slots under the scope minimize() ran in (``mlp_model/mlp_model/hidden_1/W/Adam``): a restore
    by names the rewrite does not model would fail, so the program keeps the graph tier."""
    source = (PROGRAMS / "fdl_mlp_checkpoint_resume.py").read_text()
    adam = source.replace("tf.train.GradientDescentOptimizer(learning_rate)", "tf.train.AdamOptimizer(0.01)")
    assert adam != source
    result = migrate_source(adam, Options(), "resume.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(reasons) == 1 and "built under tf.variable_scope('mlp_model')" in reasons[0], reasons


VAE = (FIXTURES / "eager_vae_helpers_shared_initializer_reuse.before.py").read_text()


def test_a_shared_initializer_object_is_written_at_each_variable_it_initializes() -> None:
    """``w_init`` given to four get_variable calls (TF1 drew each with the next op seed): each variable's own
    constructor, seeded as TF1 seeded its draw; the decoder's second build reads the first's variables."""
    result = migrate_source(VAE, Options(), "vae.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    text = result.migrated
    seeds = re.findall(r"random_normal_initializer\(stddev=0\.1, seed=(\d)\)", text)
    assert seeds == ["0", "1", "2", "3"] and "w_init" not in text, text
    assert text.count("tf.compat.v1.get_variable(") == 8, text  # the reusing decoder builds none
    assert 'get_variable("w0", [6, 5]' in text, text  # x's declared dimension


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            (
                'w_init = tf.random_normal_initializer(stddev=0.1)\n        b_init = tf.constant_initializer(0.0)\n        w0 = tf.get_variable("w0", [x.',
                'w_init = tf.random_normal_initializer(stddev=0.1, seed=7)\n        b_init = tf.constant_initializer(0.0)\n        w0 = tf.get_variable("w0", [x.',
            ),
            "is shared by several variables",
            id="a seeded initializer object (one stream eagerly, the same numbers for each variable in TF1)",
        ),
        pytest.param(
            (
                "        params = tf.matmul(h0, wo) + bo\n",
                "        params = tf.matmul(h0, wo) + bo\n        print(w_init)\n",
            ),
            "is shared by several variables",
            id="the object read other than as initializer=",
        ),
    ],
)
def test_an_initializer_object_the_rewrite_cannot_write_at_each_use_keeps_the_graph_tier(
    change: tuple[str, str], reason: str
) -> None:
    changed = VAE.replace(*change)
    assert changed != VAE
    result = migrate_source(changed, Options(), "vae.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(reasons) == 1 and reason in reasons[0], reasons


DCGAN = (FIXTURES / "eager_dcgan_conv_helpers_reuse_branch.before.py").read_text()


def test_a_gan_saving_two_adam_optimizers_keeps_each_under_its_own_key() -> None:
    """DCGAN's two Adam(beta1=0.5) optimizers saved by one Saver: each optimizer's state under its training op's
    name in the eager checkpoint (one ``optimizer=`` keyword twice would not compile)."""
    source = DCGAN.replace("tf.train.GradientDescentOptimizer(0.05)", "tf.train.AdamOptimizer(0.0002, beta1=0.5)")
    source = source.replace("with tf.Session() as sess:", "saver = tf.train.Saver()\nwith tf.Session() as sess:")
    source += '    saver.save(sess, "./dcgan.ckpt")\n'
    result = migrate_source(source, Options(), "dcgan.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    text = result.migrated
    compile(text, "dcgan.py", "exec")
    assert "d_optim_optimizer=optimizer, g_optim_optimizer=adam_optimizer)" in text, text


def test_a_reusing_scope_calling_a_helper_that_names_a_summary_keeps_the_graph_tier() -> None:
    """``lrelu`` read through in the reusing scope names nothing; one that writes a summary would name it again
    under ``discriminator_1``: the scope is not read as its body, and the program keeps the graph tier."""
    source = DCGAN.replace(
        "    return tf.maximum(x, leak * x)", '    tf.summary.histogram("act", x)\n    return tf.maximum(x, leak * x)'
    )
    assert source != DCGAN
    result = migrate_source(source, Options(), "dcgan.py")
    assert "disable_v2_behavior()" in result.migrated
    assert [f for f in result.followups if f.code == "TFM201"]
