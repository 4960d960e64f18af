"""A layer helper's variables sized by a static dimension of its input (helper_dimensions.py): each spelling of the
read TF1 programs use runs eagerly and prints the TF1 program's numbers on TF 2.21; what the trace cannot give as
TF1 did keeps the graph tier with its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from program_checks import run_in_a_shared_child, run_script_in_a_shared_child
from test_eager_rewrite import GRAPH_ONLY, _numbers
from tf1_baselines import RUNNER

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

PROGRAM = """import numpy as np
import tensorflow as tf


def dense(x, size):
    h = tf.concat([x, x * x], 1)
    dim = {read}
    w = tf.Variable(tf.random_normal([dim, size], stddev=0.5))
    b = tf.Variable(tf.zeros([size]))
    y = tf.matmul({input}, w) + b
    return tf.reshape(y, [-1, size])


tf.set_random_seed(1)
xs = tf.placeholder(tf.float32, [None, 3])
ys = tf.placeholder(tf.float32, [None, 2])
out = dense(xs, 2)
loss = tf.reduce_mean(tf.square(out - ys))
train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
a = np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3)
t = np.stack([a.sum(1), a[:, 0]], 1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(4):
        print(i, sess.run([loss, train], {{xs: a, ys: t}})[0])
"""
READS = {
    "value": "h.shape[1].value",
    "int": "int(h.get_shape()[-1])",
    "as_list": "h.get_shape().as_list()[-1]",
}


def _program(read: str, computed: bool) -> str:
    """The helper reads the dimension for its variables, and for its computation too when ``computed``."""
    return PROGRAM.format(read=read, input="tf.reshape(h, [-1, dim])" if computed else "h")


@pytest.mark.parametrize("computed", [False, True], ids=["variables only", "computation too"])
def test_static_dimension_sizing_helper_variables_runs_eagerly_with_tf1s_numbers(tmp_path, computed) -> None:
    """``h.shape[1].value``, ``int(h.get_shape()[-1])``, ``h.get_shape().as_list()[-1]`` of a value the helper
    computed: the call site traces the statements before the read on the placeholder's declared spec, the creation
    function takes the int, and the computation keeps the read as TF2 spells it (no ``.value``)."""
    originals, migrated = [], []
    for name, read in READS.items():
        source = _program(read, computed)
        result = migrate_source(source, Options(), f"{name}.py")
        text = result.migrated or ""
        assert not [f for f in result.followups if f.code == "TFM201"], result.followups
        assert not [marker for marker in GRAPH_ONLY if marker in text], text
        assert "def dense_dimensions(x):" in text and "dense_variables(out_dim, 2" in text, text
        assert ".value" not in text and ("    dim = " in text.split("def dense(")[1].split("\n\n")[0]) == computed, text
        (tmp_path / f"{name}.py").write_text(source)
        (tmp_path / f"m_{name}.py").write_text(text)
        originals.append(tmp_path / f"{name}.py")
        migrated.append(tmp_path / f"m_{name}.py")
    tf1 = run_script_in_a_shared_child(RUNNER, tmp_path, graph=True, argv=["tf1", *map(str, originals)])
    tf2 = run_script_in_a_shared_child(RUNNER, tmp_path, graph=False, argv=["tf2", *map(str, migrated)])
    baseline, eager = json.loads(tf1.strip().splitlines()[-1]), json.loads(tf2.strip().splitlines()[-1])
    for before, after in zip(originals, migrated, strict=True):
        numbers = _numbers(baseline[str(before)])
        assert len(numbers) == 8 and "FAILED" not in baseline[str(before)], baseline
        assert _numbers(eager[str(after)]) == pytest.approx(numbers, rel=1e-6), (baseline, eager)


RNN_ATTENTION = """import numpy as np
import tensorflow as tf


def attention(inputs, size):
    if isinstance(inputs, tuple):
        inputs = tf.concat(inputs, 2)
    hidden_size = inputs.shape[2].value
    w = tf.Variable(tf.random_normal([hidden_size, size], stddev=0.1))
    u = tf.Variable(tf.random_normal([size], stddev=0.1))
    alphas = tf.nn.softmax(tf.tensordot(tf.tanh(tf.tensordot(inputs, w, axes=1)), u, axes=1))
    return tf.reduce_sum(inputs * tf.expand_dims(alphas, -1), 1)


tf.set_random_seed(0)
x = tf.placeholder(tf.float32, [None, 5, 3])
lengths = tf.placeholder(tf.int32, [None])
y = tf.placeholder(tf.float32, [None])
outputs, _ = tf.nn.bidirectional_dynamic_rnn(
    tf.nn.rnn_cell.GRUCell(4), tf.nn.rnn_cell.GRUCell(4), inputs=x, sequence_length=lengths, dtype=tf.float32)
out = attention(outputs, 3)
loss = tf.reduce_mean(tf.square(tf.reduce_sum(out, 1) - y))
train = tf.train.AdamOptimizer(0.05).minimize(loss)
data = np.random.RandomState(0).rand(2, 5, 3).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(4):
        print(step, sess.run([loss, train], {x: data, lengths: [5, 3], y: [1.0, -1.0]})[0])
    print(sess.run(out, {x: data, lengths: [5, 3]}))
"""


def test_attention_over_a_bidirectional_gru_runs_eagerly_with_tf1s_numbers(tmp_path) -> None:
    """The held-out shape: the attention's depth is read from the concatenated outputs of a bidirectional GRU run
    of two inline cells; the trace builds the eager cells (their kernels drawn with TF1's op seeds) before the
    attention variables, as TF1 built them, and the program prints the TF1 program's numbers (TF1's cells live in
    legacy Keras)."""
    result = migrate_source(RNN_ATTENTION, Options(), "program.py")
    text = result.migrated or ""
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert not [marker for marker in GRAPH_ONLY if marker in text] and "attention_variables(out_hidden_size" in text
    baseline_source = RNN_ATTENTION.replace(
        "import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"
    )
    baseline = run_in_a_shared_child(baseline_source, tmp_path / "tf1", graph=True, legacy_keras=True)
    expected, got = _numbers(baseline), _numbers(run_in_a_shared_child(text, tmp_path / "tf2", graph=False))
    assert len(expected) == 24, baseline  # 4 steps, 2 x 8 outputs
    assert got == pytest.approx(expected, rel=1e-4, abs=1e-6), (baseline, got)


LAYER_INPUT = _program("h.get_shape().as_list()[-1]", False).replace(
    "out = dense(xs, 2)", "out = dense(tf.layers.dense(xs, 3), 2)"
)
# a `.name` read in the module: a trace numbers the name scopes Keras opens, so a layer first built there would
# carry another variable name than TF1's (layer_shapes.py)
LAYER_INPUT_NAME_READ = LAYER_INPUT.replace(
    "ys = tf.placeholder", "scale = tf.Variable(1.0, name='scale')\nys = tf.placeholder"
).replace("print(i, ", "print(scale.name, i, ")


def test_input_computed_by_a_tf_layers_layer_is_traced_with_tf1s_numbers(tmp_path) -> None:
    """The trace that reads the dimension builds the dense layer (Keras 3 makes its variables outside the trace,
    drawn as an eager build draws them), and the program prints the TF1 program's numbers."""
    result = migrate_source(LAYER_INPUT, Options(), "program.py")
    text = result.migrated or ""
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert not [marker for marker in GRAPH_ONLY if marker in text] and "get_concrete_function(" in text, text
    baseline_source = LAYER_INPUT.replace(
        "import tensorflow as tf\n", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"
    )
    baseline = run_in_a_shared_child(baseline_source, tmp_path / "tf1", graph=True, legacy_keras=True)
    expected, got = _numbers(baseline), _numbers(run_in_a_shared_child(text, tmp_path / "tf2", graph=False))
    assert len(expected) == 8, baseline  # 4 steps, each its index and loss
    assert got == pytest.approx(expected, rel=1e-6), (baseline, got)


@pytest.mark.parametrize(
    ("source", "reason", "line"),
    [
        pytest.param(
            LAYER_INPUT_NAME_READ,
            "`h.shape`, a static dimension sizing the variables, of a tensor computed through layers",
            7,
            id="input computed by a tf.layers layer in a module reading .name: tracing would build it",
        ),
        pytest.param(
            _program("h.shape[-1]", True),
            "",
            0,
            id="a Dimension the computation reads: the helper is not split (read at its call instead)",
        ),
        pytest.param(
            _program("h.shape[1].value", False).replace(
                "    b = tf.Variable(tf.zeros([size]))\n", "    b = tf.Variable(tf.zeros([size]))\n    dim = 3\n"
            ),
            "",
            0,
            id="a dimension rebound after the variables: not split",
        ),
    ],
)
def test_static_dimensions_the_trace_cannot_give_keep_the_graph_tier(source: str, reason: str, line: int) -> None:
    """Where the helper keeps its whole body (no ``dense_dimensions``), and where the traced value runs a tf.layers
    layer in a module reading ``.name`` (the eager layer built inside the trace would be named otherwise), the
    follow-up names the line of the read."""
    result = migrate_source(source, Options(), "program.py")
    text = result.migrated or ""
    assert "_dimensions(" not in text, text
    if reason:
        followups = [f for f in result.followups if f.code == "TFM201"]
        assert len(followups) == 1 and reason in followups[0].message and followups[0].line == line, followups


def test_unnamed_variables_after_a_host_branch_are_given_tf1s_names_with_a_saver() -> None:
    """TF1 numbered the attention helper's unnamed variables (``Variable``, ``Variable_1``) where eager TF2 names
    both ``Variable``: the creation function is passed ``Variable_1`` for the second (helper_names.py), so the TF1
    checkpoint restores each variable's own value (run on TF 2.21: the migrated program prints the TF1 program's
    restored numbers, unseeded). The names are checked past the ``isinstance`` branch, which every call goes on from."""
    restore = (
        Path(__file__).parent / "fixtures" / "TFM201" / "saver_attention_dimension_restore.before.py"
    ).read_text()
    unnamed = restore.replace(', name="w_omega"', "").replace(', name="u_omega"', "")
    result = migrate_source(unnamed, Options(), "program.py")
    migrated = result.migrated or ""
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "def attention_variables(hidden_size, attention_size, u_omega_name=None):" in migrated, migrated
    assert 'attention_variables(out_hidden_size, 2, u_omega_name="Variable_1")' in migrated, migrated
    assert not [f for f in migrate_source(restore, Options(), "program.py").followups if f.code == "TFM201"]
