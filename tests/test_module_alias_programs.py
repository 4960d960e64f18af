"""TF1 programs that bind TensorFlow's modules to names of their own (``tfl = tf.layers``, ``tfn = tf.nn``,
``tft = tf.train``), in the shape of held-out set 29's VAE trainer (own code, reduced). TF2 has no ``tf.layers``:
a program kept in graph mode stopped at import on the binding left as ``tf.layers``; it now reads
``tf.compat.v1.layers`` on Keras 2 and prints the TF1 numbers. Without the lambda regularizer the eager tier takes
the same lines whole, through the aliases."""

from __future__ import annotations

from program_checks import assert_baseline_numbers, assert_session_free_with_baseline_numbers
from session_harness import Program, evaluate

PROGRAM = """\
import numpy as np
import tensorflow as tf

tfn = tf.nn
tfl = tf.layers
tft = tf.train

data = np.random.RandomState(0).rand(16, 6).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 6])
hidden = tfl.dense(x, 4, activation=tfn.relu, kernel_initializer=tf.constant_initializer(0.1){regularizer})
out = tfl.dense(hidden, 6, kernel_initializer=tf.constant_initializer(-0.05))
loss = tf.reduce_mean(tf.square(out - x)){reg_loss}
train = tft.AdamOptimizer(0.01).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        _, value = sess.run([train, loss], feed_dict={{x: data}})
        print(step, value)
"""
REGULARIZED = {
    "regularizer": ", kernel_regularizer=lambda w: 0.01 * tfn.l2_loss(w)",
    "reg_loss": " + tf.losses.get_regularization_loss()",
}
META = {"random": "none", "legacy_keras": True, "source": "tfmigrate", "licence": "Apache-2.0", "adapted": "-"}


def test_module_aliases_kept_in_graph_mode_run_with_the_baseline_numbers() -> None:
    """The lambda regularizer keeps graph mode (TF1 collected it): the binding reads tf.compat.v1.layers, the file
    sets TF_USE_LEGACY_KERAS, and the program prints the baseline's losses."""
    outcomes = evaluate(
        [
            Program("aliases_graph", PROGRAM.format(**REGULARIZED), META),
            Program("aliases_eager", PROGRAM.format(regularizer="", reg_loss=""), META),
        ]
    )
    graph = outcomes["aliases_graph"]
    assert not graph.session_free
    assert any(f.code == "TFM201" and "kernel_regularizer" in f.message for f in graph.migration.followups)
    assert "tfl = tf.compat.v1.layers\n" in (graph.migrated_text or "")
    assert 'os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")' in (graph.migrated_text or "")
    assert_baseline_numbers(graph)
    assert_session_free_with_baseline_numbers(outcomes["aliases_eager"])
