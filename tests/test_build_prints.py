"""``print`` in a helper called while the module builds its graph (session/build_prints.py), run on TF 2.21.

TF1 ran such a helper once per call, when it built the graph, so its prints ran once per call, before anything the
Session printed, and showed static facts: ``(?, 1) inputs``, ``Tensor("Relu:0", shape=(?, 10), dtype=float32)``.
The eager helper runs at every step, so tfmigrate moves the prints out and prints the text its models of TF1's
shape inference and op naming tell, after the statement that made each call. Every text is checked here against
TF1 itself: the baseline (``tf.compat.v1`` + ``disable_v2_behavior()``) and the migrated program must print the
same bytes (all of them for a deterministic program, the lines before the first number where the weights are
drawn unseeded). What the models cannot tell keeps the graph tier with a reason naming the print.
"""

from __future__ import annotations

import re

import pytest
from program_checks import assert_baseline_numbers, eager, reasons
from session_harness import Program, evaluate, load_programs

PROGRAMS = ["morvan_build_prints_add_layer", "build_prints_dense_layers", "nlintz_build_prints_net"]
DETERMINISTIC = ["build_prints_dense_layers"]
# What TF1 printed while it built each program's graph (checked below against the baseline's own output).
BUILT = {
    "morvan_build_prints_add_layer": [
        "(?, 1) inputs",
        "(?, 10) Wx_plus_b",
        "------------",
        'Tensor("Relu:0", shape=(?, 10), dtype=float32)',
        "(?, 10) inputs",
        "(?, 1) Wx_plus_b",
        "------------",
        'Tensor("add_3:0", shape=(?, 1), dtype=float32)',
    ],
    "nlintz_build_prints_net": [
        "init_weights [16, 32]",
        "init_weights [32, 4]",
        'hidden: Tensor("Sigmoid:0", shape=(?, 32), dtype=float32)',
        "output shape: (?, 4)",
    ],
}


# ``print`` of expressions (transpose, concat and stack among them) and of tensors built after each TF1 optimizer's
# minimize (which names ``gradients``, its own scope and, for Adam, the ``beta1_power`` / ``beta2_power``
# variables); constant weights: the same bytes.
OPTIMIZED = """\
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3])
b = tf.constant([1.0, 2.0, 3.0])
W = tf.Variable(tf.zeros([3, 2]) + 0.1)
print(x + b, tf.add(x, b), -x)
print(tf.matmul(x, W), tf.reduce_mean(x, 1), tf.cast(x, tf.int32))
print(tf.transpose(x), tf.concat([x, x], 1), tf.stack([b, b], axis=1), tf.transpose(tf.stack([x, x]), [1, 2, 0]))
y = tf.matmul(x, W)
loss = tf.reduce_mean(tf.square(y - 1.0))
train = {optimizer}.minimize(loss)
out = tf.sigmoid(y)
print(out, tf.nn.relu(y), y * 2.0, tf.reduce_sum(out), tf.concat([out, y], 0), tf.stack([b, b, b], -1))
V = tf.Variable(tf.zeros([2]))
print(V, tf.constant(1.0))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(3):
    print(sess.run([loss, train], {{x: [[1.0, 2.0, 3.0]]}})[0])
"""
OPTIMIZERS = {
    "adam": "tf.train.AdamOptimizer(0.01)",
    "momentum": "tf.train.MomentumOptimizer(0.01, 0.9)",
    "adagrad": "tf.train.AdagradOptimizer(learning_rate=0.1)",
    "rmsprop": "tf.train.RMSPropOptimizer(0.01)",
}


# A helper called inside module-level name scopes (its ops and variables under ``layer1/``, then ``layer1_1/``), a
# conditional expression choosing the activation, Adam, then a printed expression: the same bytes as TF1.
SCOPED = """\
import tensorflow as tf


def layer(inputs, size, act=None):
    W = tf.Variable(tf.zeros([2, size]) + 0.5, name="W")
    z = tf.matmul(inputs, W)
    out = z if act is None else act(z)
    print(W, z, out)
    return out


x = tf.placeholder(tf.float32, [None, 2])
with tf.name_scope("layer1"):
    h = layer(x, 2, tf.tanh)
with tf.name_scope("layer1"):
    out = layer(h, 3)
loss = tf.reduce_mean(out)
train = tf.train.AdamOptimizer(0.1).minimize(loss)
print(tf.add(out, 1.0))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(loss, {x: [[1.0, 2.0]]}))
"""


