"""What the eager rewrite leaves of a class's TF1 members that nothing uses any more (issue 16, held-out set 25's
deep-Q grid world): the optimizer class a constructor takes (``optimizer=tf.train.AdamOptimizer``, stored as
``self.optimizer``) once the train step builds that optimizer itself, the module-level alias of such a class, and
methods nobody calls that only apply stateless ops to their arguments (``def max_pool_2x2(self, x): return
tf.nn.max_pool(x, ...)``); and the reason given for a loop over an op's tensors counted by a host object
(``for q in tf.split(out, env.action_space.n, axis=1)``, the CartPole agent). The unread optimizer class goes with a
note (inert_optimizer_parameters.py), the op helpers are noted, not followed up (uncalled_methods.py), and a class
still read, passed positionally or read by a method kept as written stays as written."""

from __future__ import annotations

import pytest
from program_checks import assert_session_free_with_baseline_numbers, migrated_with_reasons, reasons
from session_harness import Program, evaluate, graph_markers
from test_rl_agent_shapes import ESTIMATOR, META, STACK

from tfmigrate.api import migrate_source

DEFAULT = ESTIMATOR.format(optimizer="tf.train.AdamOptimizer", passed="")
# the grid world's helpers in small: never called, each a stateless op of its arguments
OP_HELPERS = DEFAULT.replace(
    "    def build(self):",
    "    def conv2d(self, x, W):\n"
    "        return tf.nn.conv2d(x, W, strides=[1, 2, 2, 1], padding='SAME')\n\n"
    "    def max_pool_2x2(self, x):\n"
    "        return tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')\n\n"
    "    def build(self):",
)
PROGRAMS = {"estimator_with_uncalled_op_helpers": OP_HELPERS}
# the grid world's `if self.continue_training is False:` branch never runs: it is kept as written, and said so
KEPT_BRANCH = "the branch under it of this `if` never runs and is kept as written"


def _other(messages: list[str]) -> list[str]:
    """The follow-ups besides the one kept branch, which every program here has once."""
    kept = [m for m in messages if KEPT_BRANCH in m]
    assert len(kept) == 1, messages
    return [m for m in messages if KEPT_BRANCH not in m]


@pytest.fixture(scope="module")
def outcomes():
    return evaluate([Program(name, source, META) for name, source in PROGRAMS.items()])


def _notes(source: str) -> list[tuple[int, str]]:
    result = migrate_source(source)
    return [(c.line, c.message) for c in result.changes if c.code == "TFM201"]


def test_uncalled_op_helpers_are_noted_and_the_program_runs_eagerly_with_the_baseline_numbers(outcomes) -> None:
    outcome = outcomes["estimator_with_uncalled_op_helpers"]
    assert_session_free_with_baseline_numbers(outcome)
    assert not _other(reasons(OP_HELPERS)), reasons(OP_HELPERS)
    text = outcome.migrated_text or ""
    assert "def conv2d(self, x, W):" in text and "def max_pool_2x2(self, x):" in text
    said = [m for _, m in _notes(OP_HELPERS) if "called nowhere" in m]
    assert len(said) == 1 and "`conv2d`, `max_pool_2x2`" in said[0] and "no eager rewrite" in said[0], said


def test_an_uncalled_method_reading_the_instance_keeps_its_follow_up() -> None:
    """``self.x`` was a placeholder; the eager instance holds a value there: the follow-up is true."""
    source = OP_HELPERS.replace("return tf.nn.max_pool(x,", "return tf.nn.max_pool(self.x,")
    result = migrate_source(source)
    followups = _other([f.message for f in result.followups if f.code == "TFM201"])
    assert len(followups) == 1 and "method `max_pool_2x2` is called nowhere" in followups[0], followups
    assert "graph attributes" in followups[0]
    assert any("method `conv2d` is called nowhere" in m for _, m in _notes(source))


