"""TFM201 on a graph class derived from a base class only it uses (session/class_hierarchy.py): the project
template's ``class ExampleModel(BaseModel)`` comes out session-free with the TF1 baseline's numbers and resumes from
the TF1 checkpoint by its names (run on real TensorFlow through tests/session_harness.py), the base class and the
``super().__init__(...)`` call kept where they stood; the hierarchies the merge cannot show keep the graph tier with
the follow-up naming the hierarchy."""

from __future__ import annotations

import pytest
from session_harness import Program, evaluate

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options


def migrated_with_the_baseline_numbers(name: str, source: str, tmp_path) -> str:
    """The seeded program's migrated text, once it is shown session-free and printing the TF1 run's numbers."""
    outcome = evaluate([Program(name, source, {"random": "seeded"})], root=tmp_path)[name]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    assert outcome.same_numbers, outcome.numbers_match()[1]
    return outcome.migrated_text or ""


def kept_in_graph_mode(source: str) -> str:
    """The one TFM201 follow-up of a program the rewrite leaves in graph mode."""
    result = migrate_source(source, Options(), "program.py")
    ours = [f for f in result.followups if f.code == "TFM201"]
    assert len(ours) == 1 and "tf.compat.v1.Session()" in (result.migrated or ""), (ours, result.migrated)
    return ours[0].message


