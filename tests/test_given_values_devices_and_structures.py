"""Four shapes held-out set 9 kept in the graph tier with reasons that were false or half-true:

- ``tf.get_variable("W", initializer=tf.zeros([784, 10]))`` in a seeded program: a given initial value (a tensor,
  a numpy array, a fixed initializer) draws nothing, so no op seed is taken (seeds.py);
- ``with tf.device('/cpu:0'):`` around the graph definitions, Session configs (devices.py): kept around the eager
  code; a pin to another device only where every Session places softly, since TF1 fails on a missing device
  otherwise (run here on TF 2.21 without a GPU);
- host queries (``tf.test.is_built_with_cuda()``, ``tf.test.is_gpu_available()``, ``tf.config.list_physical_devices``)
  are no graph ops; ``sess.list_devices()`` keeps the graph tier with a reason that says what differs;
- ``sess.run({"k1": MyData(x, y), "k2": [y, x]})``: namedtuples in a fetched structure (fetch_structures.py).

Each program runs as the TF1 baseline (``compat.v1`` + ``disable_v2_behavior``) and migrated, on real TensorFlow.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from program_checks import reasons
from session_harness import Program, evaluate, load_programs
from timeouts import limit

PROGRAMS = ["reasons_seeded_get_variable_values", "reasons_device_pinned_regression", "reasons_namedtuple_fetches"]

GPU_PIN = """\
import tensorflow as tf

with tf.device('/gpu:0'):
    a = tf.constant([1.0, 2.0])
    v = tf.Variable(tf.zeros([2]))
    b = a * 2.0 + v
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(b))
"""

CPU_PIN = GPU_PIN.replace("'/gpu:0'", "'/cpu:0'")

NAMED_RECORD = """\
from typing import NamedTuple

import tensorflow as tf


class Stats(NamedTuple):
    mean: tf.Tensor
    total: tf.Tensor


x = tf.placeholder(tf.float32, [None])
mean = tf.reduce_mean(x)
total = tf.reduce_sum(x)
with tf.Session() as sess:
    print(sess.run(Stats(mean, total), feed_dict={x: [1.0, 2.0, 4.5]}))
    print(sess.run({"stats": Stats(mean=mean, total=total), "n": [mean]}, feed_dict={x: [3.0]}))
"""

SEEDED_VALUES = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(7)
init_w = np.linspace(-1.0, 1.0, 8).reshape(4, 2).astype(np.float32)
a = tf.get_variable("a", initializer=tf.zeros([4, 2]))
k = tf.constant([[1.0, 2.0]])
b = tf.get_variable("b", initializer=init_w)
c = tf.get_variable("c", [2], initializer=tf.zeros_initializer)
e = tf.get_variable("e", initializer=tf.constant(init_w) * 2.0)
f = tf.get_variable("f", initializer=k)
g = tf.get_variable("g", [4, 2], initializer=tf.random_normal_initializer(stddev=0.1))
u = tf.get_variable("u", [2, 2])
out = tf.matmul(tf.matmul(tf.ones([3, 4]), a + b + e + g) + c + f, u)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(out))
    print(sess.run(g))
"""


PLACEMENT_LOG = CPU_PIN.replace("tf.Session()", "tf.Session(config=tf.ConfigProto(log_device_placement=True))")


FIXED_ALIASES = """\
import tensorflow as tf

tf.set_random_seed(3)
a = tf.get_variable("a", [2, 2], initializer=tf.initializers.zeros())
b = tf.get_variable("b", [2], initializer=tf.initializers.constant(0.1))
c = tf.get_variable("c", [2], initializer=tf.ones_initializer)
d = tf.get_variable("d", [2, 2])
out = tf.matmul(a + d, tf.ones([2, 2])) + b + c
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(out))
"""


def _meta(random: str) -> dict:
    return {"random": random, "source": "tfmigrate", "licence": "-"}


@pytest.fixture(scope="module")
def outcomes():
    programs = [
        *load_programs(PROGRAMS),
        Program("gpu_pin", GPU_PIN, _meta("none")),
        Program("named_record", NAMED_RECORD, _meta("none")),
        Program("seeded_values", SEEDED_VALUES, _meta("seeded")),
        Program("fixed_aliases", FIXED_ALIASES, _meta("seeded")),
    ]
    return evaluate(programs)


@pytest.mark.parametrize("name", [*PROGRAMS, "named_record", "seeded_values", "fixed_aliases"])
def test_the_program_runs_eagerly_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert outcome.baseline.ok, outcome.baseline.stderr[-2000:]
    assert outcome.session_free, (outcome.leftovers, [f.message for f in outcome.migration.followups])
    assert outcome.migrated is not None and outcome.migrated.ok, outcome.migrated.stderr[-2000:]
    same, why = outcome.numbers_match()
    assert same, (why, outcome.baseline.stdout, outcome.migrated.stdout)


