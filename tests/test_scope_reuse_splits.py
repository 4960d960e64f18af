"""A discriminator helper that shares its variables through ``if reuse: tf.get_variable_scope().reuse_variables()``,
called twice inside one ``with tf.variable_scope(...)`` (mystic123's GAN, held-out set 29, issue 16): read at its
calls, the rest of the block after the reuse call is entered with ``reuse=True`` (reuse_splits.py), the second call
builds no variable, and the program runs session-free with the baseline's numbers on TF 2.21 and restores the TF1
program's checkpoint by its names (``discriminator/d_dense_1/kernel``). A block whose rest would be named otherwise
re-entered (a ``tf.Variable``: TF1 named it ``d/v_1``, re-entered it would be ``d_1/v``; an unnamed layer) keeps the
graph tier."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, restored_from_the_tf1_checkpoint
from session_harness import PROGRAMS, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

NAME = "tfmigrate_gan_discriminator_reuse_split_resume"
SOURCE = (PROGRAMS / f"{NAME}.py").read_text()


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    return evaluate(load_programs([NAME]), root=tmp_path_factory.mktemp("scope-reuse-splits"))[NAME]


def test_the_gan_comes_out_session_free_with_the_baseline_numbers(outcome) -> None:
    assert_session_free_with_baseline_numbers(outcome)


def test_the_gan_restores_the_tf1_checkpoint_with_one_discriminator(outcome) -> None:
    text = restored_from_the_tf1_checkpoint(outcome).split("import os", 1)[1]  # the code, not the header
    assert "reuse_variables" not in text and "def get_discriminator" not in text, text
    for name in ("d_dense_1", "d_dense_2"):  # one layer object each, called on the real and the generated batch
        assert text.count(f"name='{name}'") == 1, text
    assert text.count('variable_scope("discriminator", reuse=True)') == 1, text


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            ('name="d_dense_2")', 'name="d_dense_2") * tf.Variable(1.0)'),
            "block runs `tf.Variable(1.0)`, named where it is built",
            id="a tf.Variable after the reuse call (TF1 named it discriminator/Variable_1)",
        ),
        pytest.param(
            ('net = tf.layers.dense(net, 1, name="d_dense_2")', "net = tf.layers.dense(net, 1)"),
            "block runs `tf.layers.dense(fake_logits, 1)`, named where it is built",
            id="an unnamed layer after the reuse call",
        ),
    ],
)
def test_a_rest_named_otherwise_when_reentered_keeps_the_graph_tier(change: tuple[str, str], reason: str) -> None:
    source = SOURCE.replace(*change)
    assert source != SOURCE
    result = migrate_source(source, Options(), "gan.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(reasons) == 1 and reason in reasons[0], reasons


def test_another_objects_reuse_variables_is_not_read_as_the_scopes() -> None:
    """Only ``tf.get_variable_scope().reuse_variables()`` flags the block's scope; a call on another object's result
    (here a helper's) is not read as it, so the block is not split."""
    source = SOURCE.replace(
        "        tf.get_variable_scope().reuse_variables()", "        other_scope().reuse_variables()"
    ).replace(
        "def get_discriminator(", "def other_scope():\n    return tf.get_variable_scope()\n\n\ndef get_discriminator("
    )
    assert source.count("other_scope") == 2
    result = migrate_source(source, Options(), "gan.py")
    assert "reuse=True" not in result.migrated, result.migrated
    assert "read as the rest of the block entered with reuse=True" not in str(result.followups)


def test_a_lambda_after_the_reuse_call_is_said_to_be_defined_not_built() -> None:
    """A lambda builds nothing named where it is written: the reason says the rest defines it, whose calls are not
    read, not that it is named where it is built."""
    source = SOURCE.replace(
        "    fake_logits, fake_cls = get_discriminator(generated, True)",
        "    tf.get_variable_scope().reuse_variables()\n"
        "    squash = lambda t: t\n"
        "    fake_logits, fake_cls = get_discriminator(squash(generated))",
    )  # the reuse call in the module-level block itself
    assert source != SOURCE
    result = migrate_source(source, Options(), "gan.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(reasons) == 1 and "block defines `lambda t: t`, whose calls are not read" in reasons[0]
    assert "named where it is built" not in reasons[0], reasons


def test_an_unnamed_dropout_after_the_reuse_call_is_split() -> None:
    """tf.layers.dropout holds no variable: unnamed after the reuse call, it names nothing a checkpoint or a summary
    reads, so the block is still read as the rest entered reusing (an unnamed dense still is not: above)."""
    source = SOURCE.replace(
        '    net = tf.layers.dense(net, 1, name="d_dense_2")',
        '    net = tf.layers.dropout(net, 0.0)\n    net = tf.layers.dense(net, 1, name="d_dense_2")',
    )
    assert source != SOURCE
    result = migrate_source(source, Options(), "gan.py")
    assert 'variable_scope("discriminator", reuse=True)' in result.migrated, result.migrated
    assert "named where it is built" not in str(result.followups)
