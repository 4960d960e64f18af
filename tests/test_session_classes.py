"""TFM201 on programs that build their graph in a class (session/classes.py): the shapes real programs have come out
session-free with the TF1 baseline's numbers (run on real TensorFlow through tests/session_harness.py), the class
keeping its name, attributes and methods; the shapes the proof cannot cover keep the graph tier with one follow-up
naming the line and construct."""

from __future__ import annotations

import re

import pytest
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

# An attribute-only class (the brief's shape): the module trains through ``sess.run([m.train_op, m.loss], ...)``.
ATTRIBUTES = """import numpy as np
import tensorflow as tf

tf.set_random_seed(3)


class Model:
    def __init__(self, lr):
        self.x = tf.placeholder(tf.float32, [None, 3])
        self.y = tf.placeholder(tf.float32, [None, 1])
        self.W = tf.Variable(tf.random_normal([3, 1]))
        self.b = tf.Variable(tf.zeros([1]))
        self.pred = tf.matmul(self.x, self.W) + self.b
        self.loss = tf.reduce_mean(tf.square(self.pred - self.y))
        self.train_op = tf.train.AdamOptimizer(lr).minimize(self.loss)


rng = np.random.RandomState(0)
xs = rng.rand(32, 3).astype(np.float32)
ys = xs.sum(axis=1, keepdims=True)
model = Model(0.1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        _, loss = sess.run([model.train_op, model.loss], feed_dict={model.x: xs, model.y: ys})
        print(step, loss)
    print(sess.run(model.pred, feed_dict={model.x: xs[:2]}))
    print(sess.run(model.W))
"""

# CS224N's scaffold: ``build()`` calls the builders in turn, ``train_on_batch`` is passed the Session (its
# ``add_placeholders`` spelled ``add_inputs``: the harness reads any name containing "placeholder" as graph code).
SESSION_PARAMETER = '''import numpy as np
import tensorflow as tf

tf.set_random_seed(5)


class Model(object):
    """A softmax classifier."""

    def __init__(self, n_features, n_classes):
        self.n_features = n_features
        self.n_classes = n_classes
        self.build()

    def add_inputs(self):
        self.input_placeholder = tf.placeholder(tf.float32, [None, self.n_features])
        self.labels_placeholder = tf.placeholder(tf.int32, [None])

    def add_prediction_op(self):
        self.W = tf.Variable(tf.random_normal([self.n_features, self.n_classes], stddev=0.1))
        self.pred = tf.matmul(self.input_placeholder, self.W)

    def add_training_op(self):
        self.loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=self.labels_placeholder, logits=self.pred)
        )
        self.train_op = tf.train.GradientDescentOptimizer(0.5).minimize(self.loss)

    def build(self):
        self.add_inputs()
        self.add_prediction_op()
        self.add_training_op()

    def train_on_batch(self, sess, inputs_batch, labels_batch):
        _, loss = sess.run(
            [self.train_op, self.loss],
            feed_dict={self.input_placeholder: inputs_batch, self.labels_placeholder: labels_batch},
        )
        return loss


rng = np.random.RandomState(1)
inputs = rng.rand(40, 4).astype(np.float32)
labels = rng.randint(0, 3, 40)
model = Model(4, 3)
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    for epoch in range(4):
        print(epoch, model.train_on_batch(session, inputs, labels))
'''

# MorvanZhou's LSTMRNN shape: the constructor calls its builders inside name and variable scopes.
SCOPED_BUILDERS = """import numpy as np
import tensorflow as tf

tf.set_random_seed(2)


class Net(object):
    def __init__(self, n_in, n_out):
        self.n_in = n_in
        self.n_out = n_out
        with tf.name_scope('inputs'):
            self.xs = tf.placeholder(tf.float32, [None, n_in], name='xs')
            self.ys = tf.placeholder(tf.float32, [None, n_out], name='ys')
        with tf.variable_scope('hidden'):
            self.add_layer()
        with tf.name_scope('cost'):
            self.compute_cost()
        self.train_op = tf.train.AdamOptimizer(0.05).minimize(self.cost)

    def add_layer(self):
        self.W = tf.Variable(tf.random_normal([self.n_in, self.n_out]))
        self.pred = tf.matmul(self.xs, self.W)

    def compute_cost(self):
        self.cost = tf.reduce_mean(tf.square(self.pred - self.ys))


rng = np.random.RandomState(0)
x = rng.rand(20, 3).astype(np.float32)
y = x @ np.ones((3, 2), np.float32)
net = Net(3, 2)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(4):
    _, c = sess.run([net.train_op, net.cost], feed_dict={net.xs: x, net.ys: y})
    print(i, c)
"""

