"""``print(t)`` of a graph tensor or variable (session/graph_repr.py), run on TF 2.21.

TF1 printed the symbolic object: ``Tensor("Add:0", shape=(), dtype=float32)``, ``<tf.Variable 'Variable:0'
shape=(1,) dtype=float32_ref>``. The migrated program prints the same text, the graph name from the model of TF1's
op naming, shape and dtype from the eager value; the baseline (TF1 under ``tf.compat.v1`` +
``disable_v2_behavior()``) and the migrated program must print byte-identical output. Where an op built before the
printed one has a name the model cannot tell, the program keeps the graph tier with the reason it had.
"""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_printing_the_baselines_text, reasons
from session_harness import PROGRAMS, Program, evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options

# Every op of graph_repr's table, printed or built before a printed value: a wrong default name, a missed counter
# (``Add`` and ``add`` share one, case-insensitive), a name scope or an explicit name shows as a changed line.
TABLE_OPS = [
    "tf.add(a, b)",
    "a + b",
    "tf.subtract(a, b)",
    "a - b",
    "tf.multiply(a, b)",
    "a * b",
    "tf.divide(a, b)",
    "a / b",
    "tf.div(a, b)",
    "tf.truediv(a, b)",
    "a // b",
    "a % b",
    "a ** 2",
    "-a",
    "tf.negative(a)",
    "tf.abs(a)",
    "tf.square(a)",
    "tf.sqrt(a)",
    "tf.exp(a)",
    "tf.log(a)",
    "tf.sigmoid(a)",
    "tf.nn.sigmoid(a)",
    "tf.tanh(a)",
    "tf.nn.relu(a)",
    "tf.maximum(a, b)",
    "tf.minimum(a, b)",
    "tf.pow(a, b)",
    "tf.add_n([a, b])",
    "tf.reduce_sum(a, 0)",
    "tf.reduce_mean(a, axis=0)",
    "tf.reduce_max(a, reduction_indices=[0])",
    "tf.zeros([2, 3])",
    "tf.ones([2])",
    "tf.fill([2, 2], 9)",
    "tf.constant([[1.0, 2.0]]) @ tf.constant([[1.0], [1.0]])",
    "tf.matmul(tf.constant([[3.0, 3.0]]), tf.constant([[2.0], [2.0]]))",
    'tf.constant("Hello")',
    "tf.constant([True, False])",
    "tf.constant(np.array([[1, 2, 3], [4, 5, 6]]))",
    'tf.add(a, b, name="Add")',
]
TABLE = (
    "import numpy as np\nimport tensorflow as tf\n\n"
    'a = tf.constant([1.0, 2.0])\nb = tf.constant([3.0, 4.0], name="b")\n'
    + "".join(f"op{i} = {code}\n" for i, code in enumerate(TABLE_OPS))
    + """drawn = tf.random_normal([2, 3], stddev=0.1)
weights = tf.Variable(tf.truncated_normal([3, 2], stddev=0.1))
uniform = tf.Variable(tf.random_uniform([2], -1.0, 1.0))
bias = tf.Variable(tf.zeros([2]), name="bias")
bias2 = tf.Variable(np.ones(2, dtype=np.float32), name="bias")
counts = tf.get_variable("counts", [4], initializer=tf.zeros_initializer())
with tf.name_scope("layer"):
    inner = tf.constant(1.0, name="add")
    summed = tf.add(inner, inner)
with tf.name_scope("layer"):
    again = tf.constant(2, dtype=tf.int64)
init = tf.global_variables_initializer()
last = tf.constant(0)
"""
    + "".join(f"print(op{i})\n" for i in range(len(TABLE_OPS)))
    + """print(a, b, weights, uniform, bias, bias2, counts)
print(inner, summed, again, last)
sess = tf.Session()
sess.run(init)
print(sess.run(last), sess.run(bias2))
"""
)


@pytest.fixture(scope="module")
def outcomes():
    table = Program("print_graph_objects_table", TABLE, {"random": "unseeded", "source": "tfmigrate", "licence": "-"})
    programs = [
        *load_programs(["tfdocs_getting_started_print", "golbin_01_basic_print", "tfdocs_sharing_variables_names"]),
        table,
    ]
    return evaluate(programs)


