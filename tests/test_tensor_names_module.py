"""Fetches and feeds by tensor name beyond the graph class (issue 16; held-out set 26's ss_convnn_mnist and
ss_sentiment_rnn): the module-level programs of Raschka's chapters 14 and 15 (``sess.run(['cost:0', 'train_op'],
feed_dict={'tf_x:0': x})``, a ``build_cnn()`` builder called once), and ``tf.cast(..., name='labels')`` read as the op
it names where its input is known to be of another type (cast_ops.py).

Each program runs as the TF1 baseline and migrated on TF 2.21: what the passes read comes out session-free with the
baseline's numbers (and restores the checkpoint the TF1 run wrote); what they cannot show keeps the graph tier with
the reason naming the line and the name."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from program_checks import (
    TF2_IMPORT,
    assert_baseline_numbers,
    assert_session_free_with_baseline_numbers,
    reasons,
    run_as_tf1,
    run_in_a_shared_child,
)
from session_harness import Program, evaluate, load_programs
from test_tensor_names import BY_NAME, META

from tfmigrate.transforms.session import cast_ops
from tfmigrate.transforms.session.analysis import descendants

REGRESSION = "raschka_ch14_regression_by_name"
CNN = "raschka_ch15_cnn_builder_by_name"
PREDICT = "            return sess.run('out:0', feed_dict={'x:0': X})\n"
OUT = "        self.out = tf.add(tf.reshape(tf.matmul(self.x, self.w), [-1]), self.b, name='out')\n"
# the graph class fetching two casts by name: one of a rounded sigmoid read through a local, one of an argmax
CASTS = BY_NAME.replace(
    OUT,
    OUT
    + "        proba = tf.nn.sigmoid(self.out, name='proba')\n"
    + "        labels = tf.cast(tf.round(proba), tf.int32, name='labels')\n"
    + "        top = tf.cast(tf.argmax(self.out, 0), tf.int32, name='top')\n",
).replace(PREDICT, "            return sess.run(['out:0', 'labels:0', 'top:0'], feed_dict={'x:0': X})\n")


@pytest.fixture(scope="module")
def outcomes():
    assert CASTS.count("name='labels'") == 1 and "'top:0'" in CASTS
    regression, cnn = load_programs([REGRESSION, CNN])
    looked_up = regression.source.replace(
        "    y_pred = sess.run('y_hat:0', feed_dict={'tf_x:0': x_test})\n",
        "    y_hat_t = g.get_tensor_by_name('y_hat:0')\n    y_pred = sess.run(y_hat_t, feed_dict={'tf_x:0': x_test})\n",
    )
    assert "get_tensor_by_name" in looked_up
    return evaluate([regression, cnn, Program("casts", CASTS, META), Program("looked_up", looked_up, regression.meta)])


def test_the_module_level_program_trains_and_predicts_by_name_eagerly(outcomes) -> None:
    outcome = outcomes[REGRESSION]
    assert_session_free_with_baseline_numbers(outcome)
    migrated = outcome.migrated_text
    assert ":0'" not in migrated and "'train_op'" not in migrated, migrated
    assert "y_pred = y_hat(x_test).numpy()" in migrated, migrated


def test_the_migrated_regression_restores_the_tf1_checkpoint(outcomes, tmp_path: Path) -> None:
    """TF1 trains and saves; the migrated program, not training and not saving, restores that checkpoint by name and
    prints TF1's SSE."""
    program = outcomes[REGRESSION]
    baseline = run_as_tf1(program.program.source, tmp_path)
    migrated = program.migrated_text.replace("n_epochs = 60", "n_epochs = 0")
    migrated = migrated.replace("save_checkpoint(checkpoint, './trained-model')", "pass")
    assert "n_epochs = 0" in migrated and "save_checkpoint(checkpoint, './trained" not in migrated
    restored = run_in_a_shared_child(migrated, tmp_path, graph=False)
    assert baseline.strip().splitlines()[-1].startswith("SSE: ")
    assert restored.strip().splitlines()[-1] == baseline.strip().splitlines()[-1], (baseline, restored)


def test_the_builder_program_keeps_the_graph_tier_naming_the_helper_that_stops_it(outcomes) -> None:
    """build_cnn() is read at its call and conv_layer at its calls; fc_layer returns early (``if activation_fn is
    None: return layer``), so the scope it names by its parameter is not known: graph tier, the baseline's numbers."""
    outcome = outcomes[CNN]
    assert_baseline_numbers(outcome)
    messages = [f.message for f in outcome.migration.followups if f.code == "TFM201"]
    assert messages and (
        "function `fc_layer` names an op or scope by a value it is given, and is not read at its calls (it returns "
        "before its end, line 55)" in messages[0]
    ), messages
    assert "return layer" in outcome.program.source.splitlines()[54]


