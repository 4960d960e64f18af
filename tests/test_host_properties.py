"""TFM201 on the stock-RNN model classes' host properties (session/class_properties.py, property_bodies.py,
settled_attributes.py): ``model_name`` a ``%``-formatted text of int attributes with a suffix added under ``if
self.embed_size > 0:``, ``self.embed_size = embed_size or -1`` an operator over a parameter, a data class beside the
model with its own ``self.input_size``, and the folder property ``model_logs_dir`` the directory of numbered saves.
The mixin-based model: a base class's lazily computed ``model_name`` (``if self._this_model_name is None:
self._this_model_name = ...``) and folder properties. Run on real TensorFlow (tests/session_harness.py): session-free,
the TF1 numbers, resumed from the TF1 checkpoint; a Session, Saver or FileWriter created on first access is named."""

from __future__ import annotations

import pytest
from session_harness import Program, evaluate
from test_settled_attributes import reason_of

# Our own reproduction, in the shape of the stock-RNN programs (a data class, ``LstmRNN(sess, stock_count,
# lstm_size=..., input_size=..., embed_size=None)`` constructed in ``with tf.Session() as sess:`` in main, the graph
# built by ``self.build_graph()`` in the constructor, checkpoints numbered by the global step under the folder
# property), with a linear model for the LSTM and gradient descent for RMSProp (both other constructs).
STOCK = """import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(7)


class StockDataSet(object):
    def __init__(self, stock_sym, input_size=1, num_steps=3):
        self.stock_sym = stock_sym
        self.input_size = input_size
        self.num_steps = num_steps
        rng = np.random.RandomState(0)
        seq = rng.rand(40, input_size).astype(np.float32)
        self.train_X = np.array([seq[i : i + num_steps] for i in range(len(seq) - num_steps)])
        self.train_y = np.array([seq[i + num_steps] for i in range(len(seq) - num_steps)])

    def generate_one_epoch(self, batch_size):
        num_batches = len(self.train_X) // batch_size
        for j in range(num_batches):
            yield self.train_X[j * batch_size : (j + 1) * batch_size], self.train_y[j * batch_size : (j + 1) * batch_size]


class LstmRNN(object):
    def __init__(self, sess, stock_count, lstm_size=8, num_layers=1, num_steps=3, input_size=1, embed_size=None, logs_dir="logs", plots_dir="images"):
        self.sess = sess
        self.stock_count = stock_count
        self.lstm_size = lstm_size
        self.num_layers = num_layers
        self.num_steps = num_steps
        self.input_size = input_size
        self.use_embed = (embed_size is not None) and (embed_size > 0)
        self.embed_size = embed_size or -1
        self.logs_dir = logs_dir
        self.plots_dir = plots_dir
        self.build_graph()

    def build_graph(self):
        self.inputs = tf.placeholder(tf.float32, [None, self.num_steps, self.input_size], name="inputs")
        self.targets = tf.placeholder(tf.float32, [None, self.input_size], name="targets")
        flat = tf.reshape(self.inputs, [-1, self.num_steps * self.input_size])
        self.w = tf.Variable(tf.truncated_normal([self.num_steps * self.input_size, self.input_size], stddev=0.3), name="w")
        self.b = tf.Variable(tf.constant(0.1, shape=[self.input_size]), name="b")
        self.pred = tf.matmul(flat, self.w) + self.b
        self.loss = tf.reduce_mean(tf.square(self.pred - self.targets), name="loss_mse")
        self.optim = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss, name="rmsprop_optim")
        self.t_vars = tf.trainable_variables()
        self.saver = tf.train.Saver()

    def train(self, dataset, batch_size, max_epoch):
        tf.global_variables_initializer().run()
        global_step = self.load()
        print("loaded", global_step)
        for epoch in range(max_epoch):
            for batch_X, batch_y in dataset.generate_one_epoch(batch_size):
                global_step += 1
                train_loss, _ = self.sess.run([self.loss, self.optim], {self.inputs: batch_X, self.targets: batch_y})
            print(epoch, global_step, train_loss)
            self.save(global_step)

    @property
    def model_name(self):
        name = "stock_rnn_lstm%d_step%d_input%d" % (self.lstm_size, self.num_steps, self.input_size)
        if self.embed_size > 0:
            name += "_embed%d" % self.embed_size
        return name

    @property
    def model_logs_dir(self):
        model_logs_dir = os.path.join(self.logs_dir, self.model_name)
        if not os.path.exists(model_logs_dir):
            os.makedirs(model_logs_dir)
        return model_logs_dir

    def load(self):
        ckpt = tf.train.get_checkpoint_state(self.model_logs_dir)
        if ckpt and ckpt.model_checkpoint_path:
            self.saver.restore(self.sess, ckpt.model_checkpoint_path)
            return int(ckpt.model_checkpoint_path.split("-")[-1])
        return 0

    def save(self, step):
        self.saver.save(self.sess, os.path.join(self.model_logs_dir, "stock_rnn.model"), global_step=step)


def main():
    dataset = StockDataSet("SP500", input_size=1, num_steps=3)
    with tf.Session() as sess:
        rnn_model = LstmRNN(sess, 1, lstm_size=8, num_layers=1, num_steps=3, input_size=1, embed_size=None)
        rnn_model.train(dataset, 4, 3)
        print(sess.run(rnn_model.w).ravel())


if __name__ == "__main__":
    main()
"""