# The project template's model hierarchy (ainklain/qinv qdeep/base/base_model.py@7169876, a copy of the template's
# base/base_model.py; psanch21/VAE-GMVAE base/base_graph.py@1b5b73d holds the same counters): the base builds the
# global-step and epoch counters in variable scopes from its constructor's builders and leaves ``build_model`` and
# ``init_saver`` to the derived class, which calls ``super(ExampleModel, self).__init__(config)`` first. Written in
# the template's shape for this test (the trainer's loop at module level): two dense layers of tf.Variables kept as
# attributes, GradientDescent, the Saver built by ``init_saver`` and restored from ``latest_checkpoint``.
TEMPLATE = """import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(3)


class Config(object):
    learning_rate = 0.05
    max_to_keep = 2
    num_epochs = 3
    num_iter_per_epoch = 4


class BaseModel:
    def __init__(self, config):
        self.config = config
        # init the global step
        self.init_global_step()
        # init the epoch counter
        self.init_cur_epoch()

    # just initialize a tensorflow variable to use it as epoch counter
    def init_cur_epoch(self):
        with tf.variable_scope('cur_epoch'):
            self.cur_epoch_tensor = tf.Variable(0, trainable=False, name='cur_epoch')
            self.increment_cur_epoch_tensor = tf.assign(self.cur_epoch_tensor, self.cur_epoch_tensor + 1)

    # just initialize a tensorflow variable to use it as global step counter
    def init_global_step(self):
        # DON'T forget to add the global step tensor to the tensorflow trainer
        with tf.variable_scope('global_step'):
            self.global_step_tensor = tf.Variable(0, trainable=False, name='global_step')

    def init_saver(self):
        # just copy the following line in your child class
        # self.saver = tf.train.Saver(max_to_keep=self.config.max_to_keep)
        raise NotImplementedError

    def build_model(self):
        raise NotImplementedError


class ExampleModel(BaseModel):
    def __init__(self, config):
        super(ExampleModel, self).__init__(config)
        self.build_model()
        self.init_saver()

    def build_model(self):
        self.x = tf.placeholder(tf.float32, shape=[None, 4])
        self.y = tf.placeholder(tf.float32, shape=[None, 3])

        # network architecture
        self.w1 = tf.Variable(tf.truncated_normal([4, 8], stddev=0.5), name="w1")
        self.b1 = tf.Variable(tf.zeros([8]), name="b1")
        d1 = tf.nn.relu(tf.matmul(self.x, self.w1) + self.b1)
        self.w2 = tf.Variable(tf.truncated_normal([8, 3], stddev=0.5), name="w2")
        self.b2 = tf.Variable(tf.zeros([3]), name="b2")
        d2 = tf.matmul(d1, self.w2) + self.b2

        with tf.name_scope("loss"):
            self.cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=self.y, logits=d2))
            self.train_step = tf.train.GradientDescentOptimizer(self.config.learning_rate).minimize(self.cross_entropy,
                                                                                         global_step=self.global_step_tensor)
            correct_prediction = tf.equal(tf.argmax(d2, 1), tf.argmax(self.y, 1))
            self.accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

    def init_saver(self):
        # here you initialize the tensorflow saver that will be used in saving the checkpoints.
        self.saver = tf.train.Saver(max_to_keep=self.config.max_to_keep)


config = Config()
model = ExampleModel(config)
rng = np.random.RandomState(0)
data_x = rng.rand(32, 4).astype(np.float32)
data_y = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 32)]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    latest_checkpoint = tf.train.latest_checkpoint("ck")
    if latest_checkpoint:
        print("Loading model checkpoint {} ...".format(latest_checkpoint))
        model.saver.restore(sess, latest_checkpoint)
    for cur_epoch in range(model.cur_epoch_tensor.eval(sess), config.num_epochs + 1, 1):
        losses = []
        accs = []
        for it in range(config.num_iter_per_epoch):
            batch = rng.choice(32, 8)
            _, loss, acc = sess.run([model.train_step, model.cross_entropy, model.accuracy],
                                    feed_dict={model.x: data_x[batch], model.y: data_y[batch]})
            losses.append(loss)
            accs.append(acc)
        print(cur_epoch, np.mean(losses), np.mean(accs), sess.run(model.global_step_tensor))
        sess.run(model.increment_cur_epoch_tensor)
    os.makedirs("ck", exist_ok=True)
    model.saver.save(sess, os.path.join("ck", "model"), model.global_step_tensor)
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    program = Program("template_hierarchy", TEMPLATE, {"random": "seeded", "checkpoint": "resume"})
    return evaluate([program], root=tmp_path_factory.mktemp("hierarchy"))["template_hierarchy"]


def test_the_template_hierarchy_runs_eagerly_with_the_baseline_numbers(template) -> None:
    """Seeded TF1 run and migrated run print the same numbers; the migrated run restores the TF1 Saver's
    checkpoint (the counters ``global_step/global_step`` and ``cur_epoch/cur_epoch`` by their TF1 names)."""
    assert template.baseline.ok, template.baseline.stderr
    assert template.session_free, template.migrated_text
    assert template.same_numbers, (template.numbers_match()[1], template.resume_match()[1])


def test_the_base_class_and_the_super_call_stand_as_written(template) -> None:
    """The base's builders are rewritten in the base, its methods the derived class overrides are left as they were,
    and the derived constructor still calls ``super()``."""
    text = template.migrated_text or ""
    assert "class BaseModel:\n    def __init__(self, config):\n        self.config = config\n" in text, text
    assert "class ExampleModel(BaseModel):\n    def __init__(self, config):\n" in text, text
    assert "        super(ExampleModel, self).__init__(config)\n        self.build_model()\n" in text, text
    assert "def increment_cur_epoch_tensor():" in text.split("class ExampleModel")[0], text
    assert text.count("raise NotImplementedError") == 2, text


# The held-out set's shape, in the zero-argument ``super()`` spelling.
COUNTERS = """import numpy as np
import tensorflow as tf

tf.set_random_seed(5)


class BaseModel(object):
    def __init__(self, lr):
        self.lr = lr
        with tf.variable_scope("global_step"):
            self.global_step_tensor = tf.Variable(0, trainable=False, name="global_step")

    def build(self):
        raise NotImplementedError


class Model(BaseModel):
    def __init__(self, lr):
        super().__init__(lr)
        self.build()

    def build(self):
        self.x = tf.placeholder(tf.float32, [None, 2])
        self.y = tf.placeholder(tf.float32, [None, 1])
        self.w = tf.Variable(tf.random_normal([2, 1], stddev=0.3))
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, self.w) - self.y))
        self.train_op = tf.train.GradientDescentOptimizer(self.lr).minimize(
            self.loss, global_step=self.global_step_tensor
        )