def test_a_tensor_looked_up_by_name_in_the_graph_is_the_op_the_module_built(outcomes) -> None:
    """``g.get_tensor_by_name('y_hat:0')`` on the graph that built it: read as ``y_hat``."""
    assert_session_free_with_baseline_numbers(outcomes["looked_up"])
    assert "get_tensor_by_name" not in outcomes["looked_up"].migrated_text


def test_the_class_reads_casts_of_another_type_by_name(outcomes) -> None:
    assert_session_free_with_baseline_numbers(outcomes["casts"])
    assert "'labels:0'" not in outcomes["casts"].migrated_text


CH14 = load_programs([REGRESSION])[0].source
RESTORE = (
    "with tf.Session(graph=g) as sess:\n    saver.restore(sess, './trained-model')\n"
    "    y_pred = sess.run('y_hat:0', feed_dict={'tf_x:0': x_test})\n"
)
COST = "    cost = tf.reduce_mean(tf.square(tf_y - y_hat), name='cost')\n"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        # the original's restore: a new graph read from the .meta file, whose ops this program does not build
        (
            (
                RESTORE,
                "g2 = tf.Graph()\nwith tf.Session(graph=g2) as sess:\n"
                "    new_saver = tf.train.import_meta_graph('./trained-model.meta')\n"
                "    new_saver.restore(sess, './trained-model')\n"
                "    y_pred = sess.run('y_hat:0', feed_dict={'tf_x:0': x_test})\n",
            ),
            "`cost:0` is fetched or fed by tensor name from a graph the module loads from a file "
            "(`import_meta_graph`, line 52): its ops are not the ones this program builds",
        ),
        # a second op given the name: TF1 numbers it ``cost_1``, and which op a string reads is not read here
        (
            (COST, COST + "    cost2 = tf.reduce_sum(tf_y, name='cost')\n"),
            "`cost:0` is fetched or fed by tensor name, and more than one op of the module is given `name='cost'`",
        ),
        # a variable given the name first (``tf.get_variable('cost', ...)`` takes it by position)
        (
            (COST, "    c0 = tf.get_variable('cost', initializer=tf.zeros([1]))\n" + COST),
            "the module gives the name `cost` more than once (a call's name, a scope's or a variable's): TF1 names "
            "the later op `cost_1`",
        ),
        # the numbered name itself
        (
            ("'cost:0', 'train_op'", "'cost_1:0', 'train_op'"),
            "`cost_1:0` is fetched or fed by tensor name, and no op of the module is given `name='cost_1'`",
        ),
        # a scope prefixes the name: TF1's op is ``loss/cost``
        (
            (COST, "    with tf.name_scope('loss'):\n    " + COST),
            "the op named `cost` is made inside a `with` block that may prefix its name",
        ),
        # the scoped name as a string
        (
            ("'cost:0', 'train_op'", "'loss/cost:0', 'train_op'"),
            "`loss/cost:0` is fetched or fed by tensor name, and names an op under a scope",
        ),
        # made in a loop: one op per pass, numbered
        (
            (COST, "    for _ in range(1):\n    " + COST),
            "the op named `cost` is made inside a loop, condition or lambda, not once by the module body",
        ),
        # the op is not bound to a name of its own
        (
            (COST, "    cost = 2.0 * tf.reduce_mean(tf.square(tf_y - y_hat), name='cost')\n"),
            "the op named `cost` is not bound to a name on a line of its own",
        ),
        # the name the op is bound to is bound again (a function's parameter: the string read there is not the op)
        (
            (
                "x, y = make_random_data()\n",
                "def show(cost):\n    print('cost', cost)\n\n\nx, y = make_random_data()\nshow(len(x))\n",
            ),
            "`cost`, the name its op is bound to, is bound more than once in the module",
        ),
        # a cast to the type its input has returns its input: no op is named ``costf`` (TF1 raises)
        (
            (COST, COST + "    costf = tf.cast(cost, tf.float32, name='costf')\n"),
            None,
        ),
    ],
    ids=[
        "import_meta_graph",
        "given_twice",
        "variable_named_alike",
        "numbered_name",
        "under_a_scope",
        "scoped_string",
        "in_a_loop",
        "not_bound",
        "bound_twice",
        "cast_to_its_own_type",
    ],
)
def test_a_name_the_module_pass_cannot_read_keeps_the_graph_tier(change: tuple[str, str], reason: str | None) -> None:
    assert change[0] in CH14, change[0]
    source = CH14.replace(*change)
    if reason is None:
        source = source.replace("'cost:0', 'train_op'", "'costf:0', 'train_op'")
        reason = "`costf:0` is fetched or fed by tensor name, and its op is made by a call whose result is not read"
    messages = reasons(source)
    assert messages and reason in messages[0], messages