# Layer classes whose constructor locals and parameters share the module's names (``x``, ``n_in``, ``W``): each
# constructor is proved where the module builds its layer, its locals given names of their own there, and back.
SHADOWING_LOCALS = """import numpy as np
import tensorflow as tf

tf.set_random_seed(4)
n_in = 3
W = "not the layer's"


class Layer(object):
    def __init__(self, inpt, n_in, n_out):
        W = tf.Variable(tf.random_normal([n_in, n_out], seed=1), name="W")
        self.W = W
        self.out = tf.nn.relu(tf.matmul(inpt, self.W))


class Head(object):
    def __init__(self, inpt, n_in):
        self.W = tf.Variable(tf.ones([n_in, 1]) * 0.1, name="W")
        self.out = tf.matmul(inpt, self.W)


x = tf.placeholder(tf.float32, [None, n_in])
y = tf.placeholder(tf.float32, [None, 1])
layer = Layer(x, n_in, 4)
head = Head(layer.out, 4)
loss = tf.reduce_mean(tf.square(head.out - y))
train_op = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
rng = np.random.RandomState(1)
xs = rng.rand(16, n_in).astype(np.float32)
ys = xs.sum(axis=1, keepdims=True)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(4):
        print(step, sess.run([train_op, loss], {x: xs, y: ys})[1])
    print(W, sess.run(layer.W).sum())
"""

# The deeplearning-tutorial MLP: a model class constructing two layer classes, its params their sum.
STACKED_BY_A_MODEL = """import numpy as np
import tensorflow as tf


class HiddenLayer(object):
    def __init__(self, inpt, n_in, n_out):
        self.W = tf.Variable(tf.ones([n_in, n_out]) * 0.1, name="W")
        self.b = tf.Variable(tf.zeros([n_out]), name="b")
        self.output = tf.nn.tanh(tf.matmul(inpt, self.W) + self.b)
        self.params = [self.W, self.b]


class LogisticRegression(object):
    def __init__(self, inpt, n_in, n_out):
        self.W = tf.Variable(tf.fill([n_in, n_out], 0.05), name="W")
        self.b = tf.Variable(tf.zeros([n_out]), name="b")
        logits = tf.matmul(inpt, self.W) + self.b
        self.output = tf.nn.softmax(logits)
        self.params = [self.W, self.b]


class MLP(object):
    def __init__(self, inpt, n_in, n_hidden, n_out):
        self.hiddenLayer = HiddenLayer(inpt, n_in, n_hidden)
        self.outputLayer = LogisticRegression(self.hiddenLayer.output, n_hidden, n_out)
        self.params = self.hiddenLayer.params + self.outputLayer.params


x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 2])
mlp = MLP(x, 3, 4, 2)
cost = -tf.reduce_mean(tf.reduce_sum(y * tf.log(mlp.outputLayer.output), axis=1))
train_op = tf.train.GradientDescentOptimizer(0.5).minimize(cost, var_list=mlp.params)
xs = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 1.0, 0.0]], dtype=np.float32)
ys = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(30):
        _, c = sess.run([train_op, cost], {x: xs, y: ys})
        if step % 6 == 0:
            print("step", step, c)
"""

