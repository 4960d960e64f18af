"""A scope entered again is refused with the name TF1 gave it, nested scopes included
(session/scope_numbering.py): each refusal's claim is checked against the names TF 2.21's ``tf.compat.v1`` gives
the same program. ``outer`` entered twice numbers ``outer`` (``outer_1/gen``), not the ``gen`` inside it; a scope
under another name scope is not numbered at all; layers are numbered per variable scope."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from program_checks import reasons, run_in_a_shared_child, tf1_source

from tfmigrate.transforms.session import scope_numbering

HEAD = "import numpy as np\nimport tensorflow as tf\n\nx = tf.placeholder(tf.float32, [None, 2])\n"
TAIL = """\
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + tf.matmul(x, u)))
selected = [v for v in tf.trainable_variables() if 'gen' in v.name]
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=selected)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run([train, loss], {x: np.ones((3, 2), np.float32)})[1])
    print(u.name)
"""
W, U = "w = tf.Variable(tf.ones([2, 1]))", "u = tf.Variable(tf.ones([2, 1]))"
SAVED = TAIL.replace("with tf.Session() as sess:", "saver = tf.train.Saver()\nwith tf.Session() as sess:")
NUMBERED = {
    "module level": HEAD + f"with tf.variable_scope('gen'):\n    {W}\nwith tf.variable_scope('gen'):\n    {U}\n" + TAIL,
    "within one outer scope": HEAD
    + f"with tf.name_scope('outer'):\n    with tf.variable_scope('gen'):\n        {W}\n"
    + f"    with tf.variable_scope('gen'):\n        {U}\n"
    + TAIL,
    "name scopes of saved variables": HEAD
    + f"with tf.name_scope('gen'):\n    {W}\nwith tf.name_scope('gen'):\n    {U}\n"
    + SAVED.replace("    print(u.name)", "    saver.save(sess, './model.ckpt')\n    print(u.name)"),
}
APART = {
    "each in an outer scope entered twice": HEAD
    + f"with tf.name_scope('outer'):\n    with tf.variable_scope('gen'):\n        {W}\n"
    + f"with tf.name_scope('outer'):\n    with tf.variable_scope('gen'):\n        {U}\n"
    + TAIL,
    "under another scope": HEAD
    + f"with tf.variable_scope('gen'):\n    {W}\nwith tf.variable_scope('b'):\n    with tf.variable_scope('gen'):\n        {U}\n"
    + TAIL,
}
CLAIMED = re.compile(r"TF1 named the later entry(?:'s name scope)? `([^`]+)`")
UNDER = re.compile(r"again under `([^`]+)` \(line \d+\)")


def _reason(source: str) -> str:
    found = reasons(source)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("name", sorted(NUMBERED))
def test_the_name_a_refusal_says_tf1_numbered_is_tf1s(name: str, tmp_path: Path) -> None:
    source = NUMBERED[name]
    claimed = CLAIMED.search(_reason(source))
    assert claimed is not None, _reason(source)
    printed = run_in_a_shared_child(tf1_source(source), tmp_path, graph=True).splitlines()[-1]
    assert printed.startswith(claimed.group(1) + "/"), (claimed.group(1), printed)


@pytest.mark.parametrize("name", sorted(APART))
def test_a_scope_met_under_another_name_scope_is_not_said_to_be_numbered(name: str, tmp_path: Path) -> None:
    source = APART[name]
    reason = _reason(source)
    assert CLAIMED.search(reason) is None and "numbered" not in reason, reason
    under = UNDER.search(reason)
    assert under is not None, reason
    printed = run_in_a_shared_child(tf1_source(source), tmp_path, graph=True).splitlines()[-1]
    assert printed == f"{under.group(1)}/gen/Variable:0", (under.group(1), printed)


FACTS = """\
import tensorflow as tf

x = tf.zeros([1, 2])
with tf.name_scope('outer'):
    with tf.variable_scope('a'):
        g = tf.get_variable('g', [1])
        v = tf.Variable(1.0, name='v')
with tf.name_scope('outer'):
    with tf.variable_scope('a', reuse=True):
        g2 = tf.get_variable('g', [1])
        v2 = tf.Variable(1.0, name='v')
with tf.variable_scope('s'):
    d1 = tf.layers.dense(x, 2)
    with tf.variable_scope('t'):
        d2 = tf.layers.dense(x, 2)
    d3 = tf.layers.dense(x, 2)
with tf.variable_scope('dense'):
    pass
d4 = tf.layers.dense(x, 2)
print(' '.join(t.name for t in (v, v2, g, g2)))
print(' '.join(v.name for v in tf.global_variables() if v.name.endswith('kernel:0')))
"""


def test_the_numbering_the_reasons_describe_is_tf1s(tmp_path: Path) -> None:
    """The words of each kind, against TF1: the later entry of a variable scope numbers its name scope only (its
    tf.Variable ``outer_1/a/v``, its get_variable ``a/g`` as before), and unnamed layers count per variable scope,
    after a variable scope of their name (``dense_1``)."""
    out = run_in_a_shared_child(tf1_source(FACTS), tmp_path, graph=True, legacy_keras=True).splitlines()
    assert out[-2] == "outer/a/v:0 outer_1/a/v:0 a/g:0 a/g:0", out
    assert out[-1] == "s/dense/kernel:0 s/t/dense/kernel:0 s/dense_1/kernel:0 dense_1/kernel:0", out
    assert "`outer_1`" in scope_numbering.renumbered("outer_1", scope_numbering.NAME_SCOPE)
    variable = scope_numbering.renumbered("outer_1", scope_numbering.VARIABLE_SCOPE)
    assert "name scope `outer_1`" in variable and "variable scope" in variable and "is not numbered" in variable
    layer = scope_numbering.renumbered("dense", scope_numbering.LAYER)
    assert "`variable_scope('dense')` then the layer: `dense_1`" in layer and "within its variable scope" in layer
