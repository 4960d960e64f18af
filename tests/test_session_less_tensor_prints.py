"""A Session-less TF1 program that prints a graph tensor keeps graph mode (held-out set 18, harm 1), run on TF 2.21.

A model-definition file whose smoke test builds a network over ``tf.random_normal`` and prints the prediction
tensor: TF1 printed ``Tensor("Softmax:0", shape=(2, 4), dtype=float32)``; migrated, it ran eagerly and printed the
values. The print is one of TFM102's weaker sites (_graph_semantics), counted only in TF1 code (a name TF2 has only
under tf.compat.v1) with no eager idiom, no graph of its own and nothing that runs a graph: the program keeps TF1's
behaviour and prints TF1's text. TF2 code printing tensors (only TF2 names, or ``.numpy()``,
``tf.executing_eagerly()``, ``tf.function``, a Keras model) comes out byte-identical.
"""

from __future__ import annotations

import textwrap

import pytest
from program_checks import run_in_a_shared_child

from tfmigrate import Options, migrate_source

SWITCH = "tf.compat.v1.disable_v2_behavior()"
BUILD = textwrap.dedent(
    """
    import tensorflow as tf


    def build(inputs):
        with tf.variable_scope("block"):
            net = tf.layers.dense(inputs, 4, activation=tf.nn.relu, name="fc1")
        return tf.nn.softmax(net)


    inputs = tf.random_normal([2, 3])
    """
).lstrip()
TF1_PRINTS = {
    "print-of-a-helper-result": "out = build(inputs)\nprint(out)\n",
    "print-of-an-op": "print(tf.reduce_sum(build(inputs)) + 1.0)\n",
    "format": 'out = build(inputs)\nprint("prediction: {}".format(out))\n',
    "f-string": 'out = build(inputs)\nprint(f"prediction: {out}")\n',
}


@pytest.mark.parametrize("name", sorted(TF1_PRINTS))
def test_a_printed_graph_tensor_keeps_tf1_text(name: str, tmp_path) -> None:
    program = BUILD + TF1_PRINTS[name]
    result = migrate_source(program, Options(), "smoke.py")
    assert result.migrated is not None and SWITCH in result.migrated, result.migrated
    assert [f for f in result.followups if f.code == "TFM102" and "no Session" in f.message]
    assert any("graph tensor" in c.message for c in result.changes), [c.message for c in result.changes]
    baseline = program.replace(
        "import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"
    )
    expected = run_in_a_shared_child(baseline, tmp_path / "baseline", graph=True, legacy_keras=True)
    assert 'Tensor("' in expected and "dtype=float32)" in expected, expected
    # The graph child is in graph mode before the program starts: the switch must come before anything is built
    # for the program to run so in a process of its own.
    assert result.migrated.index(SWITCH) < result.migrated.index("\ninputs = "), result.migrated
    assert run_in_a_shared_child(result.migrated, tmp_path / "migrated", graph=True) == expected


TF2_PRINTS = {
    "only-tf2-names": "a = tf.constant([[1.0, 2.0], [3.0, 4.0]])\nb = tf.nn.softmax(tf.matmul(a, a))\nprint(b)\n",
    "numpy": "w = tf.compat.v1.get_variable('w', [2])\nprint(w + 1.0)\nprint((w + 1.0).numpy())\n",
    "executing-eagerly": "w = tf.compat.v1.get_variable('w', [2])\nprint(tf.executing_eagerly(), w * 2.0)\n",
    "tf-function": (
        "w = tf.compat.v1.get_variable('w', [2])\n\n\n@tf.function\ndef f(x):\n    return x * w\n\n\n"
        "y = tf.add(w, 1.0)\nprint(y)\n"
    ),
    "keras-model": (
        "w = tf.compat.v1.get_variable('w', [2])\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
        "y = tf.add(w, 1.0)\nprint(y)\n"
    ),
}


@pytest.mark.parametrize("name", sorted(TF2_PRINTS))
def test_tf2_code_printing_tensors_is_left_as_it_is(name: str) -> None:
    source = "import tensorflow as tf\n\n" + TF2_PRINTS[name]
    result = migrate_source(source, Options(), "eager.py")
    assert result.migrated in (None, source), result.migrated
    assert not result.changes and not result.followups, result


def test_a_printed_host_value_is_no_site() -> None:
    source = BUILD + "out = build(inputs)\nsizes = [2, 3]\nprint(sizes, len(sizes))\n"
    result = migrate_source(source, Options(), "smoke.py")
    assert result.migrated is not None and SWITCH not in result.migrated
