"""Values TF1 fixed while it built the graph, read as such (held-out set 28): a variable-list scope named by a
module constant (scope_constants.py) and ``Dimension.value`` in a variable's shape (dimension_values.py) run eagerly
with the TF1 program's numbers on TF 2.21; the graph tier's lines name what stops (a runner, a base constructor's
Session)."""

from __future__ import annotations

import json

import pytest
from program_checks import run_script_in_a_shared_child
from test_eager_rewrite import GRAPH_ONLY, _numbers
from tf1_baselines import RUNNER

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

SCOPES = """import tensorflow as tf

GEN = "gen"
DISC = "disc"
with tf.variable_scope(GEN):
    g = tf.get_variable("g", initializer=tf.constant([1.0, -2.0]))
with tf.variable_scope(DISC):
    d = tf.get_variable("d", initializer=tf.constant([0.5, 3.0]))
loss = tf.reduce_sum(tf.square(g - d))
g_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=GEN)
d_vars = tf.trainable_variables(DISC)
g_train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=g_vars)
d_train = tf.train.GradientDescentOptimizer(0.05).minimize(-loss, var_list=d_vars)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        print(i, sess.run([loss, g_train])[0], sess.run([loss, d_train])[0])
    print(sess.run(g), sess.run(d))
"""

DENSE = """import numpy as np
import tensorflow as tf


def apply_dense(units, inputs):
    weights = tf.Variable(tf.random_uniform((inputs.get_shape()[1].value, units), seed=3))
    biases = tf.Variable(tf.zeros((1, units)))
    return tf.matmul(inputs, weights) + biases


def main():
    inputs = tf.placeholder(tf.float32, [None, 3])
    targets = tf.placeholder(tf.float32, [None, 1])
    hidden = tf.nn.relu(apply_dense(4, inputs))
    out = apply_dense(1, hidden)
    loss = tf.reduce_mean(tf.square(out - targets))
    train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    x = np.linspace(-1, 1, 15, dtype=np.float32).reshape(5, 3)
    y = x.sum(1, keepdims=True)
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        for step in range(4):
            print(step, session.run([loss, train], feed_dict={inputs: x, targets: y})[0])


main()
"""


def _eager(source: str, name: str) -> str:
    result = migrate_source(source, Options(), name)
    text = result.migrated or ""
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert not [marker for marker in GRAPH_ONLY if marker in text], text
    return text


def _graph_line(source: str, name: str) -> str:
    result = migrate_source(source, Options(), name)
    lines = [f.message for f in result.followups if f.code == "TFM201"]
    assert lines and "kept in graph mode" in lines[0], result.followups
    return lines[0]


def test_constant_scope_and_dimension_value_run_eagerly_with_tf1s_numbers(tmp_path) -> None:
    """``scope=GEN`` of ``GEN = "gen"`` selects the literal's variables; ``inputs.get_shape()[1].value`` in the
    shape of a helper's variable (on a placeholder, then on the helper's own output) is the int TF1 read."""
    scopes, dense = _eager(SCOPES, "scopes.py"), _eager(DENSE, "dense.py")
    assert "var_list" not in scopes or "[g]" in scopes, scopes
    assert ".value" not in dense and "int(" in dense, dense
    files = {"scopes": (SCOPES, scopes, 8), "dense": (DENSE, dense, 4)}
    originals, migrated = [], []
    for name, (before, after, _) in files.items():
        (tmp_path / f"{name}.py").write_text(before)
        (tmp_path / f"m_{name}.py").write_text(after)
        originals.append(tmp_path / f"{name}.py")
        migrated.append(tmp_path / f"m_{name}.py")
    tf1 = run_script_in_a_shared_child(RUNNER, tmp_path, graph=True, argv=["tf1", *map(str, originals)])
    tf2 = run_script_in_a_shared_child(RUNNER, tmp_path, graph=False, argv=["tf2", *map(str, migrated)])
    baseline, eager = json.loads(tf1.strip().splitlines()[-1]), json.loads(tf2.strip().splitlines()[-1])
    for (_, _, count), before, after in zip(files.values(), originals, migrated, strict=True):
        numbers = _numbers(baseline[str(before)])
        assert len(numbers) >= count and "FAILED" not in baseline[str(before)], baseline
        assert _numbers(eager[str(after)]) == pytest.approx(numbers, rel=1e-5), (baseline, eager)


def test_a_scope_constant_bound_twice_keeps_the_graph_tier() -> None:
    """``GEN`` rebound: the list's scope is not one string, and the line says so."""
    source = SCOPES.replace('DISC = "disc"\n', 'DISC = "disc"\nif len(DISC) > 9:\n    GEN = "other"\n')
    source = source.replace("tf.variable_scope(GEN)", 'tf.variable_scope("gen")')
    assert "tf.get_collection with a scope that is not a string literal" in _graph_line(source, "rebound.py")


def test_dimension_value_outside_a_shape_is_left_as_written() -> None:
    """``.value`` tested against None (it may be unknown there): not read as ``int(...)``."""
    source = DENSE.replace(
        "    weights = ", "    if inputs.get_shape()[0].value is not None:\n        print('batch')\n    weights = "
    )
    text = migrate_source(source, Options(), "tested.py").migrated or ""
    assert "int(inputs.get_shape()[0])" not in text and "int(tf.TensorShape([None, 3])[0])" not in text, text


SUPERVISED = """import numpy as np
import tensorflow as tf


def main(log_dir):
    x = tf.placeholder(tf.float32, [None, 2])
    w = tf.Variable([[1.0], [2.0]])
    y = tf.matmul(x, w)
    saver = tf.train.Saver([w])
    sv = tf.train.Supervisor(logdir=log_dir, saver=saver, summary_op=None)
    with sv.managed_session() as sess:
        print(sess.run(y, feed_dict={x: np.ones((1, 2), np.float32)}))


if __name__ == "__main__":
    main("logs")
"""

BASE_SESSION = """import tensorflow as tf


class Model:
    def __init__(self):
        self.w = tf.Variable(2.0)
        self.y = self.w * 3.0
        self.sess = tf.Session()
        init = tf.global_variables_initializer()
        self.sess.run(init)


class Scaled(Model):
    def __init__(self, steps):
        init = steps
        super().__init__()
        self.steps = init

    def show(self):
        print(self.sess.run(self.y))


if __name__ == "__main__":
    scaled = Scaled(1)
    scaled.show()
"""


@pytest.mark.parametrize("where", ["function", "module"])
def test_a_supervisor_program_names_the_supervisor(where) -> None:
    """The Supervisor opens the only Session, inside ``main()`` or at module level: the line names it, not the
    placeholder it feeds."""
    source = SUPERVISED
    if where == "module":
        body = SUPERVISED.split("def main(log_dir):\n")[1].split("\n\nif")[0].replace("\n    ", "\n")
        source = "import numpy as np\nimport tensorflow as tf\nlog_dir = 'logs'\n" + body.removeprefix("    ")
    line = _graph_line(source, "supervised.py")
    assert "tf.train.Supervisor runs the graph" in line and "placeholder" not in line, line


def test_a_session_opened_by_a_base_constructor_is_named_so() -> None:
    """The base constructor runs through ``super().__init__()``, binding the derived constructor's local ``init``, so it
    is not read in its place (class_hierarchy.py): the line names it, and no call the program lacks."""
    line = _graph_line(BASE_SESSION, "base.py")
    assert "the Session is opened by the constructor of base class `Model`" in line, line
    assert "binds and reads no local of the derived constructor" in line, line
    assert "instance." not in line and "`Scaled`" in line, line