def test_given_values_take_no_op_seed_and_the_drawing_ones_keep_theirs(outcomes) -> None:
    text = outcomes["seeded_values"].migrated_text
    assert "initializer=tf.zeros([4, 2]))" in text, text
    assert "random_normal_initializer(stddev=0.1, seed=0)" in text, text
    assert "glorot_uniform_initializer(seed=1)" in text, text


def test_the_device_blocks_stay_around_the_eager_code(outcomes) -> None:
    text = outcomes["reasons_device_pinned_regression"].migrated_text
    assert "device('/cpu:0'):\n    W = tf.Variable(0.3" in text, text
    assert "device('/gpu:0'):" in text, text
    assert "tf.test.is_built_with_cuda()" in text, text
    assert "Built with CUDA: False" in outcomes["reasons_device_pinned_regression"].migrated.stdout


def test_namedtuples_keep_their_class_in_the_fetched_values(outcomes) -> None:
    outcome = outcomes["reasons_namedtuple_fetches"]
    assert "'both': Couple(left=array([4, 8], dtype=int32)" in outcome.baseline.stdout
    assert "'both': Couple(left=array([4, 8], dtype=int32)" in outcome.migrated.stdout
    assert "Stats(mean=np.float32(2.5), total=np.float32(7.5))" in outcomes["named_record"].migrated.stdout


def test_a_gpu_pin_without_soft_placement_fails_in_tf1_here_and_keeps_the_graph_tier(outcomes) -> None:
    outcome = outcomes["gpu_pin"]
    assert not outcome.baseline.ok and "Cannot assign a device" in outcome.baseline.stderr, outcome.baseline.stderr
    assert not outcome.session_free
    assert any(
        "with no Session configured with allow_soft_placement=True" in f.message for f in outcome.migration.followups
    )


def test_a_placement_log_is_program_output_and_keeps_the_graph_tier() -> None:
    """TF1 writes the list to the process's stdout from C++ (the harness captures Python's sys.stdout only): the
    baseline runs as a process of its own here."""
    baseline = Program("placement_log", PLACEMENT_LOG, _meta("none")).baseline_source
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    run = subprocess.run(
        [sys.executable, "-c", baseline], capture_output=True, text=True, env=env, timeout=limit(300), check=True
    )
    assert "(Mul): /job:localhost/replica:0/task:0/device:CPU:0" in run.stdout, run.stdout
    assert run.stdout.rstrip().endswith("[2. 4.]"), run.stdout
    messages = reasons(PLACEMENT_LOG)
    assert any("configured with log_device_placement=True" in m for m in messages), messages


def test_a_placement_log_set_on_the_config_object_is_named() -> None:
    source = CPU_PIN.replace(
        "with tf.Session() as sess:",
        "config = tf.ConfigProto()\nconfig.log_device_placement = True\nwith tf.Session(config=config) as sess:",
    )
    messages = reasons(source)
    assert any("configured with log_device_placement=True" in m for m in messages), messages
    allowed = source.replace("config.log_device_placement = True", "config.gpu_options.allow_growth = True")
    assert not reasons(allowed)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            ("with tf.device('/cpu:0'):", "with tf.device(lambda op: '/cpu:0'):"),
            "tf.device with other than one literal device name",
            id="device-function",
        ),
        pytest.param(
            ("with tf.device('/cpu:0'):", "with tf.device('/job:worker/task:1/cpu:0'):"),
            "tf.device('/job:worker/task:1/cpu:0') with no Session configured with allow_soft_placement=True",
            id="remote-cpu",
        ),
        pytest.param(
            ("    print(sess.run(b))", "    print(sess.list_devices())\n    print(sess.run(b))"),
            "`sess.list_devices()` lists the Session's devices",
            id="list-devices",
        ),
        pytest.param(
            ("    print(sess.run(b))", "    print(sess.run({'b': b, 'r': tf.random_normal([2])}))"),
            "fetches `tf.random_normal([2])` in a structure",
            id="inline-op-in-structure",
        ),
    ],
)
def test_what_stays_in_the_graph_tier_says_why(change, reason: str) -> None:
    messages = reasons(CPU_PIN.replace(*change))
    assert any(reason in message for message in messages), messages


def test_a_random_leaf_in_a_structure_is_named() -> None:
    source = CPU_PIN.replace("    b = a * 2.0 + v", "    b = a * 2.0 + v\n    r = tf.random_normal([2])")
    messages = reasons(source.replace("print(sess.run(b))", "print(sess.run({'b': b, 'r': [r]}))"))
    assert any("fetches the random tensor `r` inside a structure" in m for m in messages), messages


def test_a_seeded_initializer_object_tfmigrate_did_not_check_keeps_its_reason() -> None:
    source = SEEDED_VALUES.replace("initializer=tf.zeros([4, 2])", "initializer=tf.keras.initializers.Orthogonal()")
    messages = reasons(source)
    assert any("tf.get_variable's initializer is not one whose seed tfmigrate checked" in m for m in messages), messages