def test_a_graph_read_from_a_graph_def_keeps_the_graph_tier() -> None:
    source = (
        TF2_IMPORT
        + "\n\nwith tf.gfile.GFile('frozen.pb', 'rb') as f:\n    graph_def = tf.GraphDef()\n"
        + "    graph_def.ParseFromString(f.read())\n"
        + "x = tf.placeholder(tf.float32, [None], name='x')\n"
        + "with tf.Session() as sess:\n    tf.import_graph_def(graph_def, name='')\n"
        + "    print(sess.run('y:0', feed_dict={'x:0': [1.0]}))\n"
    )
    messages = reasons(source)
    assert messages and "from a graph the module loads from a file (`import_graph_def`, line 9)" in messages[0]


def _tf_path(node: cst.CSTNode) -> str | None:
    """What the pass's resolve gives ``tf.nn.sigmoid`` under ``import tensorflow as tf``: ``nn.sigmoid``."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.insert(0, node.attr.value)
        node = node.value
    return ".".join(parts) if isinstance(node, cst.Name) and node.value == "tf" and parts else None


def _cast(source: str) -> bool:
    """What cast_ops says of the cast named ``probe`` in ``def f(a, b): ...``."""
    module = cst.parse_module(TF2_IMPORT + "\n\ndef f(a, b):\n" + source)
    call = next(
        n
        for n in descendants(module)
        if isinstance(n, cst.Call) and any(a.keyword is not None and a.keyword.value == "name" for a in n.args)
    )
    return cast_ops.names_its_op(call, _tf_path, module)


# (the body of ``f(a, b)`` ending in the cast named ``probe``, whether cast_ops reads it as making the op)
CASES = [
    ("    return tf.cast(tf.argmax(a, axis=1), tf.int32, name='probe')\n", True),
    ("    return tf.cast(tf.argmax(a, axis=1, output_type=tf.int32), tf.int32, name='probe')\n", False),
    ("    return tf.cast(tf.argmax(a, 1), tf.int64, name='probe')\n", False),
    ("    p = tf.nn.sigmoid(a)\n    return tf.cast(tf.round(p), tf.int32, name='probe')\n", True),
    ("    p = tf.nn.sigmoid(a)\n    p = p + 1.0\n    return tf.cast(tf.round(p), tf.int32, name='probe')\n", False),
    ("    return tf.cast(tf.round(b), tf.int32, name='probe')\n", False),  # a parameter: its type is not read
    ("    return tf.cast(tf.equal(a, b), tf.float32, name='probe')\n", True),
    ("    return tf.cast(tf.nn.softmax(a)[:, 0], tf.int32, name='probe')\n", True),
    ("    return tf.cast(tf.nn.softmax(a), tf.float32, name='probe')\n", False),  # float32 already, or float64
    ("    return tf.cast(tf.placeholder(tf.float32, [None]), tf.int32, name='probe')\n", True),
    ("    return tf.cast(tf.placeholder(tf.int32, [None]), tf.int32, name='probe')\n", False),
    ("    return tf.cast(tf.cast(a, tf.int64), 'int32', name='probe')\n", True),
]


@pytest.mark.parametrize(("body", "names"), CASES)
def test_the_cast_rule(body: str, names: bool) -> None:
    assert _cast(body) is names


def test_each_cast_read_as_making_its_op_does_so_in_tf1(tmp_path: Path) -> None:
    """On TF1, each cast cast_ops reads as making its op returns output 0 of the op named ``probe`` (a new graph
    each, given a float32 matrix and vector)."""
    probes = [body for body, names in CASES if names]
    program = TF2_IMPORT + "\n"
    for i, body in enumerate(probes):
        program += f"\ndef f{i}(a, b):\n{body}"
    program += "\nfor f in [" + ", ".join(f"f{i}" for i in range(len(probes))) + "]:\n"
    program += "    with tf.Graph().as_default():\n"
    program += "        print(f(tf.ones([2, 3]), tf.ones([2, 3])).name)\n"
    printed = run_as_tf1(program, tmp_path).split()
    assert printed == ["probe:0"] * len(probes), printed


def test_a_cast_to_its_inputs_own_type_makes_no_op_in_tf1(tmp_path: Path) -> None:
    """What the refusals stand on: given a tensor already of the type, TF1's cast returns it (no op is named)."""
    printed = run_as_tf1(
        TF2_IMPORT
        + "\nwith tf.Graph().as_default():\n"
        + "    a = tf.argmax(tf.ones([2, 3]), axis=1, output_type=tf.int32)\n"
        + "    print(tf.cast(a, tf.int32, name='probe') is a)\n",
        tmp_path,
    )
    assert printed.split() == ["True"]
