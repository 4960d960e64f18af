"""tests/conftest.py's guard: a test that leaves TensorFlow's TF2 switches off in its pytest-xdist worker fails
itself and the worker is switched back, instead of the worker's later tests failing by their order."""

from __future__ import annotations

import tensorflow as tf
from conftest import switch_tf2_back_on, tf2_switches_off


def test_every_switch_disable_v2_behavior_turns_off_is_seen_and_switched_back_on() -> None:
    assert tf2_switches_off() == []
    tf.compat.v1.disable_v2_behavior()
    try:
        assert not tf.executing_eagerly() and tf.constant(1.0).graph is not None
        assert tf2_switches_off() == [
            "executing_eagerly",
            "v2_behavior",
            "resource_variables",
            "control_flow_v2",
            "tensor_equality",
        ]
    finally:
        switch_tf2_back_on()
    assert tf2_switches_off() == []
    assert float(tf.constant(2.0) + 1) == 3.0 and tf.Variable(1.0).numpy() == 1.0


def test_eager_execution_switched_off_alone_is_seen() -> None:
    tf.compat.v1.disable_eager_execution()
    try:
        assert tf2_switches_off() == ["executing_eagerly"]
    finally:
        switch_tf2_back_on()
    assert tf2_switches_off() == []
