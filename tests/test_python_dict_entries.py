"""sentdex's layer dicts (``{'f_fum': n_nodes_hl1, 'weight': tf.Variable(...), 'bias': tf.Variable(...)}``): a
Python entry beside the variables, read by the variables' keys alone, is the container of variables it is
(session/python_entries.py; tests/programs/ghasak_nltk_sentiment_featuresets.py proves the numbers); read any other
way, the report names that read (it said "tf.Variable is built inside an expression", which was half true)."""

from __future__ import annotations

import pytest
from program_checks import eager, reasons_by_line

SOURCE = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
n_nodes = 4
x = tf.placeholder('float', [None, 3])
y = tf.placeholder('float', [None, 2])
hidden = {'f_fum': n_nodes,
          'weight': tf.Variable(tf.random_normal([3, n_nodes])),
          'bias': tf.Variable(tf.random_normal([n_nodes]))}
output = {'f_fum': None,
          'weight': tf.Variable(tf.random_normal([n_nodes, 2])),
          'bias': tf.Variable(tf.random_normal([2]))}
l1 = tf.nn.relu(tf.matmul(x, hidden['weight']) + hidden['bias'])
prediction = tf.matmul(l1, output['weight']) + output['bias']
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=prediction, labels=y))
train = tf.train.AdamOptimizer(0.01).minimize(cost)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        _, c = sess.run([train, cost], feed_dict={x: np.ones((5, 3)), y: np.eye(2)[[0, 1, 0, 1, 0]]})
        print(c)
"""


def test_a_layer_dict_with_a_python_entry_is_rewritten_keeping_the_entry() -> None:
    migrated = eager(SOURCE)
    assert "hidden = {'f_fum': n_nodes," in migrated
    assert "tf.random.normal([3, n_nodes], seed=0)" in migrated  # TF1's op seeds, counted over the variables alone
    assert "tf.random.normal([2], seed=3)" in migrated


LOCAL = """\
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
n_nodes = 4
x = tf.placeholder('float', [None, 3])
y = tf.placeholder('float', [None, 2])


def model(data):
    hidden = {'f_fum': n_nodes,
              'weight': tf.Variable(tf.random_normal([3, n_nodes])),
              'bias': tf.Variable(tf.random_normal([n_nodes]))}
    output = {'f_fum': None,
              'weight': tf.Variable(tf.random_normal([n_nodes, 2])),
              'bias': tf.Variable(tf.random_normal([2]))}
    l1 = tf.nn.relu(tf.matmul(data, hidden['weight']) + hidden['bias'])
    return tf.matmul(l1, output['weight']) + output['bias']


cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=model(x), labels=y))
train = tf.train.AdamOptimizer(0.01).minimize(cost)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(3):
        _, c = sess.run([train, cost], feed_dict={x: np.ones((5, 3)), y: np.eye(2)[[0, 1, 0, 1, 0]]})
        print(c)
"""


def test_layer_dicts_built_in_the_model_function_are_rewritten_too() -> None:
    """sentdex's MNIST variant builds the dicts inside ``neural_network_model(data)``, called once."""
    migrated = eager(LOCAL)
    assert "tf.random.normal([n_nodes, 2], seed=2)" in migrated and "'f_fum': None," in migrated


@pytest.mark.parametrize(
    "read",
    [
        pytest.param("print(hidden['f_fum'])\n", id="the Python entry read"),
        pytest.param("print(len(hidden))\n", id="the dict read whole"),
        pytest.param("print(sorted(hidden.values(), key=str))\n", id="its values listed"),
    ],
)
def test_a_layer_dict_read_other_than_by_a_variable_key_names_that_read(read: str) -> None:
    found = reasons_by_line(SOURCE + read)
    assert len(found) == 1, found
    line, message = found[0]
    assert line == 23, found  # the read, appended after the program
    assert "`hidden` holds Python entries beside its variables and is read other than as `hidden['key']`" in message


def test_an_entry_of_a_graph_value_is_no_python_entry() -> None:
    source = SOURCE.replace("{'f_fum': n_nodes,", "{'f_fum': x,")
    assert "Python entries" not in " ".join(m for _, m in reasons_by_line(source))
    assert reasons_by_line(source)
