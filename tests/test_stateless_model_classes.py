"""A stateless "model definition" class constructed once (held-out 27, ct_model_manager: ``model = Perceptron()``
in a manager's ``with tf.Session()`` block, then ``model.infer(x)``, ``model.cost(...)``; namespace_classes.py): its
methods read as plain functions of their arguments, and tf.layers built inside a Session, device or graph block
named as at module level (layers.py). Run as the TF1 baseline and migrated on TF 2.21: session-free with the
baseline's numbers, the TF1 checkpoint restored by its graph names. What is not so keeps the graph tier with a true
reason: a method reading ``self``, a call in a loop not unrolled, a layer under a variable scope in a Session block."""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import (
    assert_session_free_with_baseline_numbers,
    evaluate_sources,
    reasons,
    restored_from_the_tf1_checkpoint,
)
from session_harness import evaluate, load_programs

PROGRAM = "tfmigrate_stateless_model_class"
SESSION_BLOCK = """\
import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
rng = np.random.RandomState(1)
features = rng.rand(16, 4).astype(np.float32)
targets = rng.rand(16, 3).astype(np.float32)
with tf.Session() as session:
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.placeholder(tf.float32, [None, 3])
    hidden = tf.layers.dense(x, 5, activation=tf.nn.tanh, name="predict")
    out = tf.layers.dense(hidden, 3)
    loss = tf.reduce_mean(tf.square(out - y))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    session.run(tf.global_variables_initializer())
    saver = tf.train.Saver()
    checkpoint = tf.train.get_checkpoint_state("net")
    if checkpoint and checkpoint.model_checkpoint_path:
        print("restoring")
        saver.restore(session, checkpoint.model_checkpoint_path)
    for i in range(3):
        _, value = session.run([step, loss], {x: features, y: targets})
        print(i, value)
    if not os.path.exists("net"):
        os.makedirs("net")
    saver.save(session, os.path.join("net", "model"))
"""
LAYERS = (
    '    hidden = tf.layers.dense(x, 5, activation=tf.nn.tanh, name="predict")\n    out = tf.layers.dense(hidden, 3)\n'
)
SESSION = "with tf.Session() as session:\n"


def _indented_from(source: str, line: str, opening: str) -> str:
    """``source`` with everything from ``line`` on indented under ``opening``."""
    head, _, tail = source.partition(line)
    return head + opening + "".join(f"    {t}" if t else t for t in (line + tail).splitlines(keepends=True))


IN_DEVICE = _indented_from(SESSION_BLOCK, SESSION, 'with tf.device("/cpu:0"):\n')
IN_GRAPH = _indented_from(
    SESSION_BLOCK.replace("tf.set_random_seed(3)\n", ""), SESSION, "with tf.Graph().as_default():\n"
).replace("with tf.Graph().as_default():\n", "with tf.Graph().as_default():\n    tf.set_random_seed(3)\n")
TWICE = (
    (Path(__file__).parent / "programs" / f"{PROGRAM}.py")
    .read_text()
    .replace(', name="hidden"', "")
    .replace(
        "            inference = model.infer(inputs)\n",
        "            inference = model.infer(inputs)\n            again = model.infer(inputs)\n",
    )
)
META = {"random": "seeded", "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-", "legacy_keras": True}
SOURCES = {"session_block": SESSION_BLOCK, "device_block": IN_DEVICE, "graph_block": IN_GRAPH, "called_twice": TWICE}


@pytest.fixture(scope="module")
def outcomes():
    found = evaluate_sources(SOURCES, META, resuming=frozenset(SOURCES))
    return {**found, **evaluate(load_programs([PROGRAM]))}


@pytest.mark.parametrize("name", [PROGRAM, *SOURCES])
def test_it_runs_eagerly_on_the_baselines_numbers_and_restores_the_tf1_checkpoint(outcomes, name) -> None:
    outcome = outcomes[name]
    assert_session_free_with_baseline_numbers(outcome)
    text = restored_from_the_tf1_checkpoint(outcome)
    assert "name='predict'" in text or 'name="predict"' in text or name in (PROGRAM, "called_twice"), text


def test_the_stateless_class_keeps_the_methods_it_calls_as_static_methods(outcomes) -> None:
    """``cost`` and ``evaluate`` stay in the class, read without ``self`` (an instance's call is the same call);
    ``infer`` and ``optimize``, read at their calls, leave it; the interface stays as written."""
    text = outcomes[PROGRAM].migrated_text or ""
    assert text.count("@staticmethod") == 2 and "TwoLayerNet.cost(" in text and "TwoLayerNet.evaluate(" in text, text
    assert "def infer(self, inputs):\n        raise NotImplementedError()" in text, text
    assert "Manager().train()" in text and "model = TwoLayerNet()" not in text, text


def test_the_second_call_makes_the_second_layers(outcomes) -> None:
    """``model.infer`` called twice: TF1 built dense_2 and dense_3 at the second call, so does the rewrite."""
    text = outcomes["called_twice"].migrated_text or ""
    assert "name='dense_3'" in text or 'name="dense_3"' in text, text


PROGRAM_SOURCE = (Path(__file__).parent / "programs" / f"{PROGRAM}.py").read_text()
REFUSED = {  # the source, and why it keeps the graph tier
    "class `TwoLayerNet` builds graph ops outside a constructor: method `infer`; it makes variables": (
        PROGRAM_SOURCE.replace("        hidden = tf.layers.dense(", "        self.hidden = hidden = tf.layers.dense(")
    ),
    "the call on line 56 is in a `for` loop that tfmigrate does not unroll": PROGRAM_SOURCE.replace(
        ', name="hidden"', ""
    ).replace(
        "            inference = model.infer(inputs)\n",
        "            inference = model.infer(inputs)\n"
        "            for _ in range(len(self.labels) // 12):\n                again = model.infer(inputs)\n",
    ),
    "a tf.layers layer inside a `with` block (TF1 and Keras name its variables differently there)": (
        SESSION_BLOCK.replace(
            LAYERS, '    with tf.variable_scope("net"):\n' + "".join(f"    {line}\n" for line in LAYERS.splitlines())
        )
    ),
}


@pytest.mark.parametrize("reason", list(REFUSED))
def test_what_is_not_shown_equal_keeps_the_graph_tier(reason) -> None:
    found = reasons(REFUSED[reason])
    assert len(found) == 1 and reason in found[0], found
