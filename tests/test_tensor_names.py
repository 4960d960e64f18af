"""A graph-owning class fetching and feeding by tensor name, its Session methods returning an expression (issue 16,
held-out set 26's r6 shape: Raschka-style trainers, ``sess.run(['cost:0', 'train_op'], feed_dict={'x:0': X})``,
``return sess.run('out:0', ...)`` from the restoring ``predict()``, ``print(model.predict(X))``).

tensor_names.py binds each named op to an attribute and reads the strings as it; session_method_results.py binds
the returned expression and the call inside ``print`` to names. The program runs as TF1 (the baseline) and migrated,
session-free, with the same numbers; the migrated predict() restores the checkpoint the TF1 run wrote. A string whose
op cannot be shown keeps the graph tier, naming why; NAMED is checked on TF1 itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from program_checks import (
    TF2_IMPORT,
    assert_restores_the_tf1_checkpoint,
    assert_session_free_with_baseline_numbers,
    evaluate_sources,
    reasons,
    run_as_tf1,
)
from test_session_per_method_owners import META, PREDICT, SESSION_PER_METHOD

from tfmigrate.transforms.session.tensor_names import NAMED

# r6's trainer fetching and feeding by name: ops bound to attributes (``x``, ``cost``), to a local read later
# (``y_``), to a local bound again and read nowhere after (``optimizer = optimizer.minimize(..., name='train_op')``),
# and inside an expression (``out``)
BY_NAME_EDITS = [
    ("self.y = tf.placeholder(", "y_ = tf.placeholder("),
    ("self.out - self.y", "self.out - y_"),
    (
        "tf.reshape(tf.matmul(self.x, self.w), [-1]) + self.b",
        "tf.add(tf.reshape(tf.matmul(self.x, self.w), [-1]), self.b, name='out')",
    ),
    (
        "        self.train_op = tf.train.GradientDescentOptimizer(self.learning_rate).minimize(self.cost)\n",
        "        optimizer = tf.train.GradientDescentOptimizer(self.learning_rate)\n"
        "        optimizer = optimizer.minimize(self.cost, name='train_op')\n",
    ),
    (
        "[self.cost, self.train_op], feed_dict={self.x: X, self.y: y}",
        "['cost:0', 'train_op'], feed_dict={'x:0': X, 'y:0': y}",
    ),
    (PREDICT + "        return preds\n", "            return sess.run('out:0', feed_dict={'x:0': X})\n"),
    (
        "preds = model.predict(np.array([[1.0, 1.0], [2.0, 2.0]], dtype=np.float32))\nprint('predictions', preds)\n",
        "print('predictions', model.predict(np.array([[1.0, 1.0], [2.0, 2.0]], dtype=np.float32)))\n",
    ),
]
BY_NAME = SESSION_PER_METHOD
for old, new in BY_NAME_EDITS:
    assert BY_NAME.count(old) == 1, old
    BY_NAME = BY_NAME.replace(old, new)

# r6's ``return sess.run(...)`` as the restoring Session's last statement, the call printed where it is made
RETURNS_A_RUN = SESSION_PER_METHOD.replace(
    PREDICT + "        return preds\n", "            return sess.run(self.out, feed_dict={self.x: X})\n"
).replace(
    "preds = model.predict(np.array([[1.0, 1.0], [2.0, 2.0]], dtype=np.float32))\nprint('predictions', preds)\n",
    "print('predictions', model.predict(np.array([[1.0, 1.0], [2.0, 2.0]], dtype=np.float32)))\n",
)

COST = "        self.cost = tf.reduce_mean(tf.square(self.out - y_), name='cost')\n"


@pytest.fixture(scope="module")
def outcomes():
    assert RETURNS_A_RUN.count("return sess.run(") == 1 and "print('predictions', model.predict(" in RETURNS_A_RUN
    return evaluate_sources({"by_name": BY_NAME, "returns_a_run": RETURNS_A_RUN}, META)


@pytest.mark.parametrize("name", ["by_name", "returns_a_run"])
def test_the_class_runs_eagerly_with_the_baseline_numbers(outcomes, name: str) -> None:
    assert_session_free_with_baseline_numbers(outcomes[name])


def test_the_returned_run_and_the_printed_call_come_back_as_written(outcomes) -> None:
    migrated = outcomes["returns_a_run"].migrated_text
    assert "result__" not in migrated
    assert "        return self.out(X).numpy()\n" in migrated, migrated
    assert migrated.endswith(
        "print('predictions', model.predict(np.array([[1.0, 1.0], [2.0, 2.0]], dtype=np.float32)))\n"
    )


def test_the_named_ops_are_read_as_attributes_and_the_return_folded_back(outcomes) -> None:
    migrated = outcomes["by_name"].migrated_text
    assert ":0'" not in migrated and ':0"' not in migrated  # no fetch or feed by tensor name left
    assert "'train_op'" not in migrated and "Session" not in migrated
    assert "result__predict" not in migrated  # ``return <expr>`` as written, not through the bound name
    assert "        return self.out(X).numpy()\n" in migrated, migrated
    assert migrated.endswith(
        "print('predictions', model.predict(np.array([[1.0, 1.0], [2.0, 2.0]], dtype=np.float32)))\n"
    )


def test_the_migrated_predict_restores_the_tf1_runs_checkpoint(tmp_path: Path) -> None:
    """TF1 trains and saves; the migrated program fetching by name restores TF1's checkpoint in predict() and prints
    TF1's trained predictions."""
    assert_restores_the_tf1_checkpoint(BY_NAME, tmp_path)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        # TF1 numbers the second op ``cost_1``: which one 'cost:0' names is not read from the source
        (
            (COST, COST + "        cost2 = tf.reduce_mean(y_, name='cost')\n"),
            "`cost:0` is fetched or fed by tensor name, and more than one op of the class is given `name='cost'`",
        ),
        # the scope prefixes the name: TF1's op is ``loss/cost``
        (
            (COST, "        with tf.name_scope('loss'):\n    " + COST),
            "the op named `cost` is made inside a `with` block that may prefix its name",
        ),
        # a default op name: another, unnamed op of the class may bear it
        (("'cost:0', 'train_op'", "'Mean:0', 'train_op'"), "`Mean` is a name TF1 gives ops by default"),
        # no op is given the name
        (("'cost:0', 'train_op'", "'costs:0', 'train_op'"), "no op of the class is given `name='costs'`"),
        # a scoped op's name (``tf.losses`` names its output ``mean_squared_error/value``)
        (
            ("'cost:0', 'train_op'", "'loss/cost:0', 'train_op'"),
            "`loss/cost:0` is fetched or fed by tensor name, and names an op under a scope",
        ),
        # a computed name
        (("name='cost')", "name='co' + 'st')"), "the class computes a `name=`"),
        # tf.layers.dense(name=...) names a scope: its output is ``logits/BiasAdd``
        (
            (COST, COST + "        logits = tf.layers.dense(self.x, 1, name='logits')\n"),
            None,
        ),
    ],
    ids=[
        "given_twice",
        "under_a_scope",
        "default_name",
        "named_nowhere",
        "scoped_string",
        "computed_name",
        "unread_layer_name",
    ],
)
def test_a_name_the_pass_cannot_read_keeps_the_graph_tier(change: tuple[str, str], reason: str | None) -> None:
    assert change[0] in BY_NAME
    source = BY_NAME.replace(*change)
    if reason is None:  # the layer's name is fetched nowhere: not this pass's refusal
        source = source.replace("'cost:0', 'train_op'", "'logits:0', 'train_op'")
        reason = "its op is made by a call whose result is not read as the op it names (`logits`)"
    messages = reasons(source)
    assert messages and reason in messages[0], messages


