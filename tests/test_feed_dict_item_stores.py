"""An item store into a feed dict built earlier (``feed_dict = feed_data(x, y, 0.5); feed_dict[model.keep_prob] =
1.0``, held-out 17 rank 4): the store is read as one entry of the dict replaced, not as the instance bound again; a
store adding a placeholder the dict was not built with is refused naming it. The rewrite's numbers:
tests/fixtures/TFM201/eager_feed_dict_entry_replaced (tests/test_eager_rewrite.py)."""

from __future__ import annotations

from program_checks import migrated_with_reasons, reasons_by_line

SOURCE = """\
import numpy as np
import tensorflow as tf


class Model:
    def __init__(self):
        self.x = tf.placeholder(tf.float32, [None, 2])
        self.y = tf.placeholder(tf.float32, [None, 1])
        self.keep_prob = tf.placeholder(tf.float32)
        self.w = tf.Variable(tf.ones([2, 1]))
        self.out = tf.nn.dropout(tf.matmul(self.x, self.w), self.keep_prob)
        self.loss = tf.reduce_mean(tf.square(self.out - self.y))


model = Model()


def feed_data(x_batch, y_batch, keep_prob):
    return {model.x: x_batch, model.y: y_batch, model.keep_prob: keep_prob}


xs = np.array([[1.0, 2.0], [2.0, 1.0]], np.float32)
ys = np.array([[5.0], [4.0]], np.float32)
session = tf.Session()
session.run(tf.global_variables_initializer())
feed_dict = feed_data(xs, ys, 0.5)
feed_dict[model.keep_prob] = 1.0
print(session.run(model.loss, feed_dict=feed_dict))
"""


def test_an_entry_replaced_keeps_the_store_keyed_by_the_placeholder_name() -> None:
    migrated, found = migrated_with_reasons(SOURCE)
    assert found == []
    assert migrated is not None
    assert 'feed_dict["model__keep_prob"] = 1.0\n' in migrated
    assert "Session" not in migrated


def test_an_entry_added_is_refused_naming_the_store() -> None:
    source = (
        SOURCE.replace("model.y: y_batch, model.keep_prob: keep_prob}", "model.y: y_batch}")
        .replace("feed_data(xs, ys, 0.5)", "feed_data(xs, ys)")
        .replace("y_batch, keep_prob):", "y_batch):")
    )
    found = reasons_by_line(source)
    assert len(found) == 1, found
    line, message = found[0]
    assert line == 27
    assert "an item store adds placeholder `self.keep_prob` to the feed dict `feed_dict`" in message, message
    assert "bound again" not in message
