"""Blockers held-out set 12 found in real TF1 programs (issue 16), each a shape of its own: a graph name bound again
after its last graph use (``W`` for each layer, ``x`` for the graph input and later for the host data), an op run
with ``Operation.run(session=sess)``, RNN cells imported from TensorFlow's private modules, a numpy call in an
initializer helper with Variables in dicts stored by key, and a helper that only builds ops called inside a run."""

from __future__ import annotations

import re
from pathlib import Path

import libcst as cst
import numpy as np
import pytest
from program_checks import (
    assert_session_free_with_baseline_numbers,
    eager,
    reasons,
    run_in_a_shared_child,
)
from session_harness import evaluate, load_programs

from tfmigrate.api import migrate_source
from tfmigrate.config import Options
from tfmigrate.transforms._checkpoint import tf_path
from tfmigrate.transforms.session import keyed_dicts, later_rebinds

SET12 = [
    "reasons_layer_names_rebound",
    "reasons_input_name_rebound_to_data",
    "reasons_initializer_run_with_session",
    "reasons_private_rnn_modules",
    "reasons_dict_slots_xavier_helper",
    "reasons_helper_called_in_run",
]
PROGRAMS = Path(__file__).parent / "programs"
BASELINE = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"


@pytest.fixture(scope="module")
def outcomes():
    return evaluate(load_programs(SET12))


@pytest.mark.parametrize("name", SET12)
def test_set12_program_is_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    assert_session_free_with_baseline_numbers(outcomes[name])


def _saver(node: cst.CSTNode) -> str | None:
    """``tf.train.Saver`` as the eager rewrite's resolver names it; nothing else matters to the pass."""
    return "train.Saver" if isinstance(node, cst.Attribute) and node.attr.value == "Saver" else None


def _rename(source: str) -> str | None:
    done = later_rebinds.rename(cst.parse_module(source), _saver, lambda node: 0)
    return None if done is None else done[0].code


LAYERS = """import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
W = tf.Variable(tf.ones([2, 3]))
h = tf.matmul(x, W)
W = tf.Variable(tf.ones([3, 1]) * 2.0)
y = tf.matmul(h, W)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0]]}), sess.run(W))
"""


def test_a_later_binding_takes_a_fresh_name_up_to_the_next() -> None:
    renamed = _rename(LAYERS)
    assert renamed is not None
    assert "W_1 = tf.Variable(tf.ones([3, 1]) * 2.0)" in renamed and "y = tf.matmul(h, W_1)" in renamed, renamed
    assert "h = tf.matmul(x, W)\n" in renamed and "sess.run(W_1)" in renamed, renamed


def test_a_reading_of_the_earlier_value_in_the_rebinding_keeps_it() -> None:
    renamed = _rename("a = 1\na = a + 1\nprint(a)\n")
    assert renamed == "a = 1\na_1 = a + 1\nprint(a_1)\n", renamed


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("W = 1\ndef f():\n    return W\nW = 2\nprint(f())\n", id="a function reads the name"),
        pytest.param("W = 1\nfor i in range(2):\n    W = W + i\nprint(W)\n", id="bound in a loop"),
        pytest.param("W = 1\nif W:\n    W = 3\nprint(W)\n", id="bound in a branch"),
        pytest.param("W = 1\nW += 2\nprint(W)\n", id="augmented"),
        pytest.param("W = 1\nW = 2\nprint(globals()['W'])\n", id="the namespace read by name"),
        pytest.param(
            "import tensorflow as tf\ns = tf.train.Saver()\ns = tf.train.Saver(max_to_keep=2)\nprint(s)\n",
            id="a Saver bound again",
        ),
    ],
)
def test_rebindings_whose_reads_cannot_be_told_stay_as_written(source: str) -> None:
    assert _rename(source) is None


def test_the_refusal_names_the_rebinding_where_a_function_reads_the_name() -> None:
    source = LAYERS.replace("y = tf.matmul(h, W)\n", "def out(v):\n    return v * W\ny = tf.matmul(h, W)\n")
    (found,) = reasons(source)
    assert "`W` is bound more than once" in found, found


def test_a_baseline_checkpoint_restores_into_the_renamed_variables(tmp_path: Path) -> None:
    source = (PROGRAMS / "reasons_layer_names_rebound.py").read_text()
    run_in_a_shared_child(source.replace("import tensorflow as tf\n", BASELINE, 1), tmp_path, graph=True)
    restoring = source.replace(
        "    sess.run(tf.global_variables_initializer())\n", '    saver.restore(sess, "./layers.ckpt")\n'
    ).replace("    for step in range(80):", "    for step in range(0):")
    restoring = restoring.replace('saver.save(sess, "./layers.ckpt")', 'saver.save(sess, "./again.ckpt")')
    migrated = eager(restoring)
    assert "W_1" in migrated and "Session" not in migrated, migrated
    baseline = run_in_a_shared_child(restoring.replace("import tensorflow as tf\n", BASELINE, 1), tmp_path, graph=True)
    got = run_in_a_shared_child(migrated, tmp_path, graph=False)
    assert np.allclose(_numbers(got), _numbers(baseline), rtol=1e-5), (got, baseline)