# the class without a graph of its own: its ops join the default graph, with the module's
NO_GRAPH_EDITS = [
    (
        "        self.graph = tf.Graph()\n        with self.graph.as_default():\n            self.build()\n"
        "            self.saver = tf.train.Saver()\n            self.init_op = tf.global_variables_initializer()\n",
        "        self.build()\n        self.saver = tf.train.Saver()\n        self.init_op = tf.global_variables_initializer()\n",
    ),
    ("tf.Session(graph=self.graph)", "tf.Session()"),
]
ONE_CONSTRUCTION = "model = Regression(n_features=2)\n"


def edited(source: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new)
    return source


@pytest.mark.parametrize(
    ("edits", "reason"),
    [
        # ``tf.get_variable('out', ...)`` takes ``out`` first: TF1 names the op given ``name='out'`` ``out_1``
        (
            [
                (
                    "tf.Variable(tf.fill([self.n_features, 1], 0.5), name='w')",
                    "tf.get_variable('out', initializer=tf.fill([self.n_features, 1], 0.5))",
                )
            ],
            "`out:0` is fetched or fed by tensor name, and the module gives the name `out` more than once",
        ),
        # a name given as a positional argument (``tf.identity(x, 'cost')``) takes ``cost`` first
        (
            [(COST, "        self.probe = tf.identity(self.b + 5.0, 'cost')\n" + COST)],
            "`cost:0` is fetched or fed by tensor name, and the module gives the name `cost` more than once",
        ),
        # the default graph: a module-level op named ``cost`` is made before the class's
        (
            [*NO_GRAPH_EDITS, (ONE_CONSTRUCTION, "other = tf.constant(9.0, name='cost')\n" + ONE_CONSTRUCTION)],
            "`cost:0` is fetched or fed by tensor name, and the module gives the name `cost` more than once",
        ),
        # a name computed outside the class (a helper's ``name=label``) may be any op's
        (
            [
                (
                    "\n\nclass Regression",
                    "\n\ndef labelled(x, label):\n    return tf.identity(x, name=label)\n\n\nclass Regression",
                )
            ],
            "the module computes a `name=` or a name argument",
        ),
        # the op's name, not its tensor's: TF1 fetches the op as None
        (
            [("'cost:0', 'train_op'", "'cost', 'train_op'")],
            "`cost` names the op, not its tensor: TF1 fetches an op as None",
        ),
        # an op's name as a feed key: TF1 raises
        (
            [("feed_dict={'x:0': X, 'y:0': y}", "feed_dict={'x': X, 'y:0': y}")],
            "`x` names the op, not its tensor",
        ),
        # the training op's output 0: minimize returns the op, fetched by its name alone
        (
            [("'cost:0', 'train_op'", "'cost:0', 'train_op:0'")],
            "`minimize` returns the op (only `train_op`, the op itself, is read)",
        ),
        # ``tf.cast`` to the type its input has returns the input: no op is named ``costf`` (TF1 raises)
        (
            [
                (COST, COST + "        self.costf = tf.cast(self.cost, tf.float32, name='costf')\n"),
                ("'cost:0', 'train_op'", "'costf:0', 'train_op'"),
            ],
            "its op is made by a call whose result is not read as the op it names (`costf`)",
        ),
        # the builder called under a scope: TF1 names the op ``model/cost``
        (
            [
                (
                    "            self.build()\n",
                    "            with tf.variable_scope('model'):\n                self.build()\n",
                )
            ],
            "the call building the op named `cost` is made inside a `with` block that may prefix its name",
        ),
        # the class constructed under a scope, its ops in the default graph: ``run/cost``
        (
            [*NO_GRAPH_EDITS, (ONE_CONSTRUCTION, "with tf.name_scope('run'):\n    " + ONE_CONSTRUCTION)],
            "the call building the op named `cost` is made inside a `with` block that may prefix its name",
        ),
    ],
    ids=[
        "variable_named_alike",
        "positional_name",
        "module_op_named_alike",
        "name_computed_outside_the_class",
        "op_fetched",
        "op_fed",
        "training_op_output",
        "cast_to_its_own_type",
        "builder_under_a_scope",
        "constructed_under_a_scope",
    ],
)
def test_a_name_another_op_may_bear_keeps_the_graph_tier(edits: list[tuple[str, str]], reason: str) -> None:
    messages = reasons(edited(BY_NAME, edits))
    assert messages and reason in messages[0], messages