def test_the_unread_optimizer_parameter_goes_with_its_store_and_a_note() -> None:
    text, found = migrated_with_reasons(DEFAULT)
    assert not _other([m for _, m in found]) and text is not None
    assert "optimizer=" not in text.split("def __init__", 1)[1].split("):", 1)[0]
    assert "self.optimizer = optimizer" not in text and not graph_markers(text)
    notes = [(line, m) for line, m in _notes(DEFAULT) if "dropped" in m]
    assert len(notes) == 1 and notes[0][0] == 10, notes
    assert "parameter `optimizer` of `QNet.__init__` dropped with `self.optimizer`" in notes[0][1]


KEPT = {
    "read by the module": DEFAULT.replace("print(net.predict(", "print(net.optimizer.__name__)\nprint(net.predict("),
    "passed positionally": ESTIMATOR.format(optimizer="tf.train.AdamOptimizer", passed="").replace(
        "net = QNet(5, 2)", "net = QNet(5, 2, tf.train.AdamOptimizer)"
    ),
    "named by a string": DEFAULT.replace("print(net.predict(", "print(getattr(net, 'optimizer'))\nprint(net.predict("),
    # TF1 never called it: no train step was built from it, so it is no part of the rewrite
    "never called by TF1": DEFAULT.replace("self.optimizer(self.lr)", "tf.train.AdamOptimizer(self.lr)"),
}


@pytest.mark.parametrize("name", sorted(KEPT))
def test_an_optimizer_parameter_still_read_or_passed_stays_as_written(name) -> None:
    result = migrate_source(KEPT[name])
    assert result.migrated is not None
    assert "self.optimizer = optimizer" in result.migrated, name
    assert not [c for c in result.changes if "dropped" in c.message], result.changes


ALIASED = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
optimizer = tf.train.AdamOptimizer
x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None])
w = tf.Variable(tf.random_normal([3, 1], stddev=0.5))
loss = tf.reduce_mean(tf.square(y - tf.reshape(tf.matmul(x, w), [-1])))
train = optimizer(0.1).minimize(loss)
data = np.random.RandomState(1).rand(8, 3).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(3):
    print(sess.run([train, loss], feed_dict={x: data, y: data.sum(1)})[1])
"""


def test_an_alias_nothing_calls_goes_and_one_still_read_stays() -> None:
    text, found = migrated_with_reasons(ALIASED)
    assert not found and text is not None and "\noptimizer = " not in text and not graph_markers(text)
    assert any(line == 5 and "`optimizer = tf.train.AdamOptimizer` dropped" in m for line, m in _notes(ALIASED))
    read = ALIASED + "print(optimizer.__name__)\n"
    kept, found = migrated_with_reasons(read)
    assert not found and kept is not None and "optimizer = tf.compat.v1.train.AdamOptimizer" in kept


def test_a_loop_over_an_op_counted_by_a_host_object_names_the_loop_and_its_count() -> None:
    """The CartPole agent's ``for action_q in tf.split(out, num_or_size_splits=env.action_space.n, axis=1)``: how
    many train ops TF1 built is a host value read at run time."""
    source = STACK.replace(
        "output_layer = fully_connected(fc_layer[fc_layers - 1], 2, None)",
        "import collections\nspace = collections.namedtuple('Space', 'n')(2)\n"
        "output_layer = fully_connected(fc_layer[fc_layers - 1], space.n, None)\n"
        "trains = []\n"
        "for action_q in tf.split(output_layer, num_or_size_splits=space.n, axis=1):\n"
        "    trains.append(tf.train.AdamOptimizer(1e-2).minimize(tf.reduce_mean(tf.squared_difference(target, action_q))))",
    )
    found = reasons(source)
    assert len(found) == 1, found
    assert "a `for` loop over the tensors of tf.split, as many as `space.n`, a host object's value" in found[0]
    assert "does not unroll a loop over an op's tensors" in found[0] and "(line 22)" in found[0], found
