"""``_ = sess.run(train_op)``: TF1's None given to the throwaway ``_`` is not a use of the train op's value.

Blog scripts write it often (held-out set 18, ai_gan_test); the eager rewrite refused it with "the value of a training
op (None in TF1) is used", a false reason, where ``_, l = sess.run([train_op, loss])`` already went through. The
program rewritten eagerly prints the baseline's numbers on TF 2.21.
"""

from __future__ import annotations

import textwrap

import pytest
from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

PROGRAM = textwrap.dedent(
    """
    import numpy as np
    import tensorflow as tf

    x = tf.placeholder(tf.float32, shape=[None, 2])
    w = tf.Variable(tf.zeros([2, 1]))
    cost = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
    opt = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(4):
            {run}
            print(epoch, sess.run(cost, feed_dict={{x: np.ones([4, 2])}}))
    """
).lstrip()
RUNS = {
    "underscore": "_ = sess.run(opt, feed_dict={x: np.ones([4, 2])})",
    "underscore-list": "_ = sess.run([opt], feed_dict={x: np.ones([4, 2])})",
    # held-out set 21 (r1): a name bound to the run and read nowhere in the module (unread_results.py)
    "unread-name": "result = sess.run(opt, feed_dict={x: np.ones([4, 2])})",
    # held-out set 21 (r2): the run's list sliced or indexed past the train op at once (sliced_runs.py)
    "sliced": "kept = sess.run([opt, w], feed_dict={x: np.ones([4, 2])})[1:]",
    "indexed": "kept = sess.run([opt, w], feed_dict={x: np.ones([4, 2])})[1]",
}


@pytest.fixture(scope="module")
def outcomes():
    programs = [
        Program(f"discarded_{name.replace('-', '_')}", PROGRAM.format(run=run), {"random": "none", "source": "-"})
        for name, run in RUNS.items()
    ]
    return evaluate(programs)


@pytest.mark.parametrize("name", sorted(RUNS))
def test_a_train_op_result_given_to_underscore_is_discarded(name: str, outcomes) -> None:
    assert_session_free_with_baseline_numbers(outcomes[f"discarded_{name.replace('-', '_')}"])


def test_a_train_op_result_that_is_read_is_still_refused() -> None:
    read = PROGRAM.format(run="done = sess.run(opt, feed_dict={x: np.ones([4, 2])}); print(done)")
    assert any("the value of a training op" in r for r in reasons(read))


@pytest.mark.parametrize(
    "reader",
    ["print(result)", "del result", "print(locals())", "def show():\n    return result\n"],
    ids=["printed", "deleted", "locals", "read-in-another-scope"],
)
def test_a_bound_train_op_result_read_anywhere_is_still_refused(reader: str) -> None:
    """Any appearance of the name but a plain assignment target counts as a read, in any scope."""
    program = PROGRAM.format(run="result = sess.run(opt, feed_dict={x: np.ones([4, 2])})") + reader + "\n"
    assert any("the value of a training op" in r for r in reasons(program)), reasons(program)


@pytest.mark.parametrize("subscript", ["[0]", "[:1]", "[:]", "[-1:]", "[i:]"])
def test_a_subscript_that_keeps_the_train_op_or_is_not_literal_is_still_refused(subscript: str) -> None:
    run = "i = 0; kept = sess.run([opt, w], feed_dict={x: np.ones([4, 2])})" + subscript
    found = reasons(PROGRAM.format(run=run))
    assert any("the value of a training op" in r for r in found), found


MODEL_CLASS = textwrap.dedent(
    """
    import numpy as np
    import tensorflow as tf

    tf.set_random_seed(1)
    np.random.seed(1)


    class Model:
        def __init__(self, n_input, n_classes, learning_rate):
            self.x = tf.placeholder(tf.float32, [None, n_input])
            self.y = tf.placeholder(tf.float32, [None, n_classes])
            w = tf.Variable(tf.random_normal([n_input, n_classes], stddev=0.1))
            b = tf.Variable(tf.zeros([n_classes]))
            logits = tf.matmul(self.x, w) + b
            self.y_predicted = tf.nn.softmax(logits)
            self.loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=self.y, logits=logits))
            self.trainer = tf.train.GradientDescentOptimizer(learning_rate).minimize(self.loss)
            correct = tf.equal(tf.argmax(self.y_predicted, 1), tf.argmax(self.y, 1))
            self.accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
            self.sess = tf.Session()
            self.sess.run(tf.global_variables_initializer())

        def predict(self, x, y):
            result = self.sess.run(self.y_predicted, feed_dict={self.x: x, self.y: y})
            return result

        def optimize(self, x, y):
            result = self.sess.run(self.trainer, feed_dict={self.x: x, self.y: y})
            {extra}

        def cross_validate(self, x, y):
            result = self.sess.run(self.accuracy, feed_dict={self.x: x, self.y: y})
            return result


    data = np.random.rand(60, 4).astype(np.float32)
    labels = np.eye(3)[np.random.randint(0, 3, 60)].astype(np.float32)
    model = Model(n_input=4, n_classes=3, learning_rate=0.5)
    for step in range(30):
        bx, by = data[step % 6 * 10 : step % 6 * 10 + 10], labels[step % 6 * 10 : step % 6 * 10 + 10]
        model.optimize(bx, by)
        if step % 10 == 0:
            print(step, model.cross_validate(data, labels))
    print(model.predict(data[:3], labels[:3]))
    """
).lstrip()


def test_a_method_local_read_only_by_other_methods_is_unread() -> None:
    """Held-out set 21: ``optimize()``'s ``result`` is its own local; ``predict()`` and ``cross_validate()`` read
    locals of their own of the same spelling, which is no read of it (unread_results.py)."""
    program = Program(
        "discarded_method_local", MODEL_CLASS.replace("{extra}", "pass"), {"random": "seeded", "source": "-"}
    )
    assert_session_free_with_baseline_numbers(evaluate([program])["discarded_method_local"])


@pytest.mark.parametrize("extra", ["return result", "print(result)", "self.last = result", "del result"])
def test_a_method_local_read_in_its_own_method_is_still_refused(extra: str) -> None:
    found = reasons(MODEL_CLASS.replace("{extra}", extra))
    assert any("the value of a training op" in r for r in found), found
