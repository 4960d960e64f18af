"""Reports are for people: one follow-up per cause per file, and none for a user's own attribute on ``tf``."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tfmigrate import FollowUp, Options, migrate_source
from tfmigrate.engine import one_per_cause

ESTIMATOR = textwrap.dedent(
    """
    import tensorflow as tf

    def model_fn(features, labels, mode):
        if mode == tf.estimator.ModeKeys.TRAIN:
            return tf.estimator.EstimatorSpec(mode, loss=1.0)
        return tf.estimator.EstimatorSpec(mode, predictions={})

    est = tf.estimator.Estimator(model_fn)
    """
).lstrip()


def test_one_follow_up_per_cause_at_its_first_line() -> None:
    result = migrate_source(ESTIMATOR, Options(), "est.py")
    estimator = [f for f in result.followups if "tf.estimator was removed" in f.message]
    assert len(estimator) == 1
    assert estimator[0].line == 4
    assert estimator[0].message.endswith("(and 3 more: lines 5, 6, 8)")


def test_causes_stay_apart_by_rule_and_message() -> None:
    found = one_per_cause(
        [
            FollowUp(7, "TFM305", "gone"),
            FollowUp(3, "TFM305", "gone"),
            FollowUp(3, "TFM305", "gone"),  # the same site reported twice counts once
            FollowUp(5, "TFM101", "gone"),
            FollowUp(4, "TFM305", "other"),
        ]
    )
    assert found == [
        FollowUp(3, "TFM305", "gone (and 1 more: line 7)"),
        FollowUp(4, "TFM305", "other"),
        FollowUp(5, "TFM101", "gone"),
    ]


def test_one_cause_per_notebook_names_the_other_cells() -> None:
    found = one_per_cause(
        [
            FollowUp(9, "TFM305", "gone", cell=2),
            FollowUp(4, "TFM305", "gone", cell=1),
            FollowUp(2, "TFM305", "gone", cell=2),
            FollowUp(6, "TFM305", "gone", cell=1),
            FollowUp(1, "TFM101", "gone", cell=3),
        ]
    )
    assert found == [
        FollowUp(4, "TFM305", "gone (and 3 more: line 6; cell 2 lines 2, 9)", cell=1),
        FollowUp(1, "TFM101", "gone", cell=3),
    ]


def test_no_follow_up_for_an_attribute_the_file_sets_on_tf() -> None:
    source = textwrap.dedent(
        """
        import tensorflow as tf

        tf.model = tf.keras.Sequential()
        tf.model.add(tf.keras.layers.Dense(units=1, input_dim=1))
        tf.model.fit(x_train, y_train, epochs=200)
        tf.modle.predict(x_train)
        """
    ).lstrip()
    result = migrate_source(source, Options(), "hunkim.py")
    assert [(f.line, f.code) for f in result.followups] == [(6, "TFM101")]  # the typo is still reported
    assert "tf.modle" in result.followups[0].message


# A Saver program training with TF1 RMSProp: the eager rewrite covers it (issue 16); with Adadelta, whose Keras
# update differs, it stays in graph mode and the report must name what needs graph mode.
TRAINING = """\
import tensorflow as tf