"""
# Both minimal programs train the same way: MAIN.format(arguments of the construction, what each step prints, what
# the last line prints).
MAIN = """
m = Model({})
xs = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 0.5]], np.float32)
ys = np.array([[5.0], [4.0], [4.0]], np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(5):
        _, loss = sess.run([m.train_op, m.loss], {{m.x: xs, m.y: ys}})
        print({})
    print({}.ravel())
"""
COUNTERS += MAIN.format("0.05", "sess.run(m.global_step_tensor), loss", "sess.run(m.w)")


@pytest.mark.parametrize("call", ["super().__init__(lr)", "BaseModel.__init__(self, lr)"])
def test_a_base_constructor_call_is_rewritten(call: str, tmp_path) -> None:
    source = COUNTERS.replace("super().__init__(lr)", call)
    text = migrated_with_the_baseline_numbers("counters_" + call[:5], source, tmp_path)
    assert f"class Model(BaseModel):\n    def __init__(self, lr):\n        {call}\n" in text, text


# The base constructor calling the build the derived class defines, the derived class without a constructor.
INHERITED_CONSTRUCTOR = COUNTERS.replace(
    '            self.global_step_tensor = tf.Variable(0, trainable=False, name="global_step")\n',
    '            self.global_step_tensor = tf.Variable(0, trainable=False, name="global_step")\n        self.build()\n',
).replace("    def __init__(self, lr):\n        super().__init__(lr)\n        self.build()\n\n", "")


def test_a_derived_class_without_a_constructor_is_rewritten(tmp_path) -> None:
    text = migrated_with_the_baseline_numbers("inherited_constructor", INHERITED_CONSTRUCTOR, tmp_path)
    assert "        self.build()\n\n    def build(self):\n        raise NotImplementedError\n" in text, text
    assert "class Model(BaseModel):\n    def build(self):\n" in text, text


def test_a_base_method_running_the_session_is_rewritten_in_the_base(tmp_path) -> None:
    """``def step(self, sess): return sess.run(self.global_step_tensor)`` in the base: computed eagerly, in the
    base, its Session parameter gone (``def step(self):``, no stray comma)."""
    source = COUNTERS.replace(
        "    def build(self):\n        raise NotImplementedError\n",
        "    def build(self):\n        raise NotImplementedError\n\n    def step(self, sess):\n"
        "        return sess.run(self.global_step_tensor)\n",
    ).replace("print(sess.run(m.global_step_tensor), loss)", "print(m.step(sess), loss)")
    text = migrated_with_the_baseline_numbers("base_runner", source, tmp_path)
    assert "    def step(self):\n        return self.global_step_tensor.numpy()\n\n\nclass Model" in text, text


# What would make the merged class mean something else: id -> (COUNTERS' text, its replacement).
UNMERGED = {
    "a computed argument": ("        super().__init__(lr)\n", "        super().__init__(lr * 2)\n"),
    "the passed parameter bound again": (
        "        super().__init__(lr)\n",
        "        lr = lr / 2\n        super().__init__(lr)\n",
    ),
    # (``b = BaseModel``, an alias bound once, is read as the class since class_aliases.py: the output keeps it)
    "the base named by the module": ("m = Model(0.05)\n", "m = Model(0.05)\nprint(isinstance(m, BaseModel))\n"),
    # (a second derived class the program never constructs is set aside: test_unconstructed_derived_classes_...)
    "a second derived class also constructed": (
        "class Model(BaseModel):\n",
        "class Other(BaseModel):\n    pass\n\n\nother = Other(0.1)\n\n\nclass Model(BaseModel):\n",
    ),
    "a second derived class named in a string": (
        "class Model(BaseModel):\n",
        "class Other(BaseModel):\n    pass\n\n\nprint(globals().get('Other'))\n\n\nclass Model(BaseModel):\n",
    ),
    "a private name": (
        "    def build(self):\n        raise",
        "    def __build(self):\n        pass\n\n    def build(self):\n        raise",
    ),
}


@pytest.mark.parametrize("case", UNMERGED)
def test_hierarchies_the_merge_cannot_show_keep_the_graph_tier(case: str) -> None:
    """What would make the merged class mean something else keeps the graph tier; the follow-up still names the
    hierarchy or the construct."""
    source = COUNTERS.replace(*UNMERGED[case], 1)
    assert source != COUNTERS
    assert "derives from class `BaseModel`, which builds graph ops" in kept_in_graph_mode(source)


def test_a_second_derived_class_constructed_is_named_with_its_line() -> None:
    source = COUNTERS.replace(*UNMERGED["a second derived class also constructed"], 1)
    line = kept_in_graph_mode(source)
    assert "the program names 2 classes of this hierarchy (`Other` line 21, `Model` line 39)" in line, line


# Two derived classes beside the one constructed (held-out set 28's RNN models: ``LSTM``, ``GRU`` and ``BiRNN``
# deriving from ``BasicRNN``, one constructed), neither named by the program.
SIBLINGS = (
    "class Model(BaseModel):\n",
    "class Wide(BaseModel):\n    def build(self):\n        self.w = tf.Variable(tf.zeros([2, 1]))\n\n\n"
    "class Narrow(BaseModel):\n    def __init__(self, lr):\n        super().__init__(lr)\n\n\n"
    "class Model(BaseModel):\n",
)


def test_unconstructed_derived_classes_are_left_as_written(tmp_path) -> None:
    """The one class constructed is read merged with its base, as if its siblings were not there; they stand as
    written, with a line saying they are TF1 code still."""
    source = COUNTERS.replace(*SIBLINGS, 1)
    text = migrated_with_the_baseline_numbers("siblings", source, tmp_path)
    assert "class Wide(BaseModel):\n    def build(self):\n        self.w = tf.Variable(tf.zeros([2, 1]))\n" in text
    assert (
        "class Narrow(BaseModel):\n    def __init__(self, lr):\n        super().__init__(lr)\n\n\nclass Model(" in text
    )
    result = migrate_source(source, Options(), "program.py")
    lines = [f.message for f in result.followups if f.code == "TFM201"]
    assert lines == [
        f"class `{name}` derives from `BaseModel` and the program never constructs it: left as TF1 code (not "
        "migrated to eager); migrate it by hand before constructing it"
        for name in ("Wide", "Narrow")
    ], lines


# Both programs below start alike: HEAD.format(seed, class name).
HEAD = """import numpy as np
import tensorflow as tf

tf.set_random_seed({})


class {}(object):
    def __init__(self, lr):
        self.x = tf.placeholder(tf.float32, [None, 2])
        self.y = tf.placeholder(tf.float32, [None, 1])
        self.w = tf.Variable(tf.random_normal([2, 1], stddev=0.3), name="w")
"""
# The base class constructed itself, a derived class overriding its builder never constructed (held-out set 28's
# ``BasicRNN`` used directly).
BASE_USED = (
    HEAD.format(6, "Regressor")
    + """        self.pred = self.inference(self.x)
        self.loss = tf.reduce_mean(tf.square(self.pred - self.y))
        self.train_op = tf.train.GradientDescentOptimizer(lr).minimize(self.loss)

    def inference(self, x):
        return tf.matmul(x, self.w)


class Doubled(Regressor):
    def inference(self, x):
        return 2.0 * tf.matmul(x, self.w)

"""
)
BASE_USED += MAIN.format("0.05", "loss", "sess.run(m.w)").replace("m = Model(", "m = Regressor(")


def test_a_base_constructed_beside_an_unconstructed_derived_class_is_rewritten(tmp_path) -> None:
    text = migrated_with_the_baseline_numbers("base_used", BASE_USED, tmp_path)
    assert "class Doubled(Regressor):\n    def inference(self, x):\n        return 2.0 * tf.matmul(x, self.w)\n" in text


# A base constructor opening the Session, passed the derived constructor's parameter (held-out set 28's
# distributed-training ``Model``, whose ``Single`` calls ``super().__init__()``).
SESSION_BASE = (
    HEAD.format(8, "Model")
    + """        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, self.w) - self.y))
        self.train_op = tf.train.GradientDescentOptimizer(lr).minimize(self.loss)
        self.sess = tf.Session()
        self.sess.run(tf.global_variables_initializer())

    def train(self, xs, ys):
        raise NotImplementedError