NAME = """    @property
    def model_name(self):
        name = "stock_rnn_lstm%d_step%d_input%d" % (self.lstm_size, self.num_steps, self.input_size)
        if self.embed_size > 0:
            name += "_embed%d" % self.embed_size
        return name
"""


def test_the_stock_models_host_properties_are_host_data_and_it_resumes_from_the_tf1_checkpoint(tmp_path) -> None:
    """Both properties kept as written; each numbered save reads ``self.model_logs_dir`` (the folder under
    ``logs/stock_rnn_lstm8_step3_input1``) where TF1 read it, numbered by the global step; the second run restores it."""
    name = "stock_properties"
    outcome = evaluate([Program(name, STOCK, {"random": "seeded", "checkpoint": "resume"})], root=tmp_path)[name]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    text = outcome.migrated_text or ""
    assert NAME in text and "self.model_name =" not in text and "self.model_logs_dir =" not in text, text
    assert "self.embed_size = embed_size or -1\n" in text, text
    assert 'self.checkpoint_manager.save(os.path.join(self.model_logs_dir, "stock_rnn.model"), step)' in text, text
    assert outcome.baseline_resume is not None and "loaded 27" in outcome.baseline_resume.stdout
    assert outcome.same_numbers, (outcome.numbers_match()[1], outcome.resume_match()[1])


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        pytest.param(
            '        name = "stock_rnn_lstm%d_step%d_input%d" % (self.lstm_size, self.num_steps, self.input_size)\n',
            "        name = self.t_vars\n",
            "@property `model_name` holds `if self.embed_size > 0:`, other than a local's binding",
            id="suffix of other than text",
        ),
        pytest.param(
            "        self.embed_size = embed_size or -1\n",
            "        self.embed_size = embed_size or len(self.t_vars)\n",
            "reads `self.embed_size`, which is not one constructor binding of host data",
            id="operator over other than parameters",
        ),
        pytest.param(
            "        if self.embed_size > 0:\n",
            "        if self.embed_size > 0:\n            print(name)\n",
            "@property `model_name` holds `if self.embed_size > 0:`, other than a local's binding",
            id="more under the if",
        ),
    ],
)
def test_a_property_other_than_text_over_settled_attributes_keeps_the_graph_tier(old, new, reason) -> None:
    source = STOCK.replace(old, new, 1)
    assert source != STOCK
    assert reason in reason_of(source)


# Our own reproduction of the mixin-based stock-RNN model: ``class BaseModelMixin`` holding the model name computed
# and cached on the first read, folder properties made on each read and the save/load methods; the model class
# deriving from it, given the Session, building the graph and the Saver in ``self.build_graph()``.
MIXIN = """import os

import numpy as np
import tensorflow as tf

tf.set_random_seed(7)


class BaseModelMixin(object):
    def __init__(self, model_name, saver_max_to_keep=5):
        self._saver_max_to_keep = saver_max_to_keep
        self._model_name = model_name
        self._this_model_name = None

    def save_model(self, step=None):
        self.saver.save(self.sess, os.path.join(self.checkpoint_dir, "stock_rnn.model"), global_step=step)

    def load_model(self):
        ckpt = tf.train.get_checkpoint_state(self.checkpoint_dir)
        if ckpt and ckpt.model_checkpoint_path:
            self.saver.restore(self.sess, ckpt.model_checkpoint_path)
            return int(ckpt.model_checkpoint_path.split("-")[-1])
        return 0

    @property
    def model_logs_dir(self):
        path = os.path.join("logs", "training_logs", self.model_name)
        if not os.path.exists(path):
            os.makedirs(path)
        return path

    @property
    def checkpoint_dir(self):
        path = os.path.join("logs", "checkpoints", self.model_name)
        if not os.path.exists(path):
            os.makedirs(path)
        return path

    @property
    def model_name(self):
        if self._this_model_name is None:
            self._this_model_name = "%s_lstm%d_step%d_input%d" % (self._model_name, self.lstm_size, self.num_steps, self.input_size)
        return self._this_model_name


class LstmRNN(BaseModelMixin):
    def __init__(self, sess, model_name, lstm_size=8, num_steps=3, input_size=1, saver_max_to_keep=5):
        super(LstmRNN, self).__init__(model_name, saver_max_to_keep)
        self.sess = sess
        self.lstm_size = lstm_size
        self.num_steps = num_steps
        self.input_size = input_size
        self.build_graph()

    def build_graph(self):
        self.inputs = tf.placeholder(tf.float32, [None, self.num_steps, self.input_size], name="inputs")
        self.targets = tf.placeholder(tf.float32, [None, self.input_size], name="targets")
        last = self.inputs[:, -1, :]
        self.w = tf.Variable(tf.random_normal([self.input_size, self.lstm_size], stddev=0.5), name="w")
        self.v = tf.Variable(tf.random_normal([self.lstm_size, self.input_size], stddev=0.5), name="v")
        self.pred = tf.matmul(tf.tanh(tf.matmul(last, self.w)), self.v)
        self.loss = tf.reduce_mean(tf.abs(self.pred - self.targets))
        self.optim = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)
        self.saver = tf.train.Saver(max_to_keep=self._saver_max_to_keep)

    def train(self, data_X, data_y, batch_size, max_epoch):
        self.sess.run(tf.global_variables_initializer())
        global_step = self.load_model()
        print("loaded", global_step)
        for epoch in range(max_epoch):
            for j in range(len(data_X) // batch_size):
                global_step += 1
                feed = {self.inputs: data_X[j * batch_size : (j + 1) * batch_size], self.targets: data_y[j * batch_size : (j + 1) * batch_size]}
                train_loss, _ = self.sess.run([self.loss, self.optim], feed)
            print(epoch, global_step, train_loss)
            self.save_model(step=global_step)


def main():
    rng = np.random.RandomState(0)
    seq = rng.rand(40, 1).astype(np.float32)
    data_X = np.array([seq[i : i + 3] for i in range(len(seq) - 3)])
    data_y = np.array([seq[i + 3] for i in range(len(seq) - 3)])
    with tf.Session() as sess:
        model = LstmRNN(sess, "stock_rnn", lstm_size=8, num_steps=3, input_size=1)
        model.train(data_X, data_y, 4, 3)
        print(sess.run(model.w).ravel())


if __name__ == "__main__":
    main()
"""