@pytest.fixture(scope="module")
def outcomes():
    tables = [
        Program(f"optimized_{key}", OPTIMIZED.format(optimizer=code), {"random": "none", "source": "-", "licence": "-"})
        for key, code in OPTIMIZERS.items()
    ]
    scoped = Program("scoped_layers", SCOPED, {"random": "none", "source": "-", "licence": "-"})
    return evaluate([*load_programs(PROGRAMS), *tables, scoped])


def _built(stdout: str) -> list[str]:
    """The lines printed before the first line that starts with a number or names the loss: the build prints."""
    lines = []
    for line in stdout.splitlines():
        if re.match(r"^(-?\d|loss:|\[)", line) and not line.startswith("-----"):
            break
        lines.append(line)
    return lines


@pytest.mark.parametrize("name", PROGRAMS)
def test_helpers_that_print_as_the_graph_is_built_come_out_session_free(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert outcome.session_free, (outcome.leftovers, outcome.migration.followups)
    assert_baseline_numbers(outcome)
    migrated = outcome.migrated_text
    assert "as TF1 built the graph" in migrated
    assert_helper_bodies_print_nothing(migrated)


@pytest.mark.parametrize("name", sorted(BUILT))
def test_the_build_prints_are_tf1s_text_once_per_call_before_the_session_prints(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert outcome.baseline.ok and outcome.runs, outcome.migrated.stderr[-2000:] if outcome.migrated else ""
    assert _built(outcome.baseline.stdout) == BUILT[name], outcome.baseline.stdout
    assert _built(outcome.migrated.stdout) == BUILT[name], outcome.migrated.stdout


@pytest.mark.parametrize("name", DETERMINISTIC)
def test_a_deterministic_program_prints_the_baselines_bytes(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert outcome.baseline.ok and outcome.runs, outcome.migrated.stderr[-2000:] if outcome.migrated else ""
    assert "<tf.Variable 'dense_1/W:0' shape=(4, 4) dtype=float32_ref>" in outcome.baseline.stdout
    assert 'Tensor("dense_2/add_1:0", shape=(?, 1), dtype=float32)' in outcome.baseline.stdout
    assert outcome.migrated.stdout == outcome.baseline.stdout, (outcome.baseline.stdout, outcome.migrated.stdout)


@pytest.mark.parametrize("key", sorted(OPTIMIZERS))
def test_printed_expressions_and_tensors_after_each_optimizer_are_tf1s_text(outcomes, key: str) -> None:
    outcome = outcomes[f"optimized_{key}"]
    assert outcome.baseline.ok, outcome.baseline.stderr[-2000:]
    assert outcome.session_free, (outcome.leftovers, outcome.migration.followups)
    assert outcome.runs, outcome.migrated.stderr[-2000:] if outcome.migrated else ""
    assert 'Tensor("Sigmoid:0", shape=(?, 2), dtype=float32)' in outcome.baseline.stdout
    assert "<tf.Variable 'Variable_1:0' shape=(2,) dtype=float32_ref>" in outcome.baseline.stdout
    printed = outcome.baseline.stdout.splitlines()[:5]  # then the losses: Keras Adam's agree to 1e-5 relative
    assert outcome.migrated.stdout.splitlines()[:5] == printed, (outcome.baseline.stdout, outcome.migrated.stdout)
    assert_baseline_numbers(outcome)


def test_a_helper_called_in_name_scopes_prints_its_scoped_names(outcomes) -> None:
    outcome = outcomes["scoped_layers"]
    assert outcome.baseline.ok and outcome.session_free and outcome.runs, outcome.migration.followups
    assert "<tf.Variable 'layer1_1/W:0' shape=(2, 3) dtype=float32_ref>" in outcome.baseline.stdout
    assert outcome.migrated.stdout == outcome.baseline.stdout, (outcome.baseline.stdout, outcome.migrated.stdout)


def assert_helper_bodies_print_nothing(migrated: str) -> None:
    """No ``print`` is left inside a ``def`` that is not the program's loop: the helpers run at every step."""
    inside = False
    for line in migrated.splitlines():
        if line.startswith("def "):
            inside = True
        elif line and not line[0].isspace() and not line.startswith("@"):
            inside = False
        assert not (inside and line.lstrip().startswith("print(")), migrated


HELPER = """\
import tensorflow as tf


def layer(inputs, size, act=None):
    W = tf.Variable(tf.zeros([2, size]))
    z = tf.matmul(inputs, W)
    {body}
    return z if act is None else act(z)


x = tf.placeholder(tf.float32, [None, 2])
{calls}
loss = tf.reduce_mean(out)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(loss, {{x: [[1.0, 2.0]]}}))
"""


def test_the_prints_follow_the_statement_that_called_the_helper() -> None:
    migrated = eager(HELPER.format(body="print('layer', size, z.shape, z)", calls="out = layer(x, 3, tf.nn.relu)"))
    expected = "print('layer', '3', '(?, 3)', 'Tensor(\"MatMul:0\", shape=(?, 3), dtype=float32)')"
    assert expected in migrated, migrated
    assert migrated.index(expected) > migrated.index("out_W = layer_variables(3)"), migrated


@pytest.mark.parametrize(
    ("body", "calls", "reason"),
    [
        pytest.param(
            "if size > 2:\n        print(z.shape)",
            "out = layer(x, 3)",
            "the branch `if size > 2:` is not decided",
            id="a print behind a branch the model does not decide",
        ),
        pytest.param(
            "print(tf.shape(z))",
            "out = layer(x, 3)",
            "what TF1 printed for `tf.shape(z)` is not modelled",
            id="a printed op the model does not tell",
        ),
        pytest.param(
            "print(x)",
            "out = layer(x, 3)",
            "what TF1 printed for `x` is not modelled",
            id="a module-level tensor printed in the helper",
        ),
        pytest.param(
            "print(z.shape, file=None)",
            "out = layer(x, 3)",
            "`file=None` is not modelled",
            id="a print keyword other than sep and end",
        ),
        pytest.param(
            "print(z)",
            "c = tf.tile(x, [1, 2])\nout = layer(x, 3)",
            "TF1's op names from `tf.tile(x, [1, 2])` (line 12) on are not modelled",
            id="a tensor named after an op outside the name table",
        ),
    ],
)
def test_a_build_print_the_models_cannot_tell_keeps_the_graph_tier_naming_it(
    body: str, calls: str, reason: str
) -> None:
    found = reasons(HELPER.format(body=body, calls=calls))
    assert any(reason in message for message in found), found


def test_a_shape_print_is_told_where_the_names_are_not() -> None:
    migrated = eager(HELPER.format(body="print(z.shape)", calls="c = tf.tile(x, [1, 2])\nout = layer(x, 3)"))
    assert "print('(?, 3)')" in migrated, migrated


NESTED = """\
import tensorflow as tf


def layer(inputs, size):
    z = tf.matmul(inputs, tf.ones([2, size]))
    print(z.shape)
    return z


def net(inputs):
    return layer(inputs, 3) + 1.0


x = tf.placeholder(tf.float32, [None, 2])
W = tf.Variable(tf.zeros([3]))
out = net(x) * W
loss = tf.reduce_mean(out)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(loss, {x: [[1.0, 2.0]]}))
"""


def test_a_printing_helper_called_in_a_comprehension_keeps_the_graph_tier() -> None:
    # ``net`` stays called: a helper the module never calls is kept as written, and its call of ``layer`` would be
    # the first reason
    source = NESTED.replace(
        "out = net(x) * W\n", "outs = [layer(x, 3) for _ in range(2)]\nout = net(x) * outs[0] * W\n"
    )
    found = reasons(source)
    assert any("function `layer` prints when TF1 built the graph, and it is called here" in m for m in found), found


def test_a_helper_called_through_another_prints_once_where_the_module_calls_that_one() -> None:
    migrated = eager(NESTED)
    assert migrated.count("print('(?, 3)')") == 1, migrated
    assert_helper_bodies_print_nothing(migrated)