@pytest.mark.parametrize("name", ["tfdocs_getting_started_print", "golbin_01_basic_print"])
def test_printed_graph_objects_come_out_as_tf1_printed_them(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert_session_free_printing_the_baselines_text(outcome)
    assert "Tensor(" in outcome.baseline.stdout


def test_a_program_that_only_builds_a_graph_keeps_graph_mode_with_tf1s_output(outcomes) -> None:
    outcome = outcomes["tfdocs_sharing_variables_names"]
    assert outcome.baseline.ok, outcome.baseline.stderr[-2000:]
    assert not outcome.session_free and outcome.explained, [f.message for f in outcome.migration.followups]
    assert outcome.runs, outcome.migrated.stderr[-2000:] if outcome.migrated else ""
    assert outcome.migrated.stdout == outcome.baseline.stdout


def test_the_name_model_replays_tf1_naming_for_every_op_of_its_table(outcomes) -> None:
    outcome = outcomes["print_graph_objects_table"]
    assert_session_free_printing_the_baselines_text(outcome)
    assert outcome.baseline.stdout.count("Tensor(") == len(TABLE_OPS) + 6


GETTING_STARTED = """\
import tensorflow as tf

node1 = tf.constant(3.0, dtype=tf.float32)
node2 = tf.constant(4.0)
{before}node3 = tf.add(node1, node2)
print(node3)
sess = tf.Session()
print(sess.run(node3))
"""


def test_a_printed_tensor_becomes_tf1s_text_in_an_f_string() -> None:
    result = migrate_source(GETTING_STARTED.format(before=""), Options(), "p.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    expected = "print(f'Tensor(\"Add:0\", shape={node3.shape}, dtype={node3.dtype.name})')  # the text TF1 printed for this graph object"
    assert expected in result.migrated, result.migrated


@pytest.mark.parametrize(
    "before",
    [
        pytest.param("shaped = tf.tile([node1], [2])\n", id="an op outside the table"),
        pytest.param("first = tf.stack([node1, node2])[0]\n", id="a slice of a tensor"),
        pytest.param("same = tf.cast(4.0, tf.float32)\n", id="a cast of a Python value, converted inside its scope"),
        pytest.param("other = tf.add(node1, node2, name=node1.name)\n", id="a name that is no literal"),
    ],
)
def test_an_op_the_model_cannot_name_before_the_printed_one_keeps_the_graph_tier(before: str) -> None:
    messages = reasons(GETTING_STARTED.format(before=before))
    assert any("`node3` is printed as a graph object" in m for m in messages), messages


def test_an_op_the_model_cannot_name_after_the_printed_one_changes_nothing() -> None:
    source = GETTING_STARTED.format(before="").replace(
        "print(node3)\n", "shaped = tf.reshape(node1, [1])\nprint(node3)\n"
    )
    result = migrate_source(source, Options(), "p.py")
    assert 'Tensor("Add:0"' in result.migrated, (result.migrated, result.followups)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "import tensorflow as tf\nsize = len([1, 2, 3])\nx = tf.placeholder(tf.float32, [None, size])\nprint(x)\n"
            "sess = tf.Session()\nprint(sess.run(x, {x: [[1.0, 2.0, 3.0]]}))\n",
            id="a placeholder whose shape is no literal",
        ),
        pytest.param(
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.matmul(x, x)\nprint(y)\n"
            "sess = tf.Session()\nprint(sess.run(y, {x: [[1.0]]}))\n",
            id="a matmul of a placeholder of unknown rank (graph_shapes.py)",
        ),
        pytest.param(
            "import tensorflow as tf\nW = tf.Variable([1.0], validate_shape=False)\nprint(W)\n"
            "sess = tf.Session()\nsess.run(tf.global_variables_initializer())\nprint(sess.run(W))\n",
            id="a variable whose static shape TF1 did not know",
        ),
    ],
)
def test_values_whose_tf1_text_is_not_told_keep_the_graph_tier(source: str) -> None:
    messages = reasons(source)
    assert any("is printed as a graph object" in m for m in messages), messages


def test_a_printed_placeholder_is_its_declared_shape_as_tf1_wrote_it() -> None:
    """TF1 printed the declared static shape, ``?`` for a dimension not given, none for no shape."""
    source = (
        "import tensorflow as tf\n"
        "x = tf.placeholder(tf.float32, [None, 784])\n"
        "y = tf.placeholder('float', [None])\n"
        "z = tf.placeholder(tf.int32)\n"
        "print(x, y, z)\n"
        "total = tf.reduce_sum(x, 1)\n"
        "sess = tf.Session()\n"
        "print(sess.run(total, {x: [[1.0] * 784]}))\n"
    )
    result = migrate_source(source, Options(), "p.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    printed = (
        "print('Tensor(\"Placeholder:0\", shape=(?, 784), dtype=float32)', "
        "'Tensor(\"Placeholder_1:0\", shape=(?,), dtype=float32)', 'Tensor(\"Placeholder_2:0\", dtype=int32)')"
    )
    assert printed in result.migrated, result.migrated


def test_a_program_without_a_session_is_reported_where_it_needs_graph_mode() -> None:
    """Held-out set 8: a program that only builds a graph (no Session) was switched to graph mode silently."""
    source = (PROGRAMS / "tfdocs_sharing_variables_names.py").read_text()
    result = migrate_source(source, Options(), "p.py")
    notes = [f for f in result.followups if "no Session: the program only builds a graph" in f.message]
    assert [f.line for f in notes] == [source.splitlines().index("left = tf.placeholder(tf.float32, [None, 4])") + 1]
    assert "tf.compat.v1.disable_v2_behavior()" in result.migrated


def test_a_program_with_a_session_gets_no_such_note() -> None:
    result = migrate_source(GETTING_STARTED.format(before="x = tf.placeholder(tf.float32)\n"), Options(), "p.py")
    assert not [f for f in result.followups if "no Session" in f.message], result.followups


def test_a_helper_called_once_that_prints_its_input_prints_tf1s_text() -> None:
    """The helper is read in place (called_once.py): its ``print(x)`` of the placeholder runs where TF1 ran it."""
    source = (
        "import tensorflow as tf\n\ndef helper(x):\n    print(x)\n    return x\n"
        "X = tf.placeholder(tf.float32, [None, 2])\ny = helper(X)\n"
        "with tf.Session() as sess:\n    print(sess.run(y, feed_dict={X: [[1.0, 2.0]]}))\n"
    )
    result = migrate_source(source, Options(), "p.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "print('Tensor(\"Placeholder:0\", shape=(?, 2), dtype=float32)')" in result.migrated, result.migrated
