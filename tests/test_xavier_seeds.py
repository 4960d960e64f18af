"""``tf.contrib.layers.xavier_initializer()`` in a seeded program the eager rewrite converts (seeds.py).

TF 1.15's contrib ``xavier_initializer(uniform=True)`` (tensorflow/contrib/layers/python/layers/initializers.py)
draws one ``random_uniform(shape, -limit, limit, seed=seed)`` with ``limit = sqrt(3 / ((fan_in + fan_out) / 2))``
when the variable is built. ``CONTRIB_XAVIER`` below restates that formula so the TF1 program runs on the TF 2.21
baseline, which has no contrib; it draws what ``tf.compat.v1.glorot_uniform_initializer`` draws for the same op
seeds, bit for bit, and the migrated program (glorot with TF1's op seed) prints the TF1 program's numbers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from interpreters import run_python
from program_checks import TF2_IMPORT, tf1_source

from tfmigrate import Options
from tfmigrate.api import migrate_source

CONTRIB_XAVIER = '''
import math


def contrib_xavier(uniform=True, seed=None, dtype=tf.float32):
    """TF 1.15's contrib variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=True)."""
    assert uniform

    def _initializer(shape, dtype=dtype, partition_info=None):
        fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
        fan_out = float(shape[-1])
        for dim in shape[:-2]:
            fan_in *= float(dim)
            fan_out *= float(dim)
        limit = math.sqrt(3.0 / ((fan_in + fan_out) / 2.0))
        return tf.random_uniform(shape, -limit, limit, dtype, seed=seed)

    return _initializer


'''
DRAWS = """
import numpy as np
tf.set_random_seed(3)
a = tf.get_variable("a", shape=[6, 3], initializer=INIT(seed=7))
z = tf.Variable(tf.random_normal([2]))
b = tf.get_variable("b", shape=[3, 3, 4, 5], initializer=INIT())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for value in sess.run([a, z, b]):
        print(" ".join("%r" % float(x) for x in np.ravel(value)))
"""
# tensorflow/models research/autoencoder (Apache-2.0) as the fixture holds it, with the source's
# ``xavier_initializer()`` for w1 and a Saver that resumes instead of the training report.
FIXTURE = Path(__file__).parent / "fixtures/TFM201/eager_class_autoencoder_weights_dict.before.py"
RESUME = """import os
import sys
saver = tf.train.Saver()
path = os.path.join(sys.argv[1], "ae.ckpt")
if os.path.exists(path + ".index"):
    saver.restore(autoencoder.sess, path)
else:
    for epoch in range(training_epochs):
        print("Cost:", autoencoder.partial_fit(get_random_block_from_data(X_train, batch_size)))
    saver.save(autoencoder.sess, path)
print("Total cost: " + str(autoencoder.calc_total_cost(X_test)))
print(autoencoder.getBiases())
print(autoencoder.getWeights())
"""


def _autoencoder() -> str:
    source = FIXTURE.read_text()
    source = source.replace(
        "initializer=tf.glorot_uniform_initializer(seed=1)", "initializer=tf.contrib.layers.xavier_initializer()"
    )
    # plain gradient descent: a Saver of the Adam slots of an optimizer passed to the constructor keeps the graph tier
    source = source.replace(
        "optimizer=tf.train.AdamOptimizer(learning_rate=0.01)", "optimizer=tf.train.GradientDescentOptimizer(0.01)"
    )
    assert "xavier_initializer()" in source and "GradientDescentOptimizer(0.01)" in source
    return source[: source.index("for epoch in range(training_epochs):")] + RESUME


def _tf1(source: str) -> str:
    """The TF1 program on the TF 2.21 baseline, contrib's xavier_initializer restated."""
    return tf1_source(source.replace("tf.contrib.layers.xavier_initializer", "contrib_xavier"), CONTRIB_XAVIER)


def _numbers(text: str) -> list[float]:
    return [float(x) for x in text.replace("[", " ").replace("]", " ").split() if x[:1].isdigit() or x[:1] == "-"]


def _run(source: str, cwd, *argv) -> str:
    done = run_python(source, argv=argv, cwd=cwd)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_contrib_xavier_draws_what_glorot_uniform_draws(tmp_path) -> None:
    """Seeded and unseeded, a matrix and a convolution kernel, after another op took a seed: equal bit for bit."""
    head = tf1_source(TF2_IMPORT, CONTRIB_XAVIER)  # the baseline's import, contrib's xavier restated
    contrib = _run(head + DRAWS.replace("INIT", "contrib_xavier"), tmp_path)
    glorot = _run(head + DRAWS.replace("INIT", "tf.glorot_uniform_initializer"), tmp_path)
    assert len(contrib.split()) == 6 * 3 + 2 + 3 * 3 * 4 * 5, contrib
    assert contrib == glorot
    assert _run(head + DRAWS.replace("INIT", "tf.glorot_normal_initializer"), tmp_path) != contrib


def test_the_autoencoder_with_xavier_runs_eagerly_with_tf1s_numbers_and_checkpoints(tmp_path) -> None:
    """The migrated autoencoder draws w1 as TF1 did (trains to the same costs from a fresh start), restores the TF1
    checkpoint (w1, Variable, Variable_1, Variable_2), and the TF1 program restores the migrated one's."""
    source = _autoencoder()
    result = migrate_source(source, Options(), "autoencoder.py")
    migrated = result.migrated or ""
    # the runner methods the script never calls stay as written, named by one follow-up (uncalled_methods.py)
    ours = [f.message for f in result.followups if f.code == "TFM201"]
    assert len(ours) == 1 and "methods `transform`, `generate`, `reconstruct` are called nowhere" in ours[0], ours
    assert "Session" not in migrated and "glorot_uniform_initializer(seed=0)" in migrated, migrated
    assert 'name="Variable_2"' in migrated, migrated
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    tf1 = _run(_tf1(source), tmp_path, old)
    fresh = _run(migrated, tmp_path, new)
    assert len(_numbers(tf1)) > 3
    np.testing.assert_allclose(_numbers(fresh), _numbers(tf1), rtol=1e-6)
    restored = _run(migrated, tmp_path, old)
    back = _run(_tf1(source), tmp_path, new)
    # the restored variables are TF1's; the cost after a restore reads the noise op's first draw, which the TF1
    # program restoring the migrated checkpoint also reads
    np.testing.assert_allclose(_numbers(restored)[1:], _numbers(tf1)[-21:], rtol=1e-6)
    np.testing.assert_allclose(_numbers(back), _numbers(restored), rtol=1e-6)


@pytest.mark.parametrize("argument", ["uniform=False", "False"])
def test_a_normal_xavier_keeps_the_graph_tier(argument) -> None:
    """``xavier_initializer(uniform=False)`` draws a truncated normal of spread sqrt(1.3 / n): not checked."""
    source = _autoencoder().replace("xavier_initializer()", f"xavier_initializer({argument})")
    ours = [f for f in migrate_source(source, Options(), "autoencoder.py").followups if f.code == "TFM201"]
    assert len(ours) == 1 and "tf.get_variable's initializer is not one whose seed tfmigrate checked" in ours[0].message
