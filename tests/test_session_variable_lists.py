"""TFM201's variable lists (session/gradients.py): ``tf.trainable_variables()``, ``tf.get_collection(...,
scope=...)`` and name filters become the literal list of the variables TF1 listed. The filter is decided on the
names TF1 gave, which tfmigrate computes without TensorFlow: each case runs the program's graph on TF1
(``tf.compat.v1`` + ``disable_v2_behavior()``) and checks that the migrated list holds exactly the variables TF1's
list held, in its order. Shapes whose names cannot be told keep the graph tier with one follow-up at their line.
"""

from __future__ import annotations

import json
import re

import pytest
from program_checks import run_script_in_a_shared_child

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

RUN = """x = tf.placeholder(tf.float32, [None, 1])
loss = tf.reduce_sum(tf.square(x * ({total}) - 1.0))
train = tf.train.GradientDescentOptimizer(0.01).minimize(loss, var_list=selected)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run([train, loss], feed_dict={{x: [[1.0], [2.0]]}})[1])
"""
# (variables and the list, the sum the loss reads)
CASES = {
    "unnamed variables numbered per scope": (
        "a = tf.Variable(1.0)\n"
        "b = tf.Variable(2.0)\n"
        "with tf.variable_scope('gen'):\n"
        "    c = tf.Variable(3.0)\n"
        "    d = tf.Variable(4.0)\n"
        "selected = [v for v in tf.trainable_variables() if 'Variable_1' in v.name]\n",
        "a + b + c + d",
    ),
    "named variables under name and variable scopes": (
        "with tf.name_scope('disc'):\n"
        "    d_w = tf.Variable(0.5, name='d_w')\n"
        "with tf.variable_scope('gen'):\n"
        "    g_w = tf.Variable(0.2, name='g_w')\n"
        "tvars = tf.trainable_variables()\n"
        "selected = [v for v in tvars if v.name.startswith('disc/') or 'g_' in v.name]\n",
        "d_w * g_w",
    ),
    "get_variable ignores name scopes": (
        "with tf.variable_scope('gen'):\n"
        "    with tf.name_scope('inner'):\n"
        "        w = tf.get_variable('w', initializer=tf.constant(0.3))\n"
        "        u = tf.Variable(0.1, name='u')\n"
        "selected = [v for v in tf.trainable_variables() if 'gen/w' in v.name]\n",
        "w + u",
    ),
    "scope regex and trainable=False": (
        "g1 = tf.Variable(0.1, name='g1')\n"
        "with tf.variable_scope('generator'):\n"
        "    g2 = tf.Variable(0.2)\n"
        "    frozen = tf.Variable(0.3, trainable=False)\n"
        "with tf.variable_scope('gen'):\n"
        "    g3 = tf.Variable(0.4)\n"
        "selected = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='gen')\n",
        "g1 + g2 + frozen + g3",
    ),
    "a variable built by a helper called once": (  # the helper's body stands where it is called (called_once.py)
        "def make():\n    return tf.Variable(1.0)\n\nw = make()\nu = tf.Variable(2.0, name='u')\n"
        "selected = [v for v in tf.trainable_variables() if 'u' not in v.name]\n",
        "w * u",
    ),
    "variables built by a helper called twice": (  # each call's body read where it stands (inlined_helpers.py)
        "def make():\n    return tf.Variable(1.0)\n\nw = make()\nv = make()\nselected = tf.trainable_variables()\n",
        "w * v",
    ),
    "names numbered case-insensitively": (
        "big = tf.Variable(1.0, name='W')\n"
        "small = tf.Variable(2.0, name='w')\n"
        "selected = [v for v in tf.trainable_variables() if not v.name.endswith('W:0')]\n",
        "big * small",
    ),
}

TF1 = r"""
import json, sys
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
found = {}
for key, source in json.loads(sys.stdin.read()).items():
    tf.reset_default_graph()
    scope = {"tf": tf}
    exec(source, scope)
    names = {id(v): k for k, v in scope.items() if isinstance(v, tf.Variable)}
    found[key] = [names[id(v)] for v in scope["selected"]]
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def tf1_lists(tmp_path_factory) -> dict[str, list[str]]:
    """The module-level names of the variables each case's list held in TF1 (the runner in the harness's graph
    child)."""
    sources = {key: body for key, (body, _) in CASES.items()}
    out = run_script_in_a_shared_child(TF1, tmp_path_factory.mktemp("tf1_lists"), graph=True, stdin=json.dumps(sources))
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_migrated_list_holds_the_variables_tf1_listed(tf1_lists, case: str) -> None:
    body, total = CASES[case]
    source = "import tensorflow as tf\n\n" + body + RUN.format(total=total)
    result = migrate_source(source, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    listed = re.search(r"^selected = \[(.*)\]$", result.migrated, re.M)
    assert listed is not None, result.migrated
    assert listed.group(1).split(", ") == tf1_lists[case]
    assert "Session" not in result.migrated and "v.name" not in result.migrated


REFUSED = {
    "a filter tfmigrate cannot decide": (
        "w = tf.Variable(1.0)\nselected = [v for v in tf.trainable_variables() if v.name.split('/')[0] == 'w']\n",
        "a variable filter other than a test on `v.name`",
    ),
    "all variables after an optimizer built its slots": (
        "w = tf.Variable(1.0)\n"
        "square = w * w\n"
        "first = tf.train.AdamOptimizer(0.1).minimize(square)\n"
        "selected = tf.global_variables()\n",
        "slot variables",
    ),
    "a scope entered twice": (
        "with tf.variable_scope('gen'):\n    w = tf.Variable(1.0)\n"
        "with tf.variable_scope('gen'):\n    u = tf.Variable(2.0)\n"
        "selected = [v for v in tf.trainable_variables() if 'gen/' in v.name]\n",
        "more than once",
    ),
    "the global norm kept": (
        "w = tf.Variable(1.0)\n"
        "tvars = tf.trainable_variables()\n"
        "grads, norm = tf.clip_by_global_norm(tf.gradients(w * w, tvars), 1.0)\n"
        "step = tf.train.GradientDescentOptimizer(0.1).apply_gradients(zip(grads, tvars))\n"
        "selected = tvars\n"
        "print(norm)\n",
        "global norm",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_shapes_whose_lists_cannot_be_told_keep_the_graph_tier(case: str) -> None:
    body, reason = REFUSED[case]
    source = "import tensorflow as tf\n\n" + body + RUN.format(total="1.0")
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert len(ours) == 1 and reason in ours[0].message, ours
    assert "disable_v2_behavior()" in result.migrated