def _numbers(text: str) -> np.ndarray:
    return np.array([float(n) for n in re.findall(r"-?\d+\.\d+(?:e[-+]?\d+)?", text)])


def test_operation_run_with_a_session_is_read_as_the_session_run() -> None:
    migrated = eager((PROGRAMS / "reasons_initializer_run_with_session.py").read_text())
    assert "session=" not in migrated and "initializer" not in migrated, migrated


def test_operation_run_refused_otherwise_keeps_its_text_and_no_false_reason() -> None:
    source = (PROGRAMS / "reasons_initializer_run_with_session.py").read_text()
    source = source.replace("print(w.eval(session=sess))", "print(w.eval(session=sess), sess.graph)")
    found = reasons(source)
    assert found and not any("while the graph runs" in f for f in found), found
    migrated = migrate_source(source, Options(), "program.py").migrated
    assert migrated is not None and "tf.compat.v1.global_variables_initializer().run(session=sess)" in migrated


@pytest.mark.parametrize(
    ("qualified", "path"),
    [
        ("tensorflow.python.ops.rnn_cell.GRUCell", "nn.rnn_cell.GRUCell"),
        ("tensorflow.python.ops.rnn_cell_impl.BasicLSTMCell", "nn.rnn_cell.BasicLSTMCell"),
        ("tensorflow.python.ops.rnn.dynamic_rnn", "nn.dynamic_rnn"),
        ("tensorflow.python.ops.rnn_cell.nest", None),
        ("tensorflow.python.ops.array_ops.concat", None),
    ],
)
def test_private_rnn_names_are_read_as_their_public_names(qualified: str, path: str | None) -> None:
    assert tf_path({qualified}) == path


def test_a_dict_filled_by_key_is_read_as_names() -> None:
    source = "w, n = {}, 3\nw['a'] = {'h': 1}\nw['b'] = 2\nprint(w['a']['h'], w['b'], n)\n"
    done = keyed_dicts.slots(cst.parse_module(source), lambda node: None, lambda node: 0)
    assert done is not None
    assert done[0].code == "w, n = {}, 3\nw_a = {'h': 1}\nw_b = 2\nprint(w_a['h'], w_b, n)\n", done[0].code


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("w = {}\nw['a'] = 1\nprint(w)\n", id="used whole"),
        pytest.param("w = {}\nw['a'] = 1\nw['a'] = 2\nprint(w['a'])\n", id="stored twice"),
        pytest.param("w = {}\nk = 'a'\nw[k] = 1\nprint(w[k])\n", id="a key that is not a literal"),
        pytest.param("w = {}\nfor i in range(2):\n    w['a'] = i\nprint(w['a'])\n", id="stored in a loop"),
        pytest.param("w = {'a': 1}\nw['b'] = 2\nprint(w['a'])\n", id="not bound empty"),
        pytest.param("w = {}\nprint(w.get('a'))\nw['a'] = 1\n", id="read before its store"),
    ],
)
def test_dicts_used_otherwise_keep_their_subscripts(source: str) -> None:
    assert keyed_dicts.slots(cst.parse_module(source), lambda node: None, lambda node: 0) is None


def test_a_store_by_key_that_is_refused_says_so() -> None:
    source = """import tensorflow as tf

w = {}
w['a'] = tf.Variable(tf.zeros([2]))
w['a'] += 1.0
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(w['a']))
"""
    (found,) = reasons(source)
    assert "stored into `w['a']`, which is not a plain name" in found and "tuple" not in found, found


def test_a_numpy_side_effect_in_a_helper_still_keeps_the_graph_tier() -> None:
    source = (PROGRAMS / "reasons_dict_slots_xavier_helper.py").read_text()
    source = source.replace("low = -constant * np.sqrt(", "low = -constant * np.random.uniform(0.9, 1.1) * np.sqrt(")
    (found,) = reasons(source)
    assert "np.random.uniform" in found, found


def test_a_helper_whose_local_shares_its_name_is_called_eagerly_in_a_run() -> None:
    migrated = eager((PROGRAMS / "reasons_helper_called_in_run.py").read_text())
    assert "print(length(exam).numpy())" in migrated, migrated