LAZY = """    @property
    def model_name(self):
        if self._this_model_name is None:
            self._this_model_name = "%s_lstm%d_step%d_input%d" % (self._model_name, self.lstm_size, self.num_steps, self.input_size)
        return self._this_model_name
"""


def _lazy(name: str, value: str) -> str:
    return f"    @property\n    def {name}(self):\n        if self._{name} is None:\n            self._{name} = {value}\n        return self._{name}\n"


def test_a_base_classs_lazily_cached_name_is_host_data_and_it_resumes_from_the_tf1_checkpoint(tmp_path) -> None:
    """The base class merged into the model (class_hierarchy.py, its properties with it), its constructor's
    ``self._model_name = model_name`` settled where ``super().__init__`` stands: ``model_name`` is its cached value,
    the properties and the base class come back as written, the numbered saves go under ``checkpoint_dir``."""
    name = "stock_mixin"
    outcome = evaluate([Program(name, MIXIN, {"random": "seeded", "checkpoint": "resume"})], root=tmp_path)[name]
    assert outcome.baseline.ok, outcome.baseline.stderr
    assert outcome.session_free, outcome.migrated_text
    text = outcome.migrated_text or ""
    assert LAZY in text and "class BaseModelMixin(object):" in text and "self.model_name =" not in text, text
    assert "        self._this_model_name = None\n" in text, text
    assert 'self.checkpoint_manager.save(os.path.join(self.checkpoint_dir, "stock_rnn.model"), step)' in text, text
    assert outcome.baseline_resume is not None and "loaded 27" in outcome.baseline_resume.stdout
    assert outcome.same_numbers, (outcome.numbers_match()[1], outcome.resume_match()[1])


@pytest.mark.parametrize(
    ("added", "reason"),
    [
        pytest.param(
            _lazy("sess", "tf.Session()"),
            "@property `sess` creates `tf.Session(...)` where it is first read (a Session, Saver or FileWriter",
            id="session",
        ),
        pytest.param(
            _lazy("saver", "tf.train.Saver(max_to_keep=self._saver_max_to_keep)"),
            "@property `saver` creates `tf.train.Saver(...)` where it is first read",
            id="saver",
        ),
        pytest.param(
            _lazy("writer", "tf.summary.FileWriter(self.model_logs_dir)"),
            "@property `writer` creates `tf.summary.FileWriter(...)` where it is first read",
            id="writer",
        ),
    ],
)
def test_a_graph_object_created_on_first_access_keeps_the_graph_tier(added, reason) -> None:
    source = MIXIN.replace(
        "    @property\n    def model_name(self):", added + "\n    @property\n    def model_name(self):"
    )
    assert source != MIXIN
    assert reason in reason_of(source)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            "        self._this_model_name = None\n", '        self._this_model_name = "fixed"\n', id="stored a value"
        ),
        pytest.param(
            "        self.build_graph()\n",
            "        self.build_graph()\n        print(self._this_model_name)\n",
            id="read elsewhere",
        ),
    ],
)
def test_a_cache_used_other_than_by_its_property_keeps_the_graph_tier(old, new) -> None:
    source = MIXIN.replace(old, new, 1)
    assert source != MIXIN
    assert "@property `model_name` caches its value in `self._this_model_name`, which the program stores" in reason_of(
        source
    )