def test_the_graph_names_each_refusal_is_about_in_tf1(tmp_path: Path) -> None:
    """What the refusals above stand on, on TF1: the later op given a name taken (by a variable, a positional name,
    or an op of the default graph) is numbered; an op fetched by name comes back None; ``tf.cast`` and ``tf.round``
    given nothing to change make no op; a scope around the builder's call prefixes the name."""
    printed = run_as_tf1(
        TF2_IMPORT
        + "\nwith tf.Graph().as_default() as g:\n"
        + "    tf.get_variable('out', initializer=tf.ones([1]))\n"
        + "    print(tf.identity(tf.ones([1]), name='out').name)\n"
        + "    tf.identity(tf.ones([1]), 'cost')\n"
        + "    cost = tf.reduce_mean(tf.ones([2]), name='cost')\n"
        + "    print(cost.name)\n"
        + "    two = tf.constant(2)\n"
        + "    print(tf.cast(cost, tf.float32, name='costf') is cost, tf.round(two, name='r') is two)\n"
        + "    with tf.variable_scope('model'):\n"
        + "        print(tf.reduce_mean(tf.ones([2]), name='loss').name)\n"
        + "    with tf.Session(graph=g) as sess:\n"
        + "        print(sess.run('cost_1'), sess.run('cost_1:0'))\n",
        tmp_path,
    )
    assert printed.split("\n")[:5] == ["out_1:0", "cost_1:0", "True True", "model/loss:0", "None 1.0"]