W = tf.Variable(tf.random_normal([1]), name="weight")
cost = tf.reduce_mean(tf.square(W * [1.0, 2.0] - [1.0, 2.0]))
optimizer = tf.train.RMSPropOptimizer(learning_rate=0.01)
train = optimizer.minimize(cost)
saver = tf.train.Saver()
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(train)
saver.save(sess, "/tmp/m.ckpt")
"""


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        pytest.param(
            TRAINING, "`optimizer.minimize(...)` is given a loss tensor, not a callable (line 6)", id="bound optimizer"
        ),
        pytest.param(
            TRAINING.replace("optimizer = ", "train = ")
            .replace("train = optimizer.minimize(cost)\n", "")
            .replace("learning_rate=0.01)", "learning_rate=0.01).minimize(cost)"),
            "`tf.train.RMSPropOptimizer(...).minimize(...)` is given a loss tensor, not a callable (line 5)",
            id="chained minimize",
        ),
    ],
)
def test_graph_mode_reason_names_minimize_not_the_optimizer(source: str, reason: str) -> None:
    """Under --keep-graph-mode (no eager rewrite): a TF1 optimizer runs eagerly; minimizing a loss tensor is what
    keeps the checkpoint-only conversion from running."""
    result = migrate_source(source, Options(select=("TFM201",), keep_graph_mode=True), "prog.py")
    [followup] = [f for f in result.followups if f.code == "TFM201"]
    assert followup.message.rpartition("Needs graph mode: ")[2] == reason


def _saver_reasons(source: str, name: str = "prog.py") -> list[str]:
    result = migrate_source(source, Options(), name)
    return [f.message.rpartition("Needs graph mode: ")[2] for f in result.followups if f.code == "TFM201"]


def test_saver_follow_up_names_what_blocked_the_eager_rewrite() -> None:
    """The eager rewrite handles minimize(loss tensor); Adadelta is what keeps this Saver program in graph mode."""
    assert _saver_reasons(TRAINING.replace("RMSPropOptimizer", "AdadeltaOptimizer")) == [
        "tf.train.AdadeltaOptimizer: TF1 Adadelta's epsilon and learning rate defaults differ from Keras' (line 5)"
    ]


def test_rmsprop_saver_program_runs_eagerly() -> None:
    """TF1 RMSProp maps to TF1RMSProp (TF1's kernel, epsilon, and mean square started at 1): no follow-up."""
    result = migrate_source(TRAINING, Options(), "prog.py")
    assert not [f for f in result.followups if f.code == "TFM201"]
    assert "TF1RMSProp(learning_rate=0.01, epsilon=1e-10)" in result.migrated
    assert "Session" not in result.migrated and '"velocity", "ones")' in result.migrated


# A placeholder does not need graph mode once the eager rewrite can run: the helper function is what blocks it.
HELPER = """\
import tensorflow as tf


def model(x, w):
    if w.shape[0] > 1:
        return x
    return tf.matmul(x, w)


x = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable(tf.zeros([2, 1]), name="w")
y = model(x, w)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0]]}))
    saver.save(sess, "/tmp/m.ckpt")
"""


def test_saver_follow_up_names_the_function_not_the_placeholder() -> None:
    [reason] = _saver_reasons(HELPER)
    assert reason == (
        "`model` branches on or calls `w`, passed something other than a constant here "
        "(TF1 decided once, when it built the graph) (line 12)"
    )


@pytest.mark.parametrize(
    ("program", "reason"),
    [
        pytest.param(
            "golbin_05_tensorboard2",
            "the Saver saves the TF1 optimizer state of `train_op` and `train_op_2`, whose non-slot variables TF1 "
            "numbered by graph order (line 43)",
            id="golbin two optimizers' slots behind eager summaries",
        ),
        pytest.param(
            "tf_fully_connected_feed",
            # training() is read at its call now (``tf.summary`` is no read of the holder's local ``summary``),
            # its summary with it: inference's rebound ``weights`` is what stops
            "function `inference`: `weights` is bound twice (line 36)",
            id="fully_connected_feed",
        ),
    ],
)
def test_real_saver_programs_get_one_follow_up_with_the_true_cause(program: str, reason: str) -> None:
    """These programs were reported as "tf.placeholder needs graph mode" / "tf.to_int64 needs graph mode" (three
    more, aymeric_save_restore_model, golbin_05_tensorboard2 and nlintz_10_save_restore_net, convert now)."""
    path = Path(__file__).parent / "programs" / f"{program}.py"
    source = path.read_text()
    if program == "golbin_05_tensorboard2":  # a second optimizer in the Saver: a cause of the Saver's own
        source = source.replace(
            "    tf.summary.scalar(",
            "    train_op_2 = tf.train.AdamOptimizer(0.1).minimize(cost)\n    tf.summary.scalar(",
        )
    result = migrate_source(source, Options(), path.name)
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert len(ours) == 1, ours
    assert ours[0].message.rpartition("Needs graph mode: ")[2] == reason
    # A cause of the Saver's own (it saves TF1 optimizer slots) is not blamed on the Session program.
    session_blocked = "TF1 optimizer state" not in reason
    assert ("with its Session program" in ours[0].message) == session_blocked


RESET_TWICE = textwrap.dedent(
    """
    import tensorflow as tf
    from tensorflow.python.framework import ops
    ops.reset_default_graph()

    a = tf.Variable(1.0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(a.assign_add(1.0))
    print(sess.run(a))

    ops.reset_default_graph()
    first = sess
    sess = tf.Session()
    b = tf.Variable(2.0)
    sess.run(tf.global_variables_initializer())
    print(sess.run(b))
    """
).lstrip()


def test_lines_a_message_names_are_lines_of_the_file_as_read() -> None:
    """An earlier rule drops the ``ops`` import line; the follow-up's line and the lines its message names are lines
    of the file as read (the message used to name the line above each)."""
    result = migrate_source(RESET_TWICE, Options(), "reset.py")
    assert "from tensorflow.python.framework import ops" not in result.migrated
    [blocked] = [f for f in result.followups if f.code == "TFM201"]
    lines = RESET_TWICE.splitlines()
    assert lines[blocked.line - 1] == "first = sess"
    assert blocked.line == 12
    assert (lines[5], lines[10]) == ("sess = tf.Session()", "ops.reset_default_graph()")
    assert "(line 6)" in blocked.message and "(line 11)" in blocked.message and "(line 12)" in blocked.message


MAIN_AT_MODULE_LEVEL = """\
import numpy as np
import tensorflow as tf


def main():
    x = tf.placeholder(tf.float32, [None, 4])
    with tf.Session() as sess:
        print(sess.run(x, {x: np.ones((1, 4))}))


if __name__ == "__main__":
    main()
    main()
"""

CONTRIB_INITIALIZER = """\
import tensorflow as tf

v = tf.get_variable("v", [3, 3], initializer=tf.contrib.layers.variance_scaling_initializer())
w = tf.contrib.layers.fully_connected(v, 3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(w).shape)
"""


def test_a_module_level_function_is_not_said_to_be_inside_a_block() -> None:
    """Run twice, ``main`` keeps the graph tier (called once, it converts: the eager_main_* fixtures)."""
    [followup] = [f for f in migrate_source(MAIN_AT_MODULE_LEVEL, Options(), "m.py").followups if f.code == "TFM201"]
    assert "function `main`" in followup.message and "inside a block" not in followup.message


def test_the_reason_marks_a_call_another_rule_replaces_as_written() -> None:
    """TFM201 decides before TFM104 (then TFM103) rewrite tf.contrib: the reason names the call as written and says
    the diff replaces it (it used to name it as if it were still in the output)."""
    result = migrate_source(CONTRIB_INITIALIZER, Options(), "c.py")
    assert "tf.contrib" not in result.migrated
    [followup] = [f for f in result.followups if f.code == "TFM201"]
    assert (
        "`tf.contrib.layers.fully_connected` (as written; this diff replaces it) has no proven eager equivalent here "
        "(line 4)" in followup.message
    ), followup.message


@pytest.mark.parametrize(
    ("program", "reason"),
    [
        pytest.param(
            "chiphuyen_04_word2vec",
            "TensorFlow is used in `main` beside the call of `word2vec` (line 80)",
            id="word2vec: the dataset built in main and passed in",
        ),
    ],
)
def test_session_program_in_a_function_names_its_true_blocker(program: str, reason: str) -> None:
    """A Session program inside ``main()`` / ``run_training()`` used to be reported as "function `main` uses
    TensorFlow (the Session program is not all at module level)"; its body is proved now, and what blocks it is named
    at its own line."""
    path = Path(__file__).parent / "programs" / f"{program}.py"
    result = migrate_source(path.read_text(), Options(), path.name)
    [followup] = [f for f in result.followups if f.code == "TFM201"]
    assert reason in followup.message, followup.message
    assert "not all at module level" not in followup.message
    line = int(reason.rpartition("(line ")[2].rstrip(")"))
    assert followup.line == line or "Saver" in followup.message  # a Saver's follow-up stands at the Saver


TUPLE_PROGRAM = """\
import numpy as np
import tensorflow as tf


def model(x):
{body}


x = tf.placeholder(tf.float32, [None, 6])
{site}
with tf.Session() as sess:
    print(sess.run(y, feed_dict={{x: np.ones((2, 6), np.float32)}}))
"""


@pytest.mark.parametrize(
    ("body", "site", "line", "reason"),
    [
        pytest.param(
            "    first, *rest = tf.split(x, 3, axis=1)\n    return first + rest[0]",
            "y = model(x)",
            6,
            "function `model`: a tuple unpacking `first, *rest = ...` (helpers are modelled as assignments and one "
            "return)",
            id="starred unpacking in a helper",
        ),
        pytest.param(
            "    weights = dict()\n    for k in ['w']:\n        weights[k] = tf.ones([6, 2])\n"
            "    return tf.matmul(x, weights['w'])",
            "y = model(x)",
            7,
            "function `model`: a `For` statement (not modelled in a helper)",
            # straight-line item assignments are read at the call now (tests/test_helper_item_dicts.py, which also
            # names the item assignment where the call is not read); was "a tuple unpacking" (held-out 29, r2)
            id="a dict built by item assignment in a helper's loop",
        ),
        pytest.param(
            "    return tf.split(x, 3, axis=1)",
            "first, *rest = model(x)\ny = first + rest[0]",
            10,
            "graph values are unpacked from a tuple into `first, *rest` (only distinct plain names are modelled)",
            id="starred unpacking of a helper's tuple",
        ),
        pytest.param(
            "    units = 4\n"
            "    cell = tf.nn.rnn_cell.BasicLSTMCell(units)\n"
            "    outputs, _states = tf.nn.static_rnn(cell, [x], dtype=tf.float32)\n"
            "    return outputs[-1]",
            "y = [model(x) for _ in range(2)][1]",  # a call that runs twice (once, it is read in place)
            7,
            "function `model`: tf.nn.rnn_cell.BasicLSTMCell makes a new RNN cell (variables of its own at its first run) "
            "on every call",
            id="an RNN cell built per call from a local",
        ),
    ],
)
def test_tuple_refusals_name_the_tuple(body: str, site: str, line: int, reason: str) -> None:
    """Unpacked graph values that stay in graph mode are reported as what they are (the reason used to be "an
    `assign` statement"), and an RNN cell a helper builds is refused, not taken for an op computed per call."""
    result = migrate_source(TUPLE_PROGRAM.format(body=body, site=site), Options(), "prog.py")
    [ours] = [f for f in result.followups if f.code == "TFM201"]
    assert ours.line == line
    assert f": {reason} (line {line});" in ours.message
    assert "Session()" in result.migrated


WITH_AS = """\
import tensorflow as tf


def layer(x, name):
    with tf.name_scope(name) as scope:
        w = tf.get_variable(name + '_w', [3, 2])
        y = tf.layers.batch_normalization(tf.matmul(x, w), training=True){read}
    return tf.nn.relu(y)


x = tf.placeholder(tf.float32, [None, 3])
out = layer(x, 'fc')
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(out, {{x: [[1., 2., 3.]]}}))
"""


def test_an_unread_with_as_name_is_read_without_it() -> None:
    """``with tf.name_scope(name) as scope:`` whose ``scope`` nothing reads (held-out 29's dl_mnist_fnn_bn): read as
    the block without it (unread_scope_names.py), the program is session-free (it used to stop here, its follow-up
    saying the name was unread; tests/test_unread_scope_names.py runs such a program against its baseline); a read
    name keeps the block's ``as`` and the reason."""
    unread = migrate_source(WITH_AS.format(read=""), Options(), "p.py")
    assert not [f for f in unread.followups if f.code == "TFM201"], unread.followups
    assert unread.migrated is not None and "with tf.name_scope('fc'):" in unread.migrated, unread.migrated
    source = WITH_AS.format(read="\n        print(scope)")
    [read] = [f for f in migrate_source(source, Options(), "p.py").followups if f.code == "TFM201"]
    assert "a `with` of several items or with `as` (line 5)" in read.message, read


def test_a_module_alias_beside_session_functions_is_no_shared_value() -> None:
    """``graph_util = tf.graph_util`` beside ``train()`` and ``test()`` (held-out 29's kc_cae_freeze_pb): a module
    alias is no value a Session computes, so the follow-up is the one the import spelling gets (it used to say
    "several functions open Sessions beside module-level TensorFlow values they may share" at the alias)."""
    source = SESSION_FUNCTIONS.format(setup="graph_util = tf.graph_util")
    imported = SESSION_FUNCTIONS.format(setup="from tensorflow.compat.v1 import graph_util")
    [alias] = [f for f in migrate_source(source, Options(), "p.py").followups if f.code == "TFM201"]
    [spelled] = [f for f in migrate_source(imported, Options(), "p.py").followups if f.code == "TFM201"]
    assert "beside module-level TensorFlow values" not in alias.message, alias
    reason = "tf.graph_util.convert_variables_to_constants has no proven eager equivalent here (line 12)"
    assert (alias.line, alias.message) == (spelled.line, spelled.message), (alias, spelled)
    assert alias.line == 12 and f"(tf.compat.v1 + disable_v2_behavior): {reason};" in alias.message, alias
    shared_value = "graph_util = tf.graph_util\nones = tf.ones([3, 2])"  # a graph value the functions may share
    value = SESSION_FUNCTIONS.format(setup=shared_value)
    [shared] = [f for f in migrate_source(value, Options(), "p.py").followups if f.code == "TFM201"]
    assert "beside module-level TensorFlow values they may share (line 3)" in shared.message, shared


SESSION_FUNCTIONS = """\
import tensorflow as tf
{setup}


def train():
    x = tf.placeholder(tf.float32, [None, 3], name='x')
    w = tf.Variable(tf.ones([3, 2]))
    y = tf.identity(tf.matmul(x, w), name='y')
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print(sess.run(y, {{x: [[1., 2., 3.]]}}))
        frozen = graph_util.convert_variables_to_constants(sess, sess.graph.as_graph_def(), ['y'])
        print(len(frozen.node) > 0)


def evaluate():
    with tf.Session() as sess:
        print('evaluate')


train()
"""


FIXTURES_201 = Path(__file__).parent / "fixtures" / "TFM201"


def _tfm201(name: str) -> FollowUp:
    source = (FIXTURES_201 / f"{name}.before.py").read_text(encoding="utf-8")
    [followup] = [f for f in migrate_source(source, Options(), f"{name}.py").followups if f.code == "TFM201"]
    return followup


def test_a_refused_variable_scope_gives_its_own_reason_at_the_name_read() -> None:
    """Held-out 4 (s33_gan): a module-level ``with tf.variable_scope(...)`` refused because the program reads
    ``var.name`` was reported as 'called while the graph runs', before any Session was open."""
    followup = _tfm201("fallback_variable_scope_name_read")
    assert followup.line == 14
    assert "while the graph runs" not in followup.message
    assert "`var.name` is read" in followup.message and "tf.variable_scope('generator') (line 6)" in followup.message


def test_a_rebound_saver_names_each_line_once() -> None:
    """Held-out 4 (aspratyush): the reason, the fallback's own ``(line N)`` and the '1 more' of one_per_cause each
    named the second binding."""
    followup = _tfm201("fallback_saver_rebound_other_arguments")
    assert followup.line == 19
    assert "bound more than once (lines 19, 30)" in followup.message
    assert followup.message.count("30") == 1 and "more:" not in followup.message, followup.message


SECOND_INTERACTIVE_AFTER_A_RUN = """\
import tensorflow as tf

W = tf.Variable(tf.zeros([2]))
first = tf.InteractiveSession()
first.run(tf.global_variables_initializer())
first.run(W.assign([1.0, 2.0]))
print(first.run(W))
sess = tf.InteractiveSession()
sess.run(tf.global_variables_initializer())
print(sess.run(W))
"""


def test_a_second_session_after_the_first_changed_a_variable_starts_it_over() -> None:
    """A later Session's initializer run puts back the initial values the first Session's assign changed
    (second_sessions.py); it is no reason to keep graph mode."""
    result = migrate_source(SECOND_INTERACTIVE_AFTER_A_RUN, Options(), "s.py")
    assert not [f for f in result.followups if f.code == "TFM201"]
    assert result.migrated is not None
    body = result.migrated.split("W = tf.Variable(tf.zeros([2]))\n", 1)[1]
    assert body == ("W.assign([1.0, 2.0])\nprint(W.numpy())\nW.assign(tf.zeros([2]))\nprint(W.numpy())\n"), (
        result.migrated
    )


NUMBERED_THEN_REPEATED_SAVER = """\
import tensorflow as tf

W = tf.Variable(tf.zeros([2]))
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "ckpt/model", global_step=1)
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, "ckpt/model-1")
    print(sess.run(W))
"""


def test_a_repeated_saver_after_numbered_saves_keeps_the_graph_tier() -> None:
    """A new TF1 Saver forgets the checkpoints the first one numbered (max_to_keep); the eager program's one
    numbered-saves object (_numbered_saves.py) would not."""
    [followup] = [
        f for f in migrate_source(NUMBERED_THEN_REPEATED_SAVER, Options(), "n.py").followups if f.code == "TFM201"
    ]
    assert "bound more than once (lines 4, 8)" in followup.message, followup.message


def test_a_printed_graph_tensor_is_named_as_what_keeps_the_graph_tier() -> None:
    """TF1 prints ``Tensor("Add:0", shape=(), dtype=float32)`` for ``print(node3)``; eager code would print the
    value. Where tfmigrate cannot tell that name (``tf.cast`` may or may not build an op; session/graph_repr.py),
    the program keeps the graph tier, and the reason says that rather than "used outside Session.run"."""
    source = textwrap.dedent(
        """\
        import tensorflow as tf

        node1 = tf.constant(3.0)
        node2 = tf.cast(4.0, tf.float32)
        node3 = tf.add(node1, node2)
        print("node3:", node3)
        sess = tf.Session()
        print(sess.run(node3))
        """
    )
    result = migrate_source(source, Options(), "prog.py")
    (followup,) = [f for f in result.followups if f.code == "TFM201"]
    assert followup.line == 6
    assert "`node3` is printed as a graph object" in followup.message
    assert "tf.compat.v1.Session()" in result.migrated