class Single(Model):
    def __init__(self, lr, steps):
        super().__init__(lr)
        self.steps = steps

    def train(self, xs, ys):
        for i in range(self.steps):
            _, loss = self.sess.run([self.train_op, self.loss], {self.x: xs, self.y: ys})
            print(i, loss)
        print(self.sess.run(self.w).ravel())


xs = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 0.5]], np.float32)
ys = np.array([[5.0], [4.0], [4.0]], np.float32)
single = Single(0.05, 5)
single.train(xs, ys)
"""
)


def test_a_session_opened_by_a_base_constructor_is_rewritten_where_it_stands(tmp_path) -> None:
    """The base constructor is read in the derived one (constructor_methods.py), its parameter the derived one's;
    the rewrite goes back into the base constructor, the ``super()`` call kept."""
    text = migrated_with_the_baseline_numbers("session_base", SESSION_BASE, tmp_path)
    assert "class Model(object):\n    def __init__(self, lr):\n        self.w = tf.Variable(" in text, text
    assert "    def __init__(self, lr, steps):\n        super().__init__(lr)\n        self.steps = steps\n" in text


# What would make a base's method mean something else in the merged class: id -> (COUNTERS' text, its replacement,
# what the follow-up names).
HIERARCHY = "derives from class `BaseModel`, which builds graph ops"
UNMERGED_METHODS = {
    "a metaclass other than ABCMeta": (
        "class BaseModel(object):",
        "class BaseModel(object, metaclass=type):",
        "class `BaseModel` builds graph ops and has a base class (not modelled)",
    ),
    "super() calling another method": (
        "        self.build()\n\n    def build(self):\n        self.x",
        "        self.build()\n\n    def build(self):\n        super().__init__(0.1)\n        self.x",
        HIERARCHY,
    ),
    "a second base from another module": (
        "class Model(BaseModel):",
        "class Model(loader.Loader, BaseModel):",
        HIERARCHY + " (a hierarchy is modelled only where the program constructs one class of it",
    ),
    "two super() calls of the method": (
        "    def build(self):\n        self.x",
        "    def build(self):\n        super().build()\n        super().build()\n        self.x",
        HIERARCHY,
    ),
}


@pytest.mark.parametrize("case", UNMERGED_METHODS)
def test_base_methods_the_merge_cannot_read_keep_the_graph_tier(case: str) -> None:
    old, new, named = UNMERGED_METHODS[case]
    source = COUNTERS.replace(old, new, 1)
    assert source != COUNTERS
    assert named in kept_in_graph_mode(source)


# A minimal reproduction of the model classes' constructor shapes: ``self.n_in, self.lr = n_in, lr`` (a tuple
# store into attributes binds no local), a builder passed the constructor's own names (a count and a tensor,
# ``self.build(n_hidden, h0)`` into ``def build(self, n_hidden, h0)``) and another its parameter
# (``self.add_train_op(lr)``).
BUILDER_ARGUMENTS = """import numpy as np
import tensorflow as tf

