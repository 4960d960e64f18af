"""What keeps the suite's TensorFlow children cheap (issue 15: the suite on 2 cores in ten minutes): both kinds of
long-lived child (tests/session_harness.py's program runners, tests/interpreters.py's ``run_python``) freeze what
TensorFlow's import left before their first program (300,000 objects), and the state TensorFlow and Keras build on
first use after it, so the full collection after each program walks only what the programs made (0.2 CPU-s less
per program, a third of a child's CPU on tests/programs). Asked of fresh real children: after a Keras program, the
collector tracks a few thousand objects (``gc.get_objects()`` leaves the frozen out), not TensorFlow's."""

from __future__ import annotations

import os
from pathlib import Path

import interpreters
import session_harness
from timeouts import limit

KERAS_FIT = (
    "import tensorflow as tf\n"
    "model = tf.keras.Sequential([tf.keras.layers.Dense(3)])\n"
    "model.compile('sgd', 'mse')\n"
    "model.fit(tf.ones([4, 2]), tf.ones([4, 3]), verbose=0)\n"
    "print('fitted')\n"
)
TRACKED = "import gc\nprint(len(gc.get_objects()))\n"
# Frozen: 26 tracked objects after the Keras program; TensorFlow's import frozen alone, 10,000; nothing frozen, 300,000.
AT_MOST = 2_000


def test_the_harness_children_leave_tensorflow_and_keras_out_of_every_collection(tmp_path: Path) -> None:
    child = session_harness._Child(graph=False, legacy_keras=False)
    try:
        fitted = child.run(session_harness._job("fit", KERAS_FIT, tmp_path / "fit"), limit(300))
        tracked = child.run(session_harness._job("count", TRACKED, tmp_path / "count"), limit(300))
    finally:
        child.close()
    assert fitted.ok and fitted.stdout == "fitted\n", fitted.stderr
    assert tracked.ok and int(tracked.stdout) <= AT_MOST, tracked


def test_the_shared_interpreters_leave_tensorflow_and_keras_out_of_every_collection(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != interpreters.LEGACY_KERAS}
    child = interpreters._Interpreter({**environment, **interpreters.BASE_ENV}, ())
    job = {"argv": [], "cwd": str(tmp_path), "file": str(tmp_path / "program.py"), "path0": str(tmp_path)}
    try:
        fitted = child.run({**job, "source": KERAS_FIT}, limit(300))
        tracked = child.run({**job, "source": TRACKED}, limit(300))
    finally:
        child.close()
    assert fitted.ok and fitted.stdout == "fitted\n", fitted.stderr
    assert tracked.ok and int(tracked.stdout) <= AT_MOST, tracked
