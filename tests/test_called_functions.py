"""Refusals of a model class built in a function the program runs (session/called_functions.py): each names the one
condition that fails, on its line. Minimal reproductions of held-out shapes (a project template's trainer class
holding the model, a method's lambda reading its own local named like the caller's)."""

from __future__ import annotations

from program_checks import eager, run_in_a_shared_child
from session_harness import BASELINE_IMPORT

from tfmigrate.api import migrate_source
from tfmigrate.ftypes import Options

TEMPLATE = """import numpy as np
import tensorflow as tf


class ExampleModel:
    def __init__(self, config):
        self.x = tf.placeholder(tf.float32, [None, config["n_in"]])
        self.y = tf.placeholder(tf.float32, [None, 1])
        w = tf.Variable(tf.zeros([config["n_in"], 1]))
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, w) - self.y))
        self.train_step = tf.train.GradientDescentOptimizer(config["lr"]).minimize(self.loss)


class ExampleTrainer:
    def __init__(self, sess, model, config):
        self.sess = sess
        self.model = model
        self.config = config
        self.sess.run(tf.global_variables_initializer())

    def train(self, bx, by):
        for it in range(self.config["num_iter"]):
            _, loss = self.sess.run([self.model.train_step, self.model.loss], {self.model.x: bx, self.model.y: by})
            print(it, loss)


def main():
    config = {"n_in": 2, "lr": 0.05, "num_iter": 5}
    sess = tf.Session()
    model = ExampleModel(config)
    trainer = ExampleTrainer(sess, model, config)
    trainer.train(np.ones([3, 2], np.float32), np.ones([3, 1], np.float32))


if __name__ == "__main__":
    main()
"""

LAMBDA_LOCAL = """import numpy as np
import tensorflow as tf


class Seq(object):
    def __init__(self, num_classes, hidden_size):
        self.x = tf.placeholder(tf.float32, [None, 3])
        self.y = tf.placeholder(tf.float32, [None, num_classes])
        w = tf.Variable(tf.ones([3, hidden_size]) * 0.1)
        v = tf.Variable(tf.ones([hidden_size, num_classes]) * 0.1)
        scale = lambda t: t * (1.0 / hidden_size)
        self.loss = tf.reduce_mean(tf.square(tf.matmul(scale(tf.matmul(self.x, w)), v) - self.y))
        self.train_op = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)


def test():
    num_classes = 2
    hidden_size = 4
    model = Seq(num_classes, hidden_size)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(5):
            feed = {model.x: np.ones([2, 3], np.float32), model.y: np.ones([2, 2], np.float32)}
            loss, _ = sess.run([model.loss, model.train_op], feed)
            print(i, loss)


test()
"""


CHAIN = """import numpy as np
import tensorflow as tf


class TextModel(object):
    def __init__(self, n_in, lr):
        self.x = tf.placeholder(tf.float32, [None, n_in], name="x")
        self.y = tf.placeholder(tf.float32, [None, 1], name="y")
        self.w = tf.Variable(tf.ones([n_in, 1]) * 0.1, name="w")
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, self.w) - self.y))
        self.train_op = tf.train.GradientDescentOptimizer(lr).minimize(self.loss)


def train(x_train, y_train):
    model = TextModel(3, 0.1)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(5):
            loss, _ = sess.run([model.loss, model.train_op], {model.x: x_train, model.y: y_train})
            print(step, loss)
        saver.save(sess, "./chain_ckpt/model")
    checkpoint_dir = "./chain_ckpt"
    return checkpoint_dir


def eval_main(checkpoint_dir):
    checkpoint_file = tf.train.latest_checkpoint(checkpoint_dir)
    with tf.Session() as sess:
        saver = tf.train.import_meta_graph(checkpoint_file + ".meta")
        saver.restore(sess, checkpoint_file)


def main(argv=None):
    x_train, y_train = np.ones([4, 3], np.float32), np.ones([4, 1], np.float32)
    checkpoint_dir = train(x_train, y_train)
    eval_main(checkpoint_dir)


if __name__ == "__main__":
    tf.app.run()
"""


def _ours(source: str) -> list:
    return [f for f in migrate_source(source, Options(), "program.py").followups if f.code == "TFM201"]