tf.set_random_seed(5)


class Model(object):
    def __init__(self, n_in, lr):
        self.n_in, self.lr = n_in, lr
        n_hidden = 6
        self.x = tf.placeholder(tf.float32, [None, n_in])
        self.y = tf.placeholder(tf.float32, [None, 1])
        h0 = tf.nn.relu(self.x)
        self.build(n_hidden, h0)
        self.add_train_op(lr)

    def build(self, n_hidden, h0):
        self.w1 = tf.Variable(tf.random_normal([self.n_in, n_hidden], stddev=0.3), name="w1")
        h = tf.nn.tanh(tf.matmul(h0, self.w1))
        self.w2 = tf.Variable(tf.random_normal([n_hidden, 1], stddev=0.3), name="w2")
        self.pred = tf.matmul(h, self.w2)
        self.loss = tf.reduce_mean(tf.square(self.pred - self.y))

    def add_train_op(self, lr):
        self.train_op = tf.train.GradientDescentOptimizer(lr).minimize(self.loss)

"""
BUILDER_ARGUMENTS += MAIN.format("2, 0.05", "loss", "sess.run(m.pred, {m.x: xs})")


def test_builders_passed_the_constructors_own_names_are_rewritten(tmp_path) -> None:
    """The calls and the builders' parameters stand as written; the tensor passed is now the function of the fed
    values the rewrite made of it."""
    text = migrated_with_the_baseline_numbers("builder_arguments", BUILDER_ARGUMENTS, tmp_path)
    assert "        self.build(n_hidden, h0)\n        self.add_train_op(lr)\n" in text, text
    assert "    def build(self, n_hidden, h0):\n" in text and "        def h0(x):\n" in text, text


# id -> (BUILDER_ARGUMENTS' text, its replacement): a builder call the class proof does not read as the builder's
# body where it stands.
UNREAD_CALLS = {
    "a computed argument": ("self.build(n_hidden, h0)", "self.build(n_hidden * 2, h0)"),
    "a parameter bound again": ("        h = tf.nn.tanh(", "        n_hidden = n_hidden + 1\n        h = tf.nn.tanh("),
    "an attribute bound again after the call": (
        "self.add_train_op(lr)",
        "self.add_train_op(self.lr)\n        self.lr = lr * 2",
    ),
    "a computed attribute argument": ("self.add_train_op(lr)", "self.add_train_op(self.n_in * lr)"),
}


def test_a_builder_passed_a_host_attribute_bound_before_the_call_is_read_with_its_value(tmp_path) -> None:
    """``self.add_train_op(self.lr)``: the attribute holds the constructor's float when the builder runs, so the
    builder is read with its parameter bound to it (attribute_arguments.py); the call stands as written."""
    source = BUILDER_ARGUMENTS.replace("self.add_train_op(lr)", "self.add_train_op(self.lr)", 1)
    text = migrated_with_the_baseline_numbers("builder_attribute_argument", source, tmp_path)
    assert "        self.add_train_op(self.lr)\n" in text and "    def add_train_op(self, lr):\n" in text, text


@pytest.mark.parametrize("case", UNREAD_CALLS)
def test_builder_calls_with_other_arguments_keep_the_graph_tier(case: str) -> None:
    source = BUILDER_ARGUMENTS.replace(*UNREAD_CALLS[case], 1)
    assert source != BUILDER_ARGUMENTS
    assert "calls method" in kept_in_graph_mode(source)


# A minimal reproduction of a namespace class of graph functions (``class lenet: def inference(x, keep)``, no
# ``self``, reached as ``lenet.inference(...)`` by the model class's constructor).
NAMESPACE = """import numpy as np
import tensorflow as tf

