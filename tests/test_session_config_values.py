"""A Session's ConfigProto option given as a value read when the program runs (session/devices.py).

``log_device_placement=True`` makes TF1 print each graph op's device to stdout, which the eager program cannot
print alike, and a ``/gpu:0`` pin runs only where ``allow_soft_placement=True`` lets TF1 fall back as eager TF2
does. Only a literal ``True`` was read: ``log_device_placement=FLAGS.log_placement`` (or ``**options``) went
eager although it may be True when the program runs, and ``allow_soft_placement=soft`` was refused as "no Session
configured with allow_soft_placement=True". Both keep the graph tier now, saying which value decides.
"""

from __future__ import annotations

import pytest
from program_checks import eager, reasons

PROGRAM = """\
import tensorflow as tf

OPTIONS = {{"log_device_placement": True}}
soft = True
log_placement = True
{config}
with tf.device("{device}"):
    W = tf.Variable(tf.ones([2, 2]))
    y = tf.matmul(W, W)
with tf.Session(config={arg}) as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y))
"""


@pytest.mark.parametrize(
    ("config", "arg", "why"),
    [
        pytest.param(
            "",
            "tf.ConfigProto(log_device_placement=log_placement)",
            "configured with log_device_placement=log_placement, so log_device_placement may be True when it runs",
            id="log placement from a name",
        ),
        pytest.param(
            "",
            "tf.ConfigProto(**OPTIONS)",
            "configured with tf.ConfigProto(**OPTIONS), so log_device_placement may be True when it runs",
            id="options unpacked",
        ),
        pytest.param(
            "config = tf.ConfigProto(log_device_placement=log_placement)",
            "config",
            "configured with log_device_placement=log_placement, so log_device_placement may be True when it runs",
            id="a config bound to a name",
        ),
    ],
)
def test_a_log_placement_read_when_the_program_runs_keeps_the_graph_tier(config: str, arg: str, why: str) -> None:
    (reason,) = reasons(PROGRAM.format(config=config, device="/cpu:0", arg=arg))
    assert why in reason, reason


@pytest.mark.parametrize(
    ("arg", "why"),
    [
        pytest.param(
            "tf.ConfigProto(allow_soft_placement=soft)",
            "tf.device('/gpu:0') with a Session configured with allow_soft_placement=soft, not a literal",
            id="soft placement from a name",
        ),
        pytest.param(
            "make_config()",
            "tf.device('/gpu:0') with a Session configured with config=make_config(), which this module does not build",
            id="a config this module does not build",
        ),
    ],
)
def test_a_pin_whose_soft_placement_is_not_a_literal_names_that_value(arg: str, why: str) -> None:
    config = "def make_config():\n    return tf.ConfigProto(allow_soft_placement=True)"
    (reason,) = reasons(PROGRAM.format(config=config, device="/gpu:0", arg=arg))
    assert why in reason, reason


def test_literal_settings_still_run_eagerly() -> None:
    arg = "tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)"
    migrated = eager(PROGRAM.format(config="", device="/gpu:0", arg=arg))
    assert 'device("/gpu:0"):' in migrated and "Session" not in migrated, migrated
