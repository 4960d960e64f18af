"""API-version feature tests (held-out set 17, r9): TFM101 stays silent on a TF name TF 2.21 lacks where the code
tests for it first or falls back to it on AttributeError, and still reports it everywhere else."""

from __future__ import annotations

import pytest

from tfmigrate import engine
from tfmigrate.ftypes import Options

FALLBACKS = """import tensorflow as tf

if "concat_v2" in dir(tf):
    def concat(tensors, axis):
        return tf.concat_v2(tensors, axis)
else:
    def concat(tensors, axis):
        return tf.concat(tensors, axis)
if not hasattr(tf.nn, "rnn"):
    run = tf.nn.dynamic_rnn
else:
    run = tf.nn.rnn


def deconv(x, w, shape):
    try:
        return tf.nn.conv2d_transpose(x, w, output_shape=shape, strides=[1, 2, 2, 1])
    except (ValueError, AttributeError):
        return tf.nn.deconv2d(x, w, output_shape=shape, strides=[1, 2, 2, 1])
"""
# Each name outside the test for it: still reported (the tried name of a try, a name another feature test guards).
REPORTED = """import tensorflow as tf

try:
    op = tf.nn.deconv2d
except AttributeError:
    op = tf.nn.conv2d_transpose
if "concat_v2" in dir(tf):
    y = tf.nn.rnn
else:
    y = tf.concat_v2
"""


def followups(text: str, edits: bool, monkeypatch) -> list[str]:
    monkeypatch.setattr(engine, "EDITS", edits)
    return [f"{f.line}: {f.message}" for f in engine.migrate_text(text, Options(), "case.py").followups]


@pytest.mark.parametrize("edits", [True, False])
def test_names_behind_a_feature_test_are_not_reported(edits: bool, monkeypatch) -> None:
    assert not [f for f in followups(FALLBACKS, edits, monkeypatch) if "exists in neither" in f]


@pytest.mark.parametrize("edits", [True, False])
def test_names_outside_their_feature_test_are_reported(edits: bool, monkeypatch) -> None:
    found = [f for f in followups(REPORTED, edits, monkeypatch) if "exists in neither" in f]
    assert [f.split(" exists")[0] for f in found] == [
        "4: tf.nn.deconv2d",
        "8: tf.nn.rnn",
        "10: tf.concat_v2",
    ]