tf.set_random_seed(9)


class lenet:
    def inference(x, keep):
        w1 = tf.Variable(tf.random_normal([2, 8], stddev=0.3), name="w1")
        h = tf.nn.relu(tf.matmul(x, w1))
        h = h * keep
        w2 = tf.Variable(tf.random_normal([8, 1], stddev=0.3), name="w2")
        return tf.matmul(h, w2)


class Model(object):
    def __init__(self, lr):
        self.x = tf.placeholder(tf.float32, [None, 2])
        self.y = tf.placeholder(tf.float32, [None, 1])
        self.logits = lenet.inference(self.x, 0.5)
        self.loss = tf.reduce_mean(tf.square(self.logits - self.y))
        self.train_op = tf.train.GradientDescentOptimizer(lr).minimize(self.loss)

"""
NAMESPACE += MAIN.format("0.1", "loss", "sess.run(m.logits, {m.x: xs})")


@pytest.mark.parametrize("decorator", ["", "    @staticmethod\n"], ids=["plain", "staticmethod"])
def test_a_namespace_class_of_graph_functions_is_rewritten(decorator: str, tmp_path) -> None:
    """Its functions are proved as module functions and put back in the class, with the variables' factory the
    rewrite made beside them; the model class reaches them through the class as before."""
    source = NAMESPACE.replace("class lenet:\n", "class lenet:\n" + decorator)
    text = migrated_with_the_baseline_numbers("namespace_" + (decorator.strip()[1:] or "plain"), source, tmp_path)
    assert "class lenet:\n" + decorator + "    def inference_variables(seed=None, seed_1=None):\n" in text, text
    assert "\n\n" + decorator + "    def inference(w1, w2, x, keep):\n" in text, text
    assert "lenet.inference_variables(seed=0, seed_1=1)" in text and "lenet__" not in text, text


def test_a_namespace_class_also_constructed_keeps_the_graph_tier() -> None:
    """``lenet()`` makes an instance: the class is no namespace, and the class proof names it."""
    message = kept_in_graph_mode(NAMESPACE.replace("m = Model(0.1)\n", "m = Model(0.1)\nnet = lenet()\n"))
    assert "class `lenet` builds graph ops outside a constructor" in message


def test_a_base_from_another_module_is_named() -> None:
    """cy_rnn_time_series' ``class train(data_tool, RNNModel)`` (held-out 23): the bases the proof does not read,
    named, the one that is no class of the program's own said so."""
    source = BUILDER_ARGUMENTS.replace("import numpy as np\n", "import numpy as np\nfrom loader import Loader\n")
    source = source.replace("class Model(object):", "class Model(Loader):")
    expected = (
        "class `Model` builds graph ops and has a base class (not modelled): `Loader` (not a class of this module)"
    )
    assert expected in kept_in_graph_mode(source)