RUNS = {
    "stacked_by_a_model": STACKED_BY_A_MODEL,
    "attributes": ATTRIBUTES,
    "session_parameter": SESSION_PARAMETER,
    "scoped_builders": SCOPED_BUILDERS,
    "shadowing_locals": SHADOWING_LOCALS,
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    programs = [Program(name, source, {"random": "seeded"}) for name, source in RUNS.items()]
    return evaluate(programs, root=tmp_path_factory.mktemp("classes"))


@pytest.mark.parametrize("name", sorted(RUNS))
def test_class_program_comes_out_session_free_with_the_baseline_numbers(outcomes, name: str) -> None:
    outcome = outcomes[name]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    text = outcome.migrated_text or ""
    for name_ in re.findall(r"^class (\w+)", RUNS[name], re.M):
        assert f"\nclass {name_}" in text, name_
    for method in re.findall(r"^    def (\w+)\(self", RUNS[name], re.M):
        assert re.search(rf"^    def {method}\(self", text, re.M), method
    assert outcome.same_numbers, outcome.numbers_match()[1]


BLOCKED = """import tensorflow as tf
{before}

class Model{bases}:
    def __init__(self, sess):
        self.sess = sess
        self.x = tf.placeholder(tf.float32, [None, 2])
        self.W = tf.Variable(tf.zeros([2, 1]))
        self.y = tf.matmul(self.x, self.W)
{methods}

sess = tf.Session()
m = Model(sess)
{after}sess.run(tf.global_variables_initializer())
print(sess.run(m.y, feed_dict={{m.x: [[1.0, 2.0]]}}))
"""


@pytest.mark.parametrize(
    ("before", "bases", "methods", "after", "line", "reason"),
    [
        pytest.param("", "(Base)", "", "", 4, "has a base class", id="subclass"),
        pytest.param(  # the copy's name taken: instance_copies.py declines, the class proof refuses
            "Model__2 = None", "", "", "m2 = Model(sess)\n", 14, "constructed more than once", id="two instances"
        ),
        pytest.param("", "", "", "print(m)\n", 14, "used other than through its attributes", id="instance passed"),
        pytest.param("", "", "", "for m in range(1):\n    pass\n", 14, "`m` is bound again", id="name rebound"),
        pytest.param(
            "",
            "",
            "\n    def scale(self, k):\n        return self.y * k\n",
            "",
            11,
            "neither builds the graph",
            id="method over a graph attribute",  # host code over host attributes is read (host_methods.py)
        ),
        pytest.param(
            "",
            "",
            "\n    def run_y(self, x):\n        self.y = self.sess.run(self.y, feed_dict={self.x: x})\n",
            "",
            12,
            "rebinds `self.y`, which the constructor built",
            id="method rebinds a built attribute",
        ),
    ],
)
def test_class_shapes_the_proof_cannot_show_keep_the_graph_tier(before, bases, methods, after, line, reason) -> None:
    source = BLOCKED.format(before=before, bases=bases, methods=methods, after=after)
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated, result.migrated
    assert len(ours) == 1 and reason in ours[0].message and ours[0].line == line, (ours, source)


def test_an_unblocked_variant_of_the_refusal_program_is_rewritten() -> None:
    """The refusal cases above differ from a program the rewrite takes by their one construct only."""
    source = BLOCKED.format(before="", bases="", methods="", after="")
    result = migrate_source(source, Options(), "program.py")
    assert not [f for f in result.followups if f.code == "TFM201"], result.followups
    assert "Session" not in result.migrated and "class Model:\n    def __init__(self):" in result.migrated
    assert "m = Model()" in result.migrated and "m.y([[1.0, 2.0]])" in result.migrated, result.migrated


def test_a_layer_parameter_named_like_the_fed_placeholder_keeps_the_graph_tier() -> None:
    """``Head(layer.out)`` into ``def __init__(self, x)`` with a module placeholder ``x``: the rewrite's function of
    the fed ``x`` would read the parameter ``x`` under the same name; refused, naming it."""
    source = SHADOWING_LOCALS.replace("def __init__(self, inpt, n_in):", "def __init__(self, x, n_in):").replace(
        "self.out = tf.matmul(inpt, self.W)", "self.out = tf.matmul(x, self.W)"
    )
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert "disable_v2_behavior()" in result.migrated, result.migrated
    assert len(ours) == 1 and "`x` in class `Head` shares its name" in ours[0].message, ours


SORTED_KEY = """import tensorflow as tf


class Net(object):
    def __init__(self):
        with tf.variable_scope("D"):
            self.w = tf.get_variable("w", [2, 1], initializer=tf.ones_initializer())
        self.out = tf.reduce_sum(tf.matmul(tf.constant([[1.0, 2.0]]), self.w))
        self.vars = sorted([v for v in tf.trainable_variables() if v.name.startswith("D/")], key=lambda v: v.name)


net = Net()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(net.out), len(net.vars))
"""


def test_a_sort_key_lambda_in_a_method_is_host_code() -> None:
    """``sorted(..., key=lambda v: v.name)`` reads only its parameter: not a nested function of the graph; the
    follow-up names what does keep the graph tier (the variables' names read under a scope)."""
    result = migrate_source(SORTED_KEY, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert len(ours) == 1 and "Lambda" not in ours[0].message and "v.name" in ours[0].message, ours
    outer = SORTED_KEY.replace("key=lambda v: v.name", "key=lambda v: net")
    ours = [f for f in migrate_source(outer, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(ours) == 1 and "a nested `Lambda` in method `__init__`" in ours[0].message, ours


def test_a_construction_in_the_session_block_reading_the_session_is_read_where_the_session_is_bound() -> None:
    """``with tf.Session() as sess: model = Model(sess)``: read as ``sess = tf.Session()`` then the construction
    (class_sessions.py), so the follow-up names what keeps the graph tier next; with the Session's name read after
    the block (TF1 had closed it there) the construction stays where it is and is named."""
    source = SORTED_KEY.replace("def __init__(self):", "def __init__(self, sess):").replace(
        "net = Net()\nwith tf.Session() as sess:\n", "with tf.Session() as sess:\n    net = Net(sess)\n"
    )
    ours = [f for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(ours) == 1 and "`v.name` is read" in ours[0].message, ours
    ours = [f for f in migrate_source(source + "sess.close()\n", Options(), "program.py").followups]
    ours = [f for f in ours if f.code == "TFM201"]
    assert len(ours) == 1 and "used here other than by one module-level" in ours[0].message, ours


# Two layer classes whose variables TF1 named ``W``/``b`` and ``W_1``/``b_1``, saved by a Saver and resumed.
LAYER_CLASSES_SAVED = """import os

import numpy as np
import tensorflow as tf


class Hidden(object):
    def __init__(self, inp, n_in, n_out):
        self.W = tf.Variable(tf.ones([n_in, n_out]) * 0.1, name="W")
        self.b = tf.Variable(tf.zeros([n_out]), name="b")
        self.output = tf.matmul(inp, self.W) + self.b


class Out(object):
    def __init__(self, inp, n_in, n_out):
        self.W = tf.Variable(tf.ones([n_in, n_out]) * 0.3, name="W")
        self.b = tf.Variable(tf.zeros([n_out]), name="b")
        self.output = tf.matmul(inp, self.W) + self.b


x = tf.placeholder(tf.float32, [None, 2])
h = Hidden(x, 2, 3)
s = Out(h.output, 3, 1)
loss = tf.reduce_mean(tf.square(s.output - 1.0))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
saver = tf.train.Saver()
data = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    if os.path.exists("ck/model.index"):
        saver.restore(sess, "ck/model")
    for i in range(3):
        print(sess.run([train, loss], {x: data})[1])
    os.makedirs("ck", exist_ok=True)
    saver.save(sess, "ck/model")
"""


def test_layer_objects_saved_by_a_saver_resume_from_the_tf1_checkpoint(tmp_path) -> None:
    """The Checkpoint's keywords stay names (``h__W=h.W``; putting the class back once wrote ``h.W=h.W``, which
    does not parse) and the migrated program restores the TF1 program's checkpoint by its variable names."""
    program = Program("layer_classes_saved", LAYER_CLASSES_SAVED, {"random": "seeded", "checkpoint": "resume"})
    outcome = evaluate([program], root=tmp_path)["layer_classes_saved"]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    assert "tf.train.Checkpoint(h__W=h.W, h__b=h.b, s__W=s.W, s__b=s.b)" in (outcome.migrated_text or "")
    assert outcome.same_numbers, (outcome.numbers_match()[1], outcome.resume_match()[1])


# The model file's training script: the class constructed inside ``def train():``, which the guard calls once, saved
# by a Saver and resumed.
BUILT_IN_TRAIN = """import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(7)


class TextModel(object):
    def __init__(self, n_in, lr):
        self.x = tf.placeholder(tf.float32, [None, n_in], name="x")
        self.y = tf.placeholder(tf.float32, [None, 1], name="y")
        self.w = tf.Variable(tf.random_normal([n_in, 1], stddev=0.5), name="w")
        self.b = tf.Variable(tf.zeros([1]), name="b")
        self.pred = tf.matmul(self.x, self.w) + self.b
        self.loss = tf.reduce_mean(tf.square(self.pred - self.y))
        self.train_op = tf.train.GradientDescentOptimizer(lr).minimize(self.loss)


def train():
    model = TextModel(3, 0.1)
    saver = tf.train.Saver()
    rng = np.random.RandomState(1)
    xs = rng.rand(16, 3).astype(np.float32)
    ys = xs.sum(axis=1, keepdims=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        if os.path.exists("ck/model.index"):
            saver.restore(sess, "ck/model")
        for step in range(4):
            loss, _ = sess.run([model.loss, model.train_op], {model.x: xs, model.y: ys})
            print(step, loss)
        print(sess.run(model.pred, {model.x: xs[:2]}).ravel())
        os.makedirs("ck", exist_ok=True)
        saver.save(sess, "ck/model")


if __name__ == "__main__":
    train()
"""


def test_a_class_built_in_a_function_the_guard_calls_once_is_rewritten(tmp_path) -> None:
    """``def train(): model = TextModel(...); with tf.Session() ...`` called once by the guard: the body is the
    module program; the function and the guard stand as before, and the checkpoint restores by TF1's names."""
    program = Program("built_in_train", BUILT_IN_TRAIN, {"random": "seeded", "checkpoint": "resume"})
    outcome = evaluate([program], root=tmp_path)["built_in_train"]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    text = outcome.migrated_text or ""
    assert "\ndef train():\n    model = TextModel(3, 0.1)\n" in text and text.endswith('__main__":\n    train()\n')
    assert outcome.same_numbers, (outcome.numbers_match()[1], outcome.resume_match()[1])


def test_a_class_built_in_a_function_whose_local_another_function_reads_keeps_the_graph_tier() -> None:
    """A local of ``train()`` another function reads as a global (``rng``): at module level that function would
    read it, so the body is not the module program and the construction is named."""
    source = BUILT_IN_TRAIN.replace("def train():", "def noise():\n    return rng.rand()\n\n\ndef train():")
    ours = [f for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(ours) == 1 and "used here other than by one module-level `x = TextModel(...)`" in ours[0].message
    assert "`rng`, a local of function `train`, is read as a global by function `noise`) (line 21)" in (
        ours[0].message
    ), ours
    twice = BUILT_IN_TRAIN.replace("    train()\n", "    train()\n    train()\n")
    ours = [f for f in migrate_source(twice, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(ours) == 1 and "used here other than by one module-level" in ours[0].message, ours
    assert "function `train` is run by more than one statement" in ours[0].message, ours


# The set's model-class shape: the constructor binds each builder's result (``self.logits = self.inference()``),
# a builder with a local and a name scope, the class built in ``train()`` the guard calls once, a Saver resumed.
BOUND_BUILDERS = """import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(11)


class Classifier(object):
    def __init__(self, n_in, n_hidden, lr):
        self.x = tf.placeholder(tf.float32, [None, n_in], name="x")
        self.y = tf.placeholder(tf.float32, [None, 1], name="y")
        self.n_in = n_in
        self.n_hidden = n_hidden
        self.lr = lr
        self.logits = self.inference()
        self.loss_val = self.loss()
        self.train_op = self.train()

    def inference(self):
        with tf.name_scope("hidden"):
            self.w1 = tf.Variable(tf.random_normal([self.n_in, self.n_hidden], stddev=0.4), name="w1")
            hidden = tf.nn.relu(tf.matmul(self.x, self.w1))
        self.w2 = tf.Variable(tf.random_normal([self.n_hidden, 1], stddev=0.4), name="w2")
        return tf.matmul(hidden, self.w2)

    def loss(self):
        return tf.reduce_mean(tf.square(self.logits - self.y))

    def train(self):
        return tf.train.GradientDescentOptimizer(self.lr).minimize(self.loss_val)

"""
BOUND_BUILDERS = BOUND_BUILDERS.replace("tf.set_random_seed(11)", "tf.set_random_seed(7)") + BUILT_IN_TRAIN[
    BUILT_IN_TRAIN.index("\ndef train():") :
].replace("TextModel(3, 0.1)", "Classifier(3, 5, 0.05)").replace("model.pred", "model.logits").replace(
    "[model.loss,", "[model.loss_val,"
)


def test_builder_results_bound_by_the_constructor_are_rewritten(tmp_path) -> None:
    """``self.logits = self.inference()``: proved as the builder binding its result, and put back as written (the
    call binds the attribute, the builder returns it); the checkpoint restores by TF1's names."""
    program = Program("bound_builders", BOUND_BUILDERS, {"random": "seeded", "checkpoint": "resume"})
    outcome = evaluate([program], root=tmp_path)["bound_builders"]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    text = outcome.migrated_text or ""
    assert "        self.logits = self.inference()\n        self.loss_val = self.loss()\n" in text, text
    assert "        self.logits = logits\n        return self.logits\n" in text, text
    assert outcome.same_numbers, (outcome.numbers_match()[1], outcome.resume_match()[1])


def test_a_builder_named_twice_keeps_the_graph_tier() -> None:
    """A builder the module calls again (``model.loss()`` after construction) is no builder: the follow-up names
    the constructor's call, as before."""
    source = BOUND_BUILDERS.replace(
        "    saver = tf.train.Saver()\n", "    saver = tf.train.Saver()\n    model.loss()\n"
    )
    ours = [f for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(ours) == 1 and "calls method `loss` while building the graph" in ours[0].message, ours


def test_a_class_attribute_stored_again_and_a_computed_property_are_named() -> None:
    """A computed ``@property`` over a graph value (``"{}_{}".format(self.model_name, self.loss)``) keeps the graph
    tier (host data over plain attributes is read, test_class_properties.py), and so does a class constant some
    statement stores again; each follow-up names the member and its line (was "holds more than plain methods")."""
    source = ATTRIBUTES.replace("class Model:\n", 'class Model:\n    model_name = "M"\n\n').replace(
        "        self.train_op = tf.train.AdamOptimizer(lr).minimize(self.loss)\n",
        "        self.train_op = tf.train.AdamOptimizer(lr).minimize(self.loss)\n\n    @property\n"
        '    def model_dir(self):\n        return "{}_{}".format(self.model_name, self.loss)\n',
    )
    ours = [f for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(ours) == 1 and "@property `model_dir` reads `self.loss`, which is not one" in ours[0].message, ours
    assert "(line 20)" in ours[0].message, ours  # the `def` line
    stored = ATTRIBUTES.replace("class Model:\n", 'class Model:\n    model_name = "M"\n\n') + 'model.model_name = "N"\n'
    ours = [f for f in migrate_source(stored, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(ours) == 1 and "holds class attribute `model_name` (line 8)" in ours[0].message, ours


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        pytest.param(
            "    SIZE, DEPTH = divmod(7, 4)\n",
            "holds class attributes `SIZE, DEPTH` bound by one tuple unpacking of other than as many literals (class "
            "constants are read as `NAME = literal` or `A, B = literal, literal`) (line 8)",
            id="a tuple unpacking of a call",  # ``SIZE, DEPTH = 3, 1`` is read: test_class_constants_by_one_tuple...
        ),
        pytest.param(
            "    # a comment\n    if True:\n        SIZE = 3\n",
            "holds `if True:`, a member other than a method or a class constant (line 9)",
            id="another member",
        ),
    ],
)
def test_class_members_the_proof_does_not_read_are_named(members: str, reason: str) -> None:
    """Each member the class proof does not read is named with its line (was "holds more than plain methods",
    naming none)."""
    source = ATTRIBUTES.replace("class Model:\n", f"class Model:\n{members}\n")
    ours = [f for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(ours) == 1 and f"class `Model` builds graph ops and {reason}" in ours[0].message, ours


# A class constant (``model_name = "M"``) read through the instance, by a method's property and by the module.
CONSTANT = (
    ATTRIBUTES.replace("class Model:\n", 'class Model:\n    model_name = "M"\n    scale = 2\n\n').replace(
        "        self.train_op = tf.train.AdamOptimizer(lr).minimize(self.loss)\n",
        "        self.train_op = tf.train.AdamOptimizer(lr * self.scale).minimize(self.loss)\n\n    @property\n"
        "    def tag(self):\n        return self.model_name\n",
    )
    + "print(model.tag, model.scale * 2, 1.5)\n"
)


def test_a_class_constant_read_through_the_instance_is_rewritten(tmp_path) -> None:
    """``model_name = "M"``, ``scale = 2`` at class level, read as ``self.scale`` while building and through the
    instance: the constructor's first bindings for the proof, back at class level in the output."""
    outcome = evaluate([Program("class_constant", CONSTANT, {"random": "seeded"})], root=tmp_path)["class_constant"]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    text = outcome.migrated_text or ""
    assert 'class Model:\n    model_name = "M"\n    scale = 2\n\n    def __init__(self, lr):\n' in text, text
    assert "self.model_name =" not in text and "self.scale =" not in text, text
    assert outcome.same_numbers, outcome.numbers_match()[1]


# Held-out 29's CnnModel: ``IMAGE_H, IMAGE_W, IMAGE_C = 28, 28, 1`` and ``CHKP_DIR_BASE_NAME = EVENT_DIR_BASE_NAME``.
TUPLE_CONSTANTS = (
    ATTRIBUTES.replace(
        "class Model:\n",
        'class Model:\n    N_IN, N_OUT, SCALE = 3, 1, 2.0  # inputs, outputs\n    TAG = "m"\n    NAME = TAG\n\n',
    )
    .replace("[None, 3]", "[None, self.N_IN]")
    .replace("[None, 1]", "[None, self.N_OUT]")
    .replace("AdamOptimizer(lr)", "AdamOptimizer(lr * self.SCALE)")
    + "print(model.NAME, model.N_IN, model.N_OUT)\n"
)


def test_class_constants_by_one_tuple_unpacking_are_rewritten(tmp_path) -> None:
    """``N_IN, N_OUT, SCALE = 3, 1, 2.0`` and ``NAME = TAG`` (a constant bound to one before it) at class level: each
    the constructor's first binding for the proof, the class body as written in the output."""
    program = Program("tuple_constants", TUPLE_CONSTANTS, {"random": "seeded"})
    outcome = evaluate([program], root=tmp_path)["tuple_constants"]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    text = outcome.migrated_text or ""
    written = 'class Model:\n    N_IN, N_OUT, SCALE = 3, 1, 2.0  # inputs, outputs\n    TAG = "m"\n    NAME = TAG\n\n'
    assert written + "    def __init__(self, lr):\n" in text, text
    assert "self.N_IN =" not in text and "self.NAME =" not in text, text
    assert outcome.same_numbers, outcome.numbers_match()[1]


def test_a_class_derived_from_a_graph_class_is_named() -> None:
    """The template's ``class ExampleModel(BaseModel)``: the follow-up names the hierarchy, at the derived class's
    line (was "class `BaseModel` ... is used here other than by one module-level `x = BaseModel(...)`")."""
    source = ATTRIBUTES.replace(
        "class Model:\n",
        "class Base:\n    def __init__(self):\n        self.step = "
        'tf.Variable(0, trainable=False, name="step")\n\n\nclass Model(Base):\n',
    )
    ours = [f for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]
    assert len(ours) == 1 and "class `Model` derives from class `Base`, which builds graph ops" in ours[0].message
    assert "(line 12)" in ours[0].message, ours