def test_a_model_passed_to_a_trainer_class_is_named_as_such_at_the_construction() -> None:
    """The project template's ``trainer = ExampleTrainer(sess, model, config)``: the trainer would hold the instance
    (what the proof does not model), said at that line; not "`model` is bound again" at the trainer's parameter
    that shares the instance's name."""
    ours = _ours(TEMPLATE)
    assert len(ours) == 1, ours
    assert "instance `model` is passed to class `ExampleTrainer`, which would hold it" in ours[0].message, ours
    assert ours[0].line == 31 and "bound again" not in ours[0].message, ours


def test_a_methods_lambda_reading_its_own_local_is_no_global_read_of_the_callers_local() -> None:
    """``scale = lambda t: t * (1.0 / hidden_size)`` in ``__init__`` reads the constructor's parameter, not
    ``test()``'s local ``hidden_size``: ``test()`` is read where it is called, and what stops the proof is the
    lambda itself, on its line."""
    ours = _ours(LAMBDA_LOCAL)
    assert len(ours) == 1 and "not read where it is called" not in ours[0].message, ours
    assert "Lambda" in ours[0].message and ours[0].line == 11, ours
    free = LAMBDA_LOCAL.replace("lambda t: t * (1.0 / hidden_size)", "lambda t: t * (1.0 / num_units)")
    ours = _ours(free.replace("    hidden_size = 4\n", "    hidden_size = 4\n    num_units = 4\n"))
    assert "`num_units`, a local of function `test`, is read as a global by a lambda) (line 11)" in ours[0].message


def test_a_function_reading_tf_train_is_no_caller_of_train() -> None:
    """``tf.train.latest_checkpoint`` in ``eval_main`` names the attribute ``train``, not the function ``train``
    that constructs the class: ``main`` -> ``train`` is still read where each is called, and what stops the proof is
    ``eval_main``'s own Session, on its line."""
    ours = _ours(CHAIN)
    assert len(ours) == 1 and "not read where it is called" not in ours[0].message, ours
    assert "function `eval_main` opens a Session" in ours[0].message and "(line 29)" in ours[0].message, ours


# ``feed`` reads ``make_feed``'s parameter ``batch_size``, not the module's: ``main``'s local of that name shadows
# nothing another function reads (functions.global_reads, shared with called_functions.global_reader).
ENCLOSED = """import numpy as np
import tensorflow as tf

batch_size = 4
data = np.linspace(0.0, 1.0, 24, dtype=np.float32).reshape(12, 2)


def make_feed(batch_size):
    def feed(step):
        start = step * batch_size % len(data)
        return data[start : start + batch_size]

    return feed


def main():
    batch_size = 3
    feed = make_feed(batch_size)
    x = tf.placeholder(tf.float32, [None, 2])
    w = tf.Variable(np.full([2, 1], 0.5, dtype=np.float32), name="w")
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(4):
            _, l = sess.run([train, loss], feed_dict={x: feed(step)})
            print(step, l)
        print(sess.run(w).ravel())


if __name__ == "__main__":
    main()
"""


def test_a_nested_functions_read_of_its_enclosing_local_is_no_global_read(tmp_path) -> None:
    """Was the graph tier: "`batch_size` in function `main` shadows the module-level `batch_size`, which `feed`
    reads". Run against TF1: the same losses and weights."""
    migrated = eager(ENCLOSED)
    baseline = ENCLOSED.replace("import tensorflow as tf\n", BASELINE_IMPORT + "\n")
    printed = run_in_a_shared_child(baseline, tmp_path / "tf1", graph=True)
    assert run_in_a_shared_child(migrated, tmp_path / "tf2", graph=False) == printed
    assert printed.count("\n") == 5, printed
    # ``feed`` reading the module's ``batch_size`` itself would read ``main``'s local in the module-level proof
    direct = ENCLOSED.replace("def make_feed(batch_size):", "def make_feed(size):")
    ours = _ours(direct)
    assert any(
        "`batch_size` in function `main` shadows the module-level `batch_size`, which `make_feed` reads" in f.message
        for f in ours
    ), ours
