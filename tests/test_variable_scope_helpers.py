"""Helpers that make variables with ``tf.get_variable``, one per ``tf.variable_scope`` they are called in (the
O'Reilly *Fundamentals of Deep Learning* scaffold ``layer()`` / ``inference()``, many courses'): read at each call
site, the eager program builds one variable per scope under TF1's graph name, so a checkpoint the TF1 program wrote
restores. Run on TF 2.21 against the TF1 baseline."""

from __future__ import annotations

import re

import pytest
from session_harness import evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

NAMES = ("fdl_multilayer_perceptron", "fdl_mlp_checkpoint_resume")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    return evaluate(load_programs(list(NAMES)), root=tmp_path_factory.mktemp("variable-scopes"))


@pytest.mark.parametrize("name", NAMES)
def test_scoped_helper_programs_come_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert outcome.baseline.ok, outcome.baseline.stderr[-2000:]
    assert outcome.session_free, outcome.migrated_text
    assert outcome.runs, outcome.migrated.stderr[-2000:] if outcome.migrated else None
    same, why = outcome.numbers_match()
    assert same, (
        f"{why}\n{outcome.migrated_text}\nbaseline:\n{outcome.baseline.stdout}\nmigrated:\n{outcome.migrated.stdout}"
    )


def test_the_resumed_program_restores_the_tf1_checkpoint(outcomes) -> None:
    outcome = outcomes["fdl_mlp_checkpoint_resume"]
    same, why = outcome.resume_match()
    assert same, why
    assert "restoring" in outcome.migrated_resume.stdout, outcome.migrated_resume.stdout
    text = outcome.migrated_text or ""
    assert "assert_existing_objects_matched()" in text
    # one variable per scope, under the graph name TF1 gave it (mlp_model/hidden_1/W): no name= added
    assert text.count('tf.compat.v1.get_variable("W"') == 3 and len(re.findall(r"\bname=", text)) == 1  # global_step's


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
