"""A helper that reads a file through a context manager and decodes it with ``tf.compat.as_str`` (the word2vec
tutorial's ``def read_data(filename): with zipfile.ZipFile(filename) as f: data = tf.compat.as_str(f.read(...)).
split()``; held-out set 25's xh_word2vec). tf.compat's text conversions (as_str, as_bytes, as_text, as_str_any) are
Python functions over str and bytes, no op, so such a helper is host code like any function naming no TensorFlow
(host_data.HOST_CALLS), and its ``with`` of a file is Python's. It was refused as a graph helper ("a `with` of
several items or with `as`", then "`vocabulary` is a graph value and is rebound by `del`"). Run on real TensorFlow:
session-free with the baseline's numbers. A ``with`` of a TensorFlow scope in a graph helper stays refused, saying so.
"""

from __future__ import annotations

from program_checks import assert_session_free_with_baseline_numbers, reasons
from session_harness import Program, evaluate

CORPUS = """\
import gzip
import zipfile

import numpy as np
import tensorflow as tf

with gzip.open('words.txt.gz', 'wt') as out:
    out.write('the cat saw the dog and the bird saw the cat')
with zipfile.ZipFile('words.zip', 'w') as archive:
    archive.writestr('words.txt', 'a b c a b a')


def read_gzip(path):
    with gzip.open(path, 'rb') as f:
        words = tf.compat.as_str(f.read()).split()
    return words


def read_zip(path):
    with zipfile.ZipFile(path) as f:
        text = tf.compat.as_text(f.read(f.namelist()[0]))
    return [tf.compat.as_bytes(word) for word in text.split()]


words = read_gzip('words.txt.gz')
letters = read_zip('words.zip')
vocabulary = sorted(set(words))
counts = np.array([words.count(word) for word in vocabulary], dtype=np.float32)
del words
print(len(vocabulary), len(letters), letters[0])
shares = counts / len(counts)
target = tf.constant(shares)
logits = tf.Variable(tf.zeros([len(vocabulary)]))
loss = tf.reduce_sum(tf.square(tf.nn.softmax(logits) - target))
train = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(4):
        _, value = sess.run([train, loss])
        print(step, value)
    print(sess.run(tf.nn.softmax(logits)))
"""


def test_file_reading_helpers_are_host_code_and_the_program_is_session_free() -> None:
    meta = {"random": "none", "source": "tfmigrate", "licence": "-"}
    outcome = evaluate([Program("host_text_readers", CORPUS, meta)])["host_text_readers"]
    reader = "with gzip.open(path, 'rb') as f:\n        words = tf.compat.as_str(f.read()).split()"
    assert reader in outcome.migrated_text and "del words" in outcome.migrated_text, outcome.migrated_text
    assert_session_free_with_baseline_numbers(outcome)


def test_a_file_and_a_tensorflow_scope_in_one_with_stay_refused() -> None:
    source = CORPUS.replace("with gzip.open(path, 'rb') as f:", "with gzip.open(path, 'rb') as f, tf.name_scope('r'):")
    found = reasons(source)
    assert len(found) == 1 and "function `read_gzip`: a `with` of several items or with `as` (line 14)" in found[0]


def test_a_tensorflow_scope_in_a_graph_helper_reading_a_file_stays_refused() -> None:
    source = CORPUS.replace(
        "def read_gzip(path):\n",
        "def read_gzip(path):\n    with tf.variable_scope('gzip'):\n        tf.get_variable('n', [1])\n",
    )
    found = reasons(source)
    why = "function `read_gzip`: `with tf.variable_scope` in a helper (only tf.name_scope(name) is modelled)"
    assert len(found) == 1 and why in found[0] and found[0].count("(line 14)") == 1, found
