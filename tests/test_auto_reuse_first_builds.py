"""``tf.variable_scope(name, reuse=tf.AUTO_REUSE)`` in helpers that build their ``tf.get_variable`` weights once
(mingukkang's VAE, held-out set 28, issue 16: the flag is there so that test() can build the model again): read at
the calls, each scope's variables are all built there first, so the flag shares nothing and is dropped
(variable_sharing.py); the program runs session-free with the baseline's numbers on TF 2.21 and restores the TF1
program's checkpoint by its names (``encoder_hidden_1/w1``). A scope whose flag a layer reads as well (AUTO_REUSE
would share a layer built before under its name) keeps the graph tier."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, restored_from_the_tf1_checkpoint
from session_harness import PROGRAMS, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

NAME = "tfmigrate_vae_auto_reuse_helpers_resume"
SOURCE = (PROGRAMS / f"{NAME}.py").read_text()


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    return evaluate(load_programs([NAME]), root=tmp_path_factory.mktemp("auto-reuse-first-builds"))[NAME]


def test_the_vae_comes_out_session_free_with_the_baseline_numbers(outcome) -> None:
    assert_session_free_with_baseline_numbers(outcome)


def test_the_vae_restores_the_tf1_checkpoint_by_its_scoped_names(outcome) -> None:
    text = restored_from_the_tf1_checkpoint(outcome).split("import os", 1)[1]  # the code, not the header
    assert "AUTO_REUSE" not in text and "reuse" not in text, text
    for scope in ("encoder_hidden_1", "encoder_z", "decoder_hidden_1", "decoder_output"):
        assert text.count(f'variable_scope("{scope}")') == 1, text


def test_a_scope_whose_flag_a_layer_reads_keeps_the_graph_tier() -> None:
    source = SOURCE.replace(
        "    return tf.nn.sigmoid(tf.matmul(h3, w4) + b4)",
        '        skip = tf.layers.dense(h3, n_out, name="skip")\n    return tf.nn.sigmoid(tf.matmul(h3, w4) + b4 + skip)',
    )
    assert source != SOURCE
    result = migrate_source(source, Options(), "vae.py")
    reasons = [f.message for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated
    assert len(reasons) == 1 and "(reuse, initializers) (line 39)" in reasons[0], reasons