def test_a_call_made_after_another_effect_of_its_line_keeps_the_graph_tier() -> None:
    """``print(np.random.rand(), model.predict(X))``: numpy draws before the call, so the call cannot be bound on the
    line before, and the body is not read at a call other than a statement."""
    source = RETURNS_A_RUN.replace("print('predictions', model.predict(", "print(np.random.rand(), model.predict(")
    messages = reasons(source)
    assert messages and "method `predict`, which opens the Session, is not called by a statement" in messages[0]


def test_each_named_call_returns_the_op_it_names_in_tf1(tmp_path: Path) -> None:
    """NAMED: in a TF1 graph, each call given ``name='probe'`` returns output 0 of the op named ``probe``."""
    printed = run_as_tf1(
        TF2_IMPORT
        + "\ndef args(path):  # made in the probe's own graph: an op joins its inputs' graph\n"
        + "    return {'placeholder': (tf.float32,), 'one_hot': (tf.constant([0, 1]), 3),\n"
        + "            'cast': (tf.constant([1, 2]), tf.float32), 'equal': (tf.ones([1]), tf.ones([1])),\n"
        + "            'add': (tf.ones([1]), tf.ones([1])), 'matmul': (tf.ones([2, 2]), tf.ones([2, 2])),\n"
        + "            'reshape': (tf.ones([2, 2]), [4]), 'argmax': (tf.ones([2, 2]), 1)}.get(path, (tf.ones([2, 2]),))\n"
        + f"for path in {sorted(NAMED)!r}:\n"
        + "    with tf.Graph().as_default() as g:\n"
        + "        function = tf\n"
        + "        for part in path.split('.'):\n"
        + "            function = getattr(function, part)\n"
        + "        made = function(*args(path), name='probe')\n"
        + "        assert g.get_tensor_by_name('probe:0') is made, (path, made.name)\n"
        + "    print(path, 'ok')\n",
        tmp_path,
    )
    assert printed.split() == [w for p in sorted(NAMED) for w in (p, "ok")]
